// `npm start`'s broker security: the console's generated login in every mode, and the safe mode (SASL over
// TLS on the main port) with a real broker process, a real console runtime and kafkajs as another tool.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import kafkajs from 'kafkajs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerHandle } from '../e2e/fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../e2e/fixtures/built-in-broker.ts';
import { auditLog } from '../server/db/schema/index.ts';
import { BrokerChangeRecorder } from '../server/jobs/broker-change-recorder.ts';
import { createTestRuntime, type TestRuntime } from '../server/test-support/test-runtime.ts';
import { consoleSaslUser, parseBrokerSecurityMode, prepareBrokerSecurity, type BrokerSecurity } from './broker-security.ts';

describe('broker security modes', () => {
  it('accepts plaintext (the default), sasl_plaintext and sasl_ssl, and names the variable otherwise', () => {
    expect(parseBrokerSecurityMode(undefined)).toBe('plaintext');
    expect(parseBrokerSecurityMode('SASL_SSL')).toBe('sasl_ssl');
    expect(parseBrokerSecurityMode('sasl_plaintext')).toBe('sasl_plaintext');
    expect(() => parseBrokerSecurityMode('ssl')).toThrow(/SAMSA_BROKER_SECURITY.*plaintext, sasl_plaintext, sasl_ssl/);
  });

  it('in plaintext mode logs the console in on an extra SASL listener, with a password made for this start', async () => {
    const first = await prepareBrokerSecurity('plaintext', { SAMSA_BROKER_SASL_USERS: 'ops=ops-pw' }, '/nonexistent');
    const second = await prepareBrokerSecurity('plaintext', {}, '/nonexistent');
    expect(first.brokerArgs).toEqual(['--sasl-port', '0']);
    const env = first.consoleEnv({ host: '127.0.0.1', mainPort: 9092, extraPorts: new Map([['SASL_PLAINTEXT', 41234]]) });
    expect(env).toMatchObject({
      SAMSA_KAFKA_BOOTSTRAP: '127.0.0.1:41234',
      SAMSA_KAFKA_CLIENT_BOOTSTRAP: '127.0.0.1:9092',
      SAMSA_KAFKA_SASL_USERNAME: consoleSaslUser,
      SAMSA_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    });
    expect(env.SAMSA_KAFKA_SASL_PASSWORD.length).toBeGreaterThanOrEqual(40);
    expect(
      second.consoleEnv({ host: '127.0.0.1', mainPort: 9092, extraPorts: new Map([['SASL_PLAINTEXT', 1]]) }).SAMSA_KAFKA_SASL_PASSWORD,
    ).not.toBe(env.SAMSA_KAFKA_SASL_PASSWORD);
    // The operator's own users stay; the console's is added.
    expect(first.brokerEnv.SAMSA_BROKER_SASL_USERS).toBe(`ops=ops-pw,${consoleSaslUser}=${env.SAMSA_KAFKA_SASL_PASSWORD}`);
    expect(() => first.consoleEnv({ host: '127.0.0.1', mainPort: 9092, extraPorts: new Map() })).toThrow(/no SASL_PLAINTEXT listener/);
  });
});

describe('the safe mode: SASL over TLS on the main port', () => {
  let dataDir: string;
  let security: BrokerSecurity;
  let broker: BrokerHandle;
  let runtime: TestRuntime;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'samsa-safe-mode-'));
    security = await prepareBrokerSecurity('sasl_ssl', { SAMSA_BROKER_SASL_USERS: 'ops=ops-secret' }, dataDir);
    broker = await startBuiltInBroker({ args: security.brokerArgs, env: security.brokerEnv });
    runtime = await createTestRuntime('pglite', {
      cluster: { consoleEnv: security.consoleEnv({ host: '127.0.0.1', mainPort: broker.port, extraPorts: new Map() }) },
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await broker?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('generates a self-signed certificate once, its key readable by the owner only', async () => {
    expect(security.certificate).toMatchObject({ generated: true, certFile: path.join(dataDir, 'broker-tls/cert.pem') });
    expect((await stat(security.certificate!.keyFile)).mode & 0o777).toBe(0o600);
    const again = await prepareBrokerSecurity('sasl_ssl', {}, dataDir);
    expect(again.certificate).toMatchObject({ generated: false, certFile: security.certificate!.certFile });
  });

  it('lets the console work over SASL+TLS, records other tools’ changes with their principal and the console’s once', async () => {
    const suffix = Date.now().toString(36);
    const operator = await runtime.callerAs('operator');
    await operator.topics.create({ clusterId: 'built-in', name: `safe-console-${suffix}`, partitions: 1, replicationFactor: 1 });
    const listed = await operator.topics.list({ clusterId: 'built-in', search: `safe-console-${suffix}` });
    expect(JSON.stringify(listed)).toContain(`safe-console-${suffix}`);

    const ca = await readFile(security.certificate!.caFile, 'utf8');
    const admin = new kafkajs.Kafka({
      clientId: 'samsa-console-evil',
      brokers: [broker.bootstrap],
      ssl: { ca: [ca] },
      sasl: { mechanism: 'scram-sha-256', username: 'ops', password: 'ops-secret' },
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: `safe-ops-${suffix}` }] });
    } finally {
      await admin.disconnect();
    }
    const recorder = new BrokerChangeRecorder({
      db: runtime.db,
      clusterId: 'built-in',
      connection: runtime.config.kafkaConnection,
      log: () => {},
      logError: () => {},
    });
    await recorder.recordUntilCaughtUp();
    await recorder.stop();
    const consoleRows = await runtime.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.resourceName, `safe-console-${suffix}`));
    expect(consoleRows.map((row) => [row.action, row.actorRole])).toEqual([['topic.create', 'operator']]);
    const opsRows = await runtime.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.resourceName, `safe-ops-${suffix}`));
    expect(opsRows.map((row) => [row.action, row.actorName, row.actorRole])).toEqual([['topic.create', 'samsa-console-evil', 'external']]);
    expect(opsRows[0].parameters).toMatchObject({ saslPrincipal: 'ops' });
  });

  it('refuses a client without TLS and SASL on the main port', async () => {
    const anonymous = new kafkajs.Kafka({
      clientId: 'plain',
      brokers: [broker.bootstrap],
      connectionTimeout: 2_000,
      requestTimeout: 2_000,
      retry: { retries: 0 },
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await expect(anonymous.connect().then(() => anonymous.listTopics())).rejects.toThrow();
    await anonymous.disconnect();
  });
});
