// SASL (PLAIN, SCRAM-SHA-256/512) on a second listener of the built-in broker, with real clients: kcat
// (librdkafka 2.0.2, SaslHandshake v1 + SaslAuthenticate), confluent-kafka-python, kafka-python 2.0.2 (v0
// handshake with raw tokens), the Java client (console producer/consumer, kafka-transactions describe-producers)
// and Kafka's kafka-configs (AlterUserScramCredentials). Also the metrics endpoint.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { findFreePort } from '../fixtures/free-port.ts';
import { refusalWaitSeconds, runKcat } from '../fixtures/kcat.ts';
import { kafkaTools, runKafkaTool } from '../fixtures/kafka-cli.ts';
import { pythonBinary } from '../fixtures/repo-paths.ts';
import { assertSucceeded, runProcess } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

const confluentRoundTrip = `
import json, sys, time
from confluent_kafka import Consumer, Producer, TopicPartition
bootstrap, topic, config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
producer = Producer({"bootstrap.servers": bootstrap, "message.timeout.ms": 20000, **config})
for i in range(5):
    producer.produce(topic, value=("confluent-%d" % i).encode())
assert producer.flush(30) == 0, "undelivered messages"
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "sasl-test", "enable.auto.commit": False, **config})
consumer.assign([TopicPartition(topic, 0, 0)])
values, deadline = [], time.time() + 30
while len(values) < 5 and time.time() < deadline:
    message = consumer.poll(1.0)
    if message is None:
        continue
    if message.error():
        raise Exception(str(message.error()))
    values.append(message.value().decode())
consumer.close()
print(json.dumps(values))
`;

const kafkaPythonRoundTrip = `
import json, sys
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
bootstrap, topic, mechanism, user, password = sys.argv[1:6]
security = dict(security_protocol="SASL_PLAINTEXT", sasl_mechanism=mechanism, sasl_plain_username=user, sasl_plain_password=password)
producer = KafkaProducer(bootstrap_servers=bootstrap, **security)
for i in range(3):
    producer.send(topic, value=("kafka-python-%d" % i).encode()).get(timeout=30)
producer.close()
consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=10000, **security)
consumer.assign([TopicPartition(topic, 0)])
consumer.seek(TopicPartition(topic, 0), 0)
values = []
for message in consumer:
    values.append(message.value.decode())
    if len(values) == 3:
        break
consumer.close()
print(json.dumps(values))
`;

describe('SASL listener with real clients', () => {
  let broker: BrokerHandle;
  let saslBootstrap: string;
  let metricsUrl: string;

  beforeAll(async () => {
    const [saslPort, metricsPort] = [await findFreePort(), await findFreePort()];
    broker = await startBuiltInBroker({
      args: ['--sasl-port', String(saslPort), '--sasl-user', 'admin=admin-secret', '--metrics-port', String(metricsPort)],
    });
    saslBootstrap = `127.0.0.1:${saslPort}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  });
  afterAll(async () => {
    await broker?.stop();
  });

  const kcatSasl = (mechanism: string, user: string, password: string) => [
    '-b',
    saslBootstrap,
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    '-X',
    `sasl.mechanisms=${mechanism}`,
    '-X',
    `sasl.username=${user}`,
    '-X',
    `sasl.password=${password}`,
  ];

  async function kcatRoundTrip(mechanism: string, user: string, password: string): Promise<string[]> {
    const topic = uniqueTopicName(`sasl-kcat-${mechanism.toLowerCase()}`);
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const auth = kcatSasl(mechanism, user, password);
    assertSucceeded(await runKcat([...auth, '-P', '-t', topic], { stdin: 'one\ntwo\nthree\n' }), `kcat -P (${mechanism})`);
    const consumed = assertSucceeded(await runKcat([...auth, '-C', '-t', topic, '-o', 'beginning', '-e', '-q']), `kcat -C (${mechanism})`);
    return consumed.stdout.trim().split('\n');
  }

  test.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])('kcat produces and consumes over SASL %s', async (mechanism) => {
    expect(await kcatRoundTrip(mechanism, 'admin', 'admin-secret')).toEqual(['one', 'two', 'three']);
  });

  test('kcat with a wrong password is refused with an authentication error', async () => {
    const result = await runKcat([...kcatSasl('SCRAM-SHA-256', 'admin', 'wrong'), '-L', '-m', refusalWaitSeconds], { timeoutMs: 20_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/Authentication failed|SASL authentication error/i);
  });

  test('a client without SASL gets no metadata from the SASL listener', async () => {
    const result = await runKcat(['-b', saslBootstrap, '-L', '-m', refusalWaitSeconds], { timeoutMs: 20_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).not.toMatch(/broker 1 at/);
  });

  test.each(['PLAIN', 'SCRAM-SHA-512'])('confluent-kafka-python produces and consumes over SASL %s', async (mechanism) => {
    const topic = uniqueTopicName('sasl-confluent');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const config = {
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanisms': mechanism,
      'sasl.username': 'admin',
      'sasl.password': 'admin-secret',
    };
    const result = assertSucceeded(
      await runProcess(pythonBinary, ['-c', confluentRoundTrip, saslBootstrap, topic, JSON.stringify(config)], { timeoutMs: 90_000 }),
      'confluent round trip',
    );
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toEqual([
      'confluent-0',
      'confluent-1',
      'confluent-2',
      'confluent-3',
      'confluent-4',
    ]);
  });

  test.each(['PLAIN', 'SCRAM-SHA-256'])('kafka-python produces and consumes over SASL %s (v0 handshake)', async (mechanism) => {
    const topic = uniqueTopicName('sasl-kafka-python');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const result = assertSucceeded(
      await runProcess(pythonBinary, ['-c', kafkaPythonRoundTrip, saslBootstrap, topic, mechanism, 'admin', 'admin-secret'], {
        timeoutMs: 90_000,
      }),
      'kafka-python round trip',
    );
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toEqual(['kafka-python-0', 'kafka-python-1', 'kafka-python-2']);
  });

  test('a user added with kafka-configs (AlterUserScramCredentials) logs in with kcat', async () => {
    const args = [
      '--bootstrap-server',
      broker.bootstrap,
      '--alter',
      '--add-config',
      'SCRAM-SHA-256=[iterations=8192,password=bob-secret]',
      '--entity-type',
      'users',
      '--entity-name',
      'bob',
    ];
    assertSucceeded(await runKafkaTool(kafkaTools.configs, args), 'kafka-configs --alter users');
    expect(await kcatRoundTrip('SCRAM-SHA-256', 'bob', 'bob-secret')).toEqual(['one', 'two', 'three']);
    const refused = await runKcat([...kcatSasl('SCRAM-SHA-512', 'bob', 'bob-secret'), '-L', '-m', refusalWaitSeconds], {
      timeoutMs: 20_000,
    });
    expect(refused.exitCode).not.toBe(0);
  });

  test('the Java console producer and consumer work over SCRAM-SHA-256, and kafka-transactions describes the producer', async () => {
    const topic = uniqueTopicName('sasl-java');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const jaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="admin-secret";';
    const properties = ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=SCRAM-SHA-256', `sasl.jaas.config=${jaas}`];
    const produced = await runKafkaTool(
      kafkaTools.consoleProducer,
      ['--bootstrap-server', saslBootstrap, '--topic', topic, ...properties.flatMap((p) => ['--command-property', p])],
      { stdin: 'j1\nj2\nj3\n' },
    );
    assertSucceeded(produced, 'kafka-console-producer over SASL');
    const consumed = assertSucceeded(
      await runKafkaTool(kafkaTools.consoleConsumer, [
        '--bootstrap-server',
        saslBootstrap,
        '--topic',
        topic,
        '--partition',
        '0',
        '--offset',
        'earliest',
        '--max-messages',
        '3',
        '--timeout-ms',
        '20000',
        ...properties.flatMap((p) => ['--command-property', p]),
      ]),
      'kafka-console-consumer over SASL',
    );
    expect(consumed.stdout.trim().split('\n')).toEqual(['j1', 'j2', 'j3']);
    const configDir = await mkdtemp(path.join(tmpdir(), 'samsa-sasl-java-'));
    try {
      const configFile = path.join(configDir, 'client.properties');
      await writeFile(configFile, properties.join('\n') + '\n');
      const described = assertSucceeded(
        await runKafkaTool('org.apache.kafka.tools.TransactionsCommand', [
          '--bootstrap-server',
          saslBootstrap,
          '--command-config',
          configFile,
          'describe-producers',
          '--topic',
          topic,
          '--partition',
          '0',
        ]),
        'kafka-transactions describe-producers',
      );
      // Header line, then one row per producer: ProducerId ProducerEpoch LatestCoordinatorEpoch LastSequence ...
      const rows = described.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/));
      expect(rows).toHaveLength(1);
      expect(Number(rows[0][0])).toBeGreaterThanOrEqual(0);
      expect(rows[0][3]).toBe('2');
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }
  });

  test('the metrics endpoint shows per-topic counters that move after a produce', async () => {
    const topic = uniqueTopicName('sasl-metrics');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const series = `samsa_topic_records_in_total{topic="${topic}"}`;
    const readMetrics = async () => {
      const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) })).text();
      const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
      return { text, records: line === undefined ? 0 : Number(line.slice(series.length + 1)) };
    };
    expect((await readMetrics()).records).toBe(0);
    assertSucceeded(
      await runKcat([...kcatSasl('PLAIN', 'admin', 'admin-secret'), '-P', '-t', topic], { stdin: 'a\nb\nc\nd\n' }),
      'kcat -P',
    );
    const after = await readMetrics();
    expect(after.records).toBe(4);
    expect(after.text).toMatch(/samsa_sasl_authentications_total\{mechanism="PLAIN",result="success"\} [1-9]/);
    expect(after.text).toMatch(/samsa_requests_total\{api="SaslAuthenticate"\} [1-9]/);
  });
});
