// TLS listeners of the built-in broker (SSL and SASL_SSL) with a self-signed certificate made by openssl at
// test time: kcat and confluent-kafka-python verify it against that certificate as their CA.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { findFreePort } from '../fixtures/free-port.ts';
import { refusalWaitSeconds, runKcat } from '../fixtures/kcat.ts';
import { pythonBinary } from '../fixtures/repo-paths.ts';
import { assertSucceeded, runProcess } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

const confluentProduce = `
import json, sys
from confluent_kafka import Producer
bootstrap, topic, config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
producer = Producer({"bootstrap.servers": bootstrap, "message.timeout.ms": 20000, **config})
for i in range(4):
    producer.produce(topic, value=("tls-%d" % i).encode())
print(json.dumps({"undelivered": producer.flush(30)}))
`;

describe('TLS listeners with real clients', () => {
  let broker: BrokerHandle;
  let certDir: string;
  let certFile: string;
  let sslBootstrap: string;
  let saslSslBootstrap: string;

  beforeAll(async () => {
    certDir = await mkdtemp(path.join(tmpdir(), 'samsa-tls-'));
    certFile = path.join(certDir, 'cert.pem');
    const keyFile = path.join(certDir, 'key.pem');
    assertSucceeded(
      await runProcess(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
        ],
        { timeoutMs: 30_000 },
      ),
      'openssl req',
    );
    const [sslPort, saslSslPort] = [await findFreePort(), await findFreePort()];
    broker = await startBuiltInBroker({
      args: [
        '--tls-port',
        String(sslPort),
        '--sasl-tls-port',
        String(saslSslPort),
        '--tls-cert',
        certFile,
        '--tls-key',
        keyFile,
        '--sasl-user',
        'admin=admin-secret',
      ],
    });
    sslBootstrap = `127.0.0.1:${sslPort}`;
    saslSslBootstrap = `127.0.0.1:${saslSslPort}`;
  });
  afterAll(async () => {
    await broker?.stop();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  const ssl = () => ['-X', 'security.protocol=ssl', '-X', `ssl.ca.location=${certFile}`];
  const saslSsl = (password: string) => [
    '-X',
    'security.protocol=sasl_ssl',
    '-X',
    `ssl.ca.location=${certFile}`,
    '-X',
    'sasl.mechanisms=SCRAM-SHA-512',
    '-X',
    'sasl.username=admin',
    '-X',
    `sasl.password=${password}`,
  ];

  test('kcat produces and consumes over SSL, verifying the broker certificate', async () => {
    const topic = uniqueTopicName('tls-ssl');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    assertSucceeded(await runKcat(['-b', sslBootstrap, ...ssl(), '-P', '-t', topic], { stdin: 'a\nb\n' }), 'kcat -P over SSL');
    const consumed = assertSucceeded(
      await runKcat(['-b', sslBootstrap, ...ssl(), '-C', '-t', topic, '-o', 'beginning', '-e', '-q']),
      'kcat -C over SSL',
    );
    expect(consumed.stdout.trim().split('\n')).toEqual(['a', 'b']);
  });

  test('kcat produces and consumes over SASL_SSL with SCRAM-SHA-512, and a wrong password is refused', async () => {
    const topic = uniqueTopicName('tls-sasl');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    assertSucceeded(
      await runKcat(['-b', saslSslBootstrap, ...saslSsl('admin-secret'), '-P', '-t', topic], { stdin: 'x\ny\nz\n' }),
      'kcat -P over SASL_SSL',
    );
    const consumed = assertSucceeded(
      await runKcat(['-b', saslSslBootstrap, ...saslSsl('admin-secret'), '-C', '-t', topic, '-o', 'beginning', '-e', '-q']),
      'kcat -C over SASL_SSL',
    );
    expect(consumed.stdout.trim().split('\n')).toEqual(['x', 'y', 'z']);
    const refused = await runKcat(['-b', saslSslBootstrap, ...saslSsl('wrong'), '-L', '-m', refusalWaitSeconds], { timeoutMs: 20_000 });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/Authentication failed|SASL authentication error/i);
  });

  test('a client speaking plaintext to the SSL listener gets nothing', async () => {
    const result = await runKcat(['-b', sslBootstrap, '-L', '-m', refusalWaitSeconds], { timeoutMs: 20_000 });
    expect(result.exitCode).not.toBe(0);
  });

  test('confluent-kafka-python produces over SSL', async () => {
    const topic = uniqueTopicName('tls-confluent');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const config = { 'security.protocol': 'SSL', 'ssl.ca.location': certFile };
    const result = assertSucceeded(
      await runProcess(pythonBinary, ['-c', confluentProduce, sslBootstrap, topic, JSON.stringify(config)], { timeoutMs: 60_000 }),
      'confluent over SSL',
    );
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toEqual({ undelivered: 0 });
    const consumed = assertSucceeded(
      await runKcat(['-b', broker.bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q']),
      'kcat -C plaintext',
    );
    expect(consumed.stdout.trim().split('\n')).toEqual(['tls-0', 'tls-1', 'tls-2', 'tls-3']);
  });
});
