// Integration: changes made to a real built-in broker by kafkajs (another tool) and through the console,
// recorded by the broker-change recorder into both databases.
import { Admin } from '@platformatic/kafka';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltInBroker } from '../../e2e/fixtures/built-in-broker.ts';
import type { BrokerHandle } from '../../e2e/fixtures/broker-handle.ts';
import { startBuiltInTestCluster, type BuiltInTestCluster } from '../test-support/test-cluster.ts';
import { auditLog } from '../db/schema/index.ts';
import { databaseKinds } from '../test-support/test-database.ts';
import { checkHealth } from '../services/health/check-health.ts';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { BrokerChangeRecorder, type BrokerChangeRecorderOptions } from './broker-change-recorder.ts';

// Starting and migrating a fresh PGlite takes seconds on an idle machine and about a minute on a loaded one.
const pgliteTestTimeoutMs = 180_000;

let cluster: BuiltInTestCluster;
let broker: BrokerHandle;
beforeAll(async () => {
  // The admin-change topic exists only on Samsa's own broker, so this test does not follow SAMSA_INTEROP_TARGET.
  cluster = await startBuiltInTestCluster();
  broker = cluster.broker;
});
afterAll(async () => {
  await broker?.stop();
});

/** The admin-change topic's log start offset, as any client sees it. */
async function earliestAdminChangeOffset(bootstrap: string): Promise<bigint> {
  let low = -1n;
  await withKafkajsAdmin(
    'offsets-probe',
    async (admin) => {
      const [partition] = await admin.fetchTopicOffsets('__samsa_admin_changes');
      low = BigInt(partition.low);
    },
    bootstrap,
  );
  return low;
}

/** Runs work with a kafkajs admin client: a tool other than the console, with its own client id. */
async function withKafkajsAdmin(
  clientId: string,
  work: (admin: kafkajs.Admin) => Promise<void>,
  bootstrap = broker.bootstrap,
): Promise<void> {
  const admin = new kafkajs.Kafka({ clientId, brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.disconnect();
  }
}

describe.each(databaseKinds)('recording other tools’ broker changes in %s', (kind) => {
  let runtime: TestRuntime;
  const recorders: BrokerChangeRecorder[] = [];
  const loggedErrors: string[] = [];
  const suffix = `${kind}-${Date.now().toString(36)}`;

  const newRecorder = (options: Partial<BrokerChangeRecorderOptions> = {}) => {
    const recorder = new BrokerChangeRecorder({
      db: runtime.db,
      clusterId: 'built-in',
      connection: runtime.config.kafkaConnection,
      log: () => {},
      logError: (line) => loggedErrors.push(line),
      ...options,
    });
    recorders.push(recorder);
    return recorder;
  };
  const rowsFor = (resourceName: string) =>
    runtime.db.select().from(auditLog).where(eq(auditLog.resourceName, resourceName)).orderBy(auditLog.id);

  beforeAll(async () => {
    runtime = await createTestRuntime(kind, { cluster });
  }, pgliteTestTimeoutMs);
  afterAll(async () => {
    await Promise.all(recorders.map((recorder) => recorder.stop()));
    await runtime?.close();
  });

  it('records topic and group changes made with kafkajs, attributed to its client id and address', async () => {
    const clientId = `kafkajs-ops-${suffix}`;
    const topic = `external-${suffix}`;
    const group = `group-${suffix}`;
    await withKafkajsAdmin(clientId, async (admin) => {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
      await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    });
    // An offset reset as admin tools do it (OffsetCommit outside a group generation), by a third tool.
    const resetTool = new Admin({ clientId: `reset-tool-${suffix}`, bootstrapBrokers: [broker.bootstrap] });
    try {
      await resetTool.alterConsumerGroupOffsets({
        groupId: group,
        topics: [{ name: topic, partitionOffsets: [{ partition: 1, offset: 0n }] }],
      });
    } finally {
      await resetTool.close();
    }
    await withKafkajsAdmin(clientId, (admin) => admin.deleteGroups([group]).then(() => {}));
    const recorded = await newRecorder().recordUntilCaughtUp();
    expect(recorded).toBeGreaterThanOrEqual(4);

    const topicRows = await rowsFor(topic);
    expect(topicRows.map((row) => row.action)).toEqual(['topic.create', 'topic.createPartitions']);
    expect(topicRows[0]).toMatchObject({
      actorName: clientId,
      actorRole: 'external',
      actorUserId: null,
      clusterId: 'built-in',
      resourceType: 'topic',
      outcome: 'succeeded',
      parameters: { partitions: 2 },
    });
    expect(topicRows[0].clientAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(topicRows[0].requestId).toMatch(/^__samsa_admin_changes@\d+$/);
    expect(topicRows[0].completedAt).toBeInstanceOf(Date);
    const groupRows = await rowsFor(group);
    expect(groupRows.map((row) => [row.action, row.actorName])).toEqual([
      ['group.commitOffsets', `reset-tool-${suffix}`],
      ['group.delete', clientId],
    ]);
    expect(groupRows[0]).toMatchObject({ resourceType: 'group', parameters: { offsets: [{ topic, partition: 1, offset: '0' }] } });

    const operator = await runtime.callerAs('operator');
    const viewed = await operator.audit.list({ actor: clientId });
    expect(viewed.rows.map((row) => row.action).sort()).toEqual(['group.delete', 'topic.create', 'topic.createPartitions']);
  });

  it('records each change once across restarts and concurrent recorders', async () => {
    const clientId = `kafkajs-restart-${suffix}`;
    const first = `restart-a-${suffix}`;
    const second = `restart-b-${suffix}`;
    await withKafkajsAdmin(clientId, (admin) => admin.createTopics({ topics: [{ topic: first }] }).then(() => {}));
    const before = newRecorder();
    await before.recordUntilCaughtUp();
    await before.stop();

    await withKafkajsAdmin(clientId, (admin) => admin.createTopics({ topics: [{ topic: second }] }).then(() => {}));
    // Two recorders at once (a second console process, a dev reload) and a small batch size: many races.
    await Promise.all([
      newRecorder({ maxRecordsPerTransaction: 1 }).recordUntilCaughtUp(),
      newRecorder({ maxRecordsPerTransaction: 1 }).recordUntilCaughtUp(),
    ]);
    expect(await newRecorder().recordUntilCaughtUp()).toBe(0);

    expect((await rowsFor(first)).length).toBe(1);
    expect((await rowsFor(second)).length).toBe(1);
    const external = await runtime.db.select({ requestId: auditLog.requestId }).from(auditLog).where(eq(auditLog.actorRole, 'external'));
    expect(new Set(external.map((row) => row.requestId)).size).toBe(external.length);
  });

  it('records a change made through the console once, as the signed-in user', async () => {
    const name = `console-made-${suffix}`;
    const recorder = newRecorder();
    await recorder.recordUntilCaughtUp();
    const skippedBefore = recorder.status().skippedOwnCount;
    const operator = await runtime.callerAs('operator');
    await operator.topics.create({ clusterId: 'built-in', name, partitions: 1, replicationFactor: 1 });
    await recorder.recordUntilCaughtUp();

    const rows = await rowsFor(name);
    expect(rows.map((row) => [row.action, row.actorRole])).toEqual([['topic.create', 'operator']]);
    // The broker did report it: the recorder saw it and left it to the console's own record.
    expect(recorder.status().skippedOwnCount - skippedBefore).toBe(1);
  });

  it('records a change by a client that names itself like the console (issue 11: client ids are not identities)', async () => {
    const spoofer = `samsa-console-evil`;
    const topic = `spoofed-${suffix}`;
    const recorder = newRecorder();
    await recorder.recordUntilCaughtUp();
    const skippedBefore = recorder.status().skippedOwnCount;
    await withKafkajsAdmin(spoofer, async (admin) => {
      await admin.createTopics({ topics: [{ topic }] });
      await admin.deleteTopics({ topics: [topic] });
    });
    await recorder.recordUntilCaughtUp();
    const rows = await rowsFor(topic);
    expect(rows.map((row) => [row.action, row.actorName, row.actorRole])).toEqual([
      ['topic.create', spoofer, 'external'],
      ['topic.delete', spoofer, 'external'],
    ]);
    expect(recorder.status().skippedOwnCount).toBe(skippedBefore);
  });

  it('names the SASL principal of a change made by another tool that logged in', async () => {
    const topic = `by-principal-${suffix}`;
    // The console's own login used by another program counts as the console; any other login is recorded.
    const sasl = {
      mechanism: 'scram-sha-512' as const,
      username: 'samsa-console',
      password: runtime.config.kafkaConnection.sasl!.password,
    };
    const admin = new kafkajs.Kafka({
      clientId: 'kafkajs-with-console-login',
      brokers: runtime.config.kafkaConnection.bootstrapServers,
      sasl,
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic }] });
    } finally {
      await admin.disconnect();
    }
    const recorder = newRecorder();
    await recorder.recordUntilCaughtUp();
    expect(await rowsFor(topic)).toEqual([]);
    // Without the console's login configured, nothing is skipped: recorded twice at worst, never missed.
    const withoutLogin = newRecorder({ connection: { bootstrapServers: [broker.bootstrap] }, clusterId: `no-login-${suffix}` });
    await withoutLogin.recordUntilCaughtUp();
    const rows = await runtime.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.resourceName, topic), eq(auditLog.clusterId, `no-login-${suffix}`)));
    expect(rows.map((row) => [row.action, row.actorName])).toEqual([['topic.create', 'kafkajs-with-console-login']]);
    expect(rows[0].parameters).toMatchObject({ partitions: 1, saslPrincipal: 'samsa-console' });
  });

  it('records changes in the background soon after they happen', async () => {
    const topic = `background-${suffix}`;
    const recorder = newRecorder({ idleWaitMs: 500 });
    recorder.start();
    await withKafkajsAdmin(`kafkajs-background-${suffix}`, async (admin) => {
      await admin.createTopics({ topics: [{ topic }] });
      await admin.deleteTopics({ topics: [topic] });
    });
    await expect
      .poll(async () => (await rowsFor(topic)).map((row) => row.action), { timeout: 10_000, interval: 100 })
      .toEqual(['topic.create', 'topic.delete']);
    expect(recorder.status()).toMatchObject({ state: 'recording', lastError: null });
    await recorder.stop();
    expect(recorder.status().state).toBe('stopped');
    const [{ value }] = await runtime.db
      .select({ value: count() })
      .from(auditLog)
      .where(and(eq(auditLog.resourceName, topic), eq(auditLog.actorRole, 'external')));
    expect(value).toBe(2);
  });
});

describe('recorder edge cases', () => {
  it(
    'records a recreated admin-change topic from its start (a broker whose data was reset)',
    async () => {
      const runtime = await createTestRuntime('pglite');
      const resetBroker = await startBuiltInBroker();
      const quiet = { db: runtime.db, clusterId: 'built-in', log: () => {}, logError: () => {} };
      try {
        const suffix = Date.now().toString(36);
        await withKafkajsAdmin('kafkajs-before-reset', (admin) =>
          admin.createTopics({ topics: [{ topic: `before-reset-${suffix}` }] }).then(() => {}),
        );
        await new BrokerChangeRecorder({ ...quiet, connection: { bootstrapServers: [broker.bootstrap] } }).recordUntilCaughtUp();
        // Same cluster id, new broker data: its topic has another id and starts again at offset 0.
        const topic = `after-reset-${suffix}`;
        await withKafkajsAdmin(
          'kafkajs-after-reset',
          (admin) => admin.createTopics({ topics: [{ topic }] }).then(() => {}),
          resetBroker.bootstrap,
        );
        await new BrokerChangeRecorder({ ...quiet, connection: { bootstrapServers: [resetBroker.bootstrap] } }).recordUntilCaughtUp();
        const rows = await runtime.db.select().from(auditLog).where(eq(auditLog.resourceName, topic));
        expect(rows.map((row) => [row.action, row.requestId])).toEqual([['topic.create', '__samsa_admin_changes@0']]);
      } finally {
        await resetBroker.stop();
        await runtime.close();
      }
    },
    pgliteTestTimeoutMs,
  );

  it('audits a gap in the change feed (changes removed before they were read) and health shows it (issue 11)', async () => {
    const runtime = await createTestRuntime('pglite');
    // Segments roll every 50 ms, one change per segment. The broker pins the feed's retention, so clients
    // cannot cut it; what is left is a log cut under the broker (disk loss, files removed by hand), done here
    // while it is stopped: its first two segments are removed.
    const cutting = await startBuiltInBroker({ args: ['--topic-default', 'segment.ms=50'] });
    const errors: string[] = [];
    const recorder = new BrokerChangeRecorder({
      db: runtime.db,
      clusterId: 'built-in',
      connection: { bootstrapServers: [cutting.bootstrap] },
      log: () => {},
      logError: (line) => errors.push(line),
    });
    try {
      const suffix = Date.now().toString(36);
      for (const name of ['lost-a', 'lost-b', 'kept']) {
        await withKafkajsAdmin(
          'kafkajs-gap',
          (admin) => admin.createTopics({ topics: [{ topic: `${name}-${suffix}` }] }).then(() => {}),
          cutting.bootstrap,
        );
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      await cutting.stop();
      const feedDir = path.join(cutting.dataDir, '__samsa_admin_changes-0');
      const lost = (await readdir(feedDir)).filter((file) => /^0{19}[01]\./.test(file));
      expect(lost.filter((file) => file.endsWith('.log'))).toHaveLength(2);
      await Promise.all(lost.map((file) => rm(path.join(feedDir, file))));
      await cutting.restart();
      expect(await earliestAdminChangeOffset(cutting.bootstrap)).toBe(2n);
      await recorder.recordUntilCaughtUp();

      const gaps = await runtime.db.select().from(auditLog).where(eq(auditLog.action, 'audit.detectGap'));
      expect(gaps).toHaveLength(1);
      expect(gaps[0]).toMatchObject({
        actorRole: 'system',
        resourceType: 'topic',
        resourceName: '__samsa_admin_changes',
        outcome: 'succeeded',
        clusterId: 'built-in',
        parameters: { fromOffset: '0', toOffset: '1', lostCount: '2' },
        requestId: '__samsa_admin_changes@0..1',
      });
      expect(
        (
          await runtime.db
            .select()
            .from(auditLog)
            .where(eq(auditLog.resourceName, `kept-${suffix}`))
        ).map((row) => row.action),
      ).toEqual(['topic.create']);
      expect(recorder.status().gapCount).toBe(1);
      expect(errors.join('\n')).toMatch(/offsets 0\.\.1 were removed before they were recorded/);

      const health = await checkHealth(runtime);
      expect(health.brokerChanges.feedGap).toMatchObject({ fromOffset: '0', toOffset: '1', lostCount: '2' });
      expect(health.brokerChanges.detail).toMatch(/GAP: 2 change\(s\) at offsets 0\.\.1 were removed/);
      // Read again: the gap is audited once.
      await recorder.recordUntilCaughtUp();
      expect(await runtime.db.select().from(auditLog).where(eq(auditLog.action, 'audit.detectGap'))).toHaveLength(1);
    } finally {
      await recorder.stop();
      await cutting.stop();
      await runtime.close();
    }
  }, 120_000);

  it(
    'shows an unreachable cluster in its status, keeps retrying and stops promptly',
    async () => {
      const runtime = await createTestRuntime('pglite');
      const errors: string[] = [];
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      const recorder = new BrokerChangeRecorder({
        db: runtime.db,
        clusterId: 'built-in',
        connection: { bootstrapServers: ['127.0.0.1:1'] },
        log: () => {},
        logError: (line) => errors.push(line),
      });
      try {
        recorder.start();
        await expect.poll(() => recorder.status().state, { timeout: 20_000, interval: 50 }).toBe('failing');
        expect(recorder.status().lastError).toMatch(/__samsa_admin_changes.*127\.0\.0\.1:1/);
        expect(errors.length).toBe(1);
        const stoppingAtMs = Date.now();
        await recorder.stop();
        expect(Date.now() - stoppingAtMs).toBeLessThan(2_000);
      } finally {
        await recorder.stop();
        await runtime.close();
      }
    },
    pgliteTestTimeoutMs,
  );
});
