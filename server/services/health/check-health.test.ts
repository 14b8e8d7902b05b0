import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerChangeRecorderStatus } from '../../jobs/broker-change-recorder.ts';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { brokerChangesHealth } from './broker-changes-health.ts';
import { checkHealth } from './check-health.ts';
import { healthForCaller } from './health-for-caller.ts';
import { builtInClusterId } from '../clusters/cluster-registry.ts';

describe('checkHealth', () => {
  let cluster: TestCluster;
  let healthy: TestRuntime;
  let brokerless: TestRuntime;
  beforeAll(async () => {
    cluster = await startTestCluster();
    healthy = await createTestRuntime('pglite', { cluster });
    brokerless = await createTestRuntime('pglite', { kafkaBootstrap: '127.0.0.1:1' });
  });
  afterAll(async () => {
    // The test runtime's close() leaves the jobs alone; they write to its database.
    await healthy?.brokerChanges.stop();
    await brokerless?.brokerChanges.stop();
    await healthy?.close();
    await brokerless?.close();
    await cluster?.stop();
  });

  it('reports the database and the broker as up', async () => {
    const health = await checkHealth(healthy);
    expect(health).toMatchObject({
      ok: true,
      database: { ok: true, kind: 'pglite' },
      broker: { ok: true, bootstrap: cluster.consoleEnv.SAMSA_KAFKA_BOOTSTRAP },
    });
  });

  it('reports an unreachable broker with its error while the database stays up', async () => {
    const health = await checkHealth(brokerless);
    expect(health.ok).toBe(false);
    expect(health.database.ok).toBe(true);
    expect(health.broker.ok).toBe(false);
    expect(health.broker.detail).toMatch(/No bootstrap broker answered a new connection: 127\.0\.0\.1:1: /);
  });

  it('includes the broker-change recorder, healthy when it is not running in this process', async () => {
    const health = await checkHealth(healthy);
    expect(health.brokerChanges).toMatchObject({ ok: true, state: 'stopped', detail: 'not running in this process' });
  });

  it('stays healthy once the recorder runs against the broker', async () => {
    healthy.brokerChanges.start();
    // 'recording' on Samsa's broker; 'topicAbsent' when the tests target a real Apache Kafka.
    await expect.poll(() => healthy.brokerChanges.status().state, { timeout: 10_000, interval: 50 }).toMatch(/^(recording|topicAbsent)$/);
    const health = await checkHealth(healthy);
    expect(health.ok).toBe(true);
    expect(health.brokerChanges.ok).toBe(true);
    expect(health.brokerChanges.state).toBe(healthy.brokerChanges.status().state);
  });

  it('reports a failing recorder as unhealthy, with its last error', async () => {
    brokerless.brokerChanges.start();
    await expect.poll(() => brokerless.brokerChanges.status().state, { timeout: 10_000, interval: 50 }).toBe('failing');
    const health = await checkHealth(brokerless);
    expect(health.brokerChanges.ok).toBe(false);
    expect(health.brokerChanges.lastError).toBeTruthy();
    expect(health.brokerChanges.detail).toContain(`failing, retrying: ${health.brokerChanges.lastError}`);
  });
});

describe('checkHealth as a new client sees the broker, and the audit log', () => {
  let cluster: TestCluster;
  let proxy: net.Server;
  const proxied: net.Socket[] = [];
  let runtime: TestRuntime;
  beforeAll(async () => {
    cluster = await startTestCluster();
    // The console bootstraps through this proxy; connections it already holds keep working after the proxy
    // stops accepting, as a broker out of file descriptors keeps its open connections.
    const [brokerHost, brokerPort] = cluster.bootstrap.split(':');
    proxy = net.createServer((client) => {
      const broker = net.connect(Number(brokerPort), brokerHost);
      proxied.push(client, broker);
      client.pipe(broker).pipe(client);
      client.on('error', () => broker.destroy());
      broker.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as net.AddressInfo;
    runtime = await createTestRuntime('pglite', { kafkaBootstrap: `127.0.0.1:${port}` });
  }, 180_000);
  afterAll(async () => {
    await runtime?.close();
    if (proxy?.listening) proxy.close();
    for (const socket of proxied) socket.destroy();
    await cluster?.stop();
  });

  it('reports the broker unhealthy once it accepts no new connection, though pooled ones still answer', async () => {
    const before = await checkHealth(runtime);
    expect(before.broker).toMatchObject({ ok: true });
    expect(before.broker.detail).toMatch(/a new connection to 127\.0\.0\.1:\d+ answered ApiVersions and Metadata/);
    proxy.close();
    // The runtime's own clients still reach the broker over the connections they hold.
    await expect(runtime.clusters.metadata(builtInClusterId, { fresh: true })).resolves.toMatchObject({ brokers: [expect.anything()] });
    const after = await checkHealth(runtime);
    expect(after.ok).toBe(false);
    expect(after.broker.ok).toBe(false);
    expect(after.broker.detail).toMatch(/No bootstrap broker answered a new connection/);
  });

  it('reports the audit log not writable while the database refuses writes, and writable again after', async () => {
    expect((await checkHealth(runtime)).auditLog).toEqual({ ok: true, detail: 'writable' });
    // PGlite is one session: every later statement of this runtime runs read-only until it is set back.
    await runtime.db.execute(sql`set default_transaction_read_only = on`);
    try {
      const health = await checkHealth(runtime);
      expect(health.ok).toBe(false);
      expect(health.database.ok).toBe(true);
      expect(health.auditLog).toEqual({ ok: false, detail: 'Changes are refused: the database session is read-only.' });
    } finally {
      await runtime.db.execute(sql`set default_transaction_read_only = off`);
    }
    expect((await checkHealth(runtime)).auditLog.ok).toBe(true);
  });
});

describe('brokerChangesHealth', () => {
  const status = (
    state: BrokerChangeRecorderStatus['state'],
    extra: Partial<BrokerChangeRecorderStatus> = {},
  ): BrokerChangeRecorderStatus => ({
    state,
    nextOffset: null,
    recordedCount: 0,
    skippedOwnCount: 0,
    gapCount: 0,
    lastError: null,
    lastErrorAt: null,
    ...extra,
  });

  it('fails only in the failing state: starting, recording (catching up included) and an absent topic are healthy', () => {
    const okByState = Object.fromEntries(
      (['stopped', 'starting', 'recording', 'topicAbsent', 'failing'] as const).map((state) => [
        state,
        brokerChangesHealth(status(state)).ok,
      ]),
    );
    expect(okByState).toEqual({ stopped: true, starting: true, recording: true, topicAbsent: true, failing: false });
  });

  it('passes the recorder status through and describes its position', () => {
    const recording = brokerChangesHealth(status('recording', { nextOffset: '42', recordedCount: 7, skippedOwnCount: 3 }));
    expect(recording).toMatchObject({ state: 'recording', nextOffset: '42', recordedCount: 7, skippedOwnCount: 3 });
    expect(recording.detail).toBe('recording at offset 42, 7 change(s) recorded since start');
    expect(recording.feedGap).toBeNull();
  });

  it('flags a gap in the change feed in its detail without making the console unhealthy', () => {
    const gap = { fromOffset: '3', toOffset: '9', lostCount: '7', detectedAt: '2026-01-02T03:04:05.000Z' };
    const health = brokerChangesHealth(status('recording', { nextOffset: '10' }), gap);
    expect(health).toMatchObject({ ok: true, feedGap: gap });
    expect(health.detail).toBe(
      'recording at offset 10, 0 change(s) recorded since start; GAP: 7 change(s) at offsets 3..9 were removed before they were recorded (found 2026-01-02T03:04:05.000Z, see audit.detectGap)',
    );
  });
});

describe('health for callers', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime('pglite', { kafkaBootstrap: '127.0.0.1:1' });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  async function cookieOf(role: 'viewer' | 'operator'): Promise<Headers> {
    const { createAccount } = await import('../../auth/create-account.ts');
    const username = `${role}_health`;
    await createAccount(runtime.auth, { username, name: username, password: 'health-password', role });
    const response = await runtime.auth.handler(
      new Request('http://127.0.0.1:3000/api/auth/sign-in/username', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000' },
        body: JSON.stringify({ username, password: 'health-password' }),
      }),
    );
    return new Headers({ cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] });
  }

  it('gives anonymous callers and viewers status words only, operators the details', async () => {
    const anonymous = await healthForCaller(runtime, new Headers());
    expect(anonymous).toEqual({ ok: false, database: 'ok', auditLog: 'ok', broker: 'failing', brokerChanges: 'ok' });
    expect(JSON.stringify(anonymous)).not.toMatch(/127\.0\.0\.1|Cannot/);
    expect(await healthForCaller(runtime, await cookieOf('viewer'))).toEqual(anonymous);
    const detailed = await healthForCaller(runtime, await cookieOf('operator'));
    expect(detailed).toMatchObject({
      ok: false,
      broker: { ok: false, bootstrap: '127.0.0.1:1', detail: expect.stringMatching(/No bootstrap broker answered a new connection/) },
    });
  });
});
