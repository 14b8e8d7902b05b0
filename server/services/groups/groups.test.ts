// Integration: consumer groups and their lag through tRPC against a real cluster (the built-in broker in
// CI), with real consumer groups: kafkajs (an active member, a stopped group) and confluent-kafka-python
// (a member that reads four records, commits them and leaves).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonBinary, pythonScriptsDir } from '../../../e2e/fixtures/repo-paths.ts';
import { auditLog, lagResolutions, lagTopics, topicOffsetSamples } from '../../db/schema/index.ts';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;

let cluster: TestCluster;
let runtime: TestRuntime;
let viewer: Caller;
let operator: Caller;
let kafka: Kafka;
const suffix = Date.now().toString(36);
const clusterId = 'built-in';
const hourAgoMs = Date.now() - 3_600_000;

beforeAll(async () => {
  cluster = await startTestCluster();
  runtime = await createTestRuntime('pglite', { cluster });
  viewer = await runtime.callerAs('viewer');
  operator = await runtime.callerAs('operator');
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'groups-test', logLevel: logLevel.NOTHING });
}, 180_000);
afterAll(async () => {
  await runtime?.close();
  await cluster?.stop();
});

/** `count` records into each partition, record i of a partition stamped hourAgoMs + i seconds. */
async function produce(topic: string, partitions: number, count: number, firstIndex = 0) {
  const producer = kafka.producer();
  await producer.connect();
  for (let partition = 0; partition < partitions; partition++) {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, i) => ({
        partition,
        value: `v${firstIndex + i}`,
        timestamp: String(hourAgoMs + (firstIndex + i) * 1_000),
      })),
    });
  }
  await producer.disconnect();
}

/** A kafkajs member that reads until it has seen `records` records, committing each. */
async function kafkajsConsumeUntil(groupId: string, topic: string, records: number): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500, retry: { retries: 2 } });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
        if (++seen >= records) resolve();
      },
    });
  });
  await done;
  return consumer;
}

/** confluent-kafka-python joins the group, reads and commits maxRecords records, then leaves. */
function pythonConsume(groupId: string, topic: string, maxRecords: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonBinary, [
      path.join(pythonScriptsDir, 'groups_member.py'),
      'confluent',
      cluster.bootstrap,
      topic,
      groupId,
      '45',
      String(maxRecords),
      'manual',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`groups_member.py exited ${code}: ${stderr}`))));
  });
}

describe('consumer groups and lag', () => {
  const topic = `groups-lag-${suffix}`;
  const pyTopic = `groups-py-${suffix}`;
  const stoppedGroup = `groups-stopped-${suffix}`;
  const activeGroup = `groups-active-${suffix}`;
  const pyGroup = `groups-py-${suffix}`;
  let active: Consumer;

  beforeAll(async () => {
    await operator.topics.create({ clusterId, name: topic, partitions: 2, replicationFactor: 1 });
    await operator.topics.create({ clusterId, name: pyTopic, partitions: 1, replicationFactor: 1 });
    await produce(topic, 2, 5);
    await produce(pyTopic, 1, 10);
    const stopped = await kafkajsConsumeUntil(stoppedGroup, topic, 10);
    await stopped.disconnect();
    await produce(topic, 2, 3, 5);
    await pythonConsume(pyGroup, pyTopic, 4);
    active = await kafkajsConsumeUntil(activeGroup, topic, 16);
  }, 180_000);
  afterAll(async () => {
    await active?.disconnect();
  });

  it('shows a stopped group with its lag in records and exact time lag per partition', async () => {
    const group = await viewer.groups.get({ clusterId, groupId: stoppedGroup });
    expect(group.state).toBe('Empty');
    expect(group.members).toEqual([]);
    expect(group.status).toBe('stopped');
    expect(group.lag).toBe(6);
    const [topicReport] = group.topics;
    expect(topicReport.topic).toBe(topic);
    expect(topicReport.lag).toBe(6);
    for (const partition of topicReport.partitions) {
      expect(partition).toMatchObject({ kind: 'ok', committedOffset: 5, endOffset: 8, lag: 3, timeLagKind: 'measured' });
      // The first unconsumed record is v5, stamped hourAgoMs + 5 s.
      const expectedMs = Date.now() - (hourAgoMs + 5_000);
      expect(Math.abs(partition.timeLagMs! - expectedMs)).toBeLessThan(10_000);
    }
    expect(group.timeLagMs).toBe(Math.max(...topicReport.partitions.map((p) => p.timeLagMs!)));
  });

  it('shows the group confluent-kafka-python left after committing four records', async () => {
    const group = await viewer.groups.get({ clusterId, groupId: pyGroup });
    expect(group.members).toEqual([]);
    expect(group.topics[0].partitions[0]).toMatchObject({ partition: 0, kind: 'ok', committedOffset: 4, endOffset: 10, lag: 6 });
    expect(Math.abs(group.topics[0].partitions[0].timeLagMs! - (Date.now() - (hourAgoMs + 4_000)))).toBeLessThan(10_000);
  });

  it('shows an active kafkajs group with its members, assignor and caught-up partitions', async () => {
    const group = await viewer.groups.get({ clusterId, groupId: activeGroup });
    expect(group.state).toBe('Stable');
    expect(group.protocolType).toBe('consumer');
    expect(group.protocol).not.toBe('');
    expect(group.members).toHaveLength(1);
    expect(group.members[0].clientId).toBe('groups-test');
    expect(group.members[0].assignments).toEqual([{ topic, partitions: [0, 1] }]);
    expect(group.status).toBe('caught up');
    expect(group.topics[0].partitions.map((p) => [p.kind, p.lag, p.timeLagMs, p.memberId])).toEqual([
      ['ok', 0, 0, group.members[0].memberId],
      ['ok', 0, 0, group.members[0].memberId],
    ]);
  });

  it('lists groups with search, topic filter and sort by lag', async () => {
    const bySearch = await viewer.groups.list({ clusterId, search: `groups-stopped-${suffix}` });
    expect(bySearch.rows.map((row) => row.groupId)).toEqual([stoppedGroup]);
    expect(bySearch.rows[0]).toMatchObject({ state: 'Empty', members: 0, lag: 6, topics: [topic], status: 'stopped' });
    expect(bySearch.rows[0].timeLagMs).toBeGreaterThan(3_000_000);
    const byTopic = await viewer.groups.list({ clusterId, topic, sortBy: 'lag', sortDirection: 'desc' });
    expect(byTopic.rows.map((row) => row.groupId)).toEqual([stoppedGroup, activeGroup]);
    expect(byTopic.totalCount).toBe(2);
    const paged = await viewer.groups.list({ clusterId, search: suffix, pageSize: 1, page: 2 });
    expect(paged.rows).toHaveLength(1);
    expect(paged.totalCount).toBe(3);
  });

  it('says how many records a group lost to retention instead of a lag of 0', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [pyTopic] });
    await admin.deleteTopicRecords({ topic: pyTopic, partitions: [{ partition: 0, offset: '7' }] });
    await admin.disconnect();
    const group = await viewer.groups.get({ clusterId, groupId: pyGroup });
    expect(group.topics[0].partitions[0]).toMatchObject({
      kind: 'belowLogStart',
      committedOffset: 4,
      logStartOffset: 7,
      lostRecords: 3,
      lag: 3,
      timeLagKind: 'fromLogStart',
    });
    expect(group.status).toBe('records lost');
  });

  it('estimates the time lag of a record gone from the lag history, marked as an estimate', async () => {
    // Sampled history: partition 0's end offset went from 0 (three hours ago) to 10 (an hour ago), so the
    // committed offset 4 (the fifth record) was written about two hours ago.
    const nowMs = Date.now();
    const [topicRow] = await runtime.db.insert(lagTopics).values({ clusterId, topic: pyTopic }).returning({ id: lagTopics.id });
    await runtime.db.insert(topicOffsetSamples).values(
      [3, 1].map((hoursAgo) => ({
        topicKey: topicRow.id,
        resolution: lagResolutions.raw,
        sampledAt: new Date(nowMs - hoursAgo * 3_600_000),
        logStartOffsets: [0],
        endOffsets: [hoursAgo === 3 ? 0 : 10],
        sizeBytes: null,
      })),
    );
    const group = await viewer.groups.get({ clusterId, groupId: pyGroup });
    const [partition] = group.topics[0].partitions;
    expect(partition).toMatchObject({ kind: 'belowLogStart', committedOffset: 4, timeLagKind: 'estimated' });
    expect(partition.timeLagMs! - 2 * 3_600_000).toBeGreaterThanOrEqual(0);
    expect(partition.timeLagMs! - 2 * 3_600_000).toBeLessThan(60_000);
  });

  it('answers NOT_FOUND for a group that does not exist', async () => {
    await expect(viewer.groups.get({ clusterId, groupId: `no-such-group-${suffix}` })).rejects.toSatisfy(
      (error: unknown) => error instanceof TRPCError && error.code === 'NOT_FOUND',
    );
  });
});

describe('offset reset, preview and undo', () => {
  const topic = `groups-reset-${suffix}`;
  const group = `groups-reset-${suffix}`;
  const otherGroup = `groups-reset-other-${suffix}`;
  const busyGroup = `groups-reset-busy-${suffix}`;
  let busy: Consumer;

  beforeAll(async () => {
    await operator.topics.create({ clusterId, name: topic, partitions: 2, replicationFactor: 1 });
    await produce(topic, 2, 8);
    // Commits up to 5 on each partition (10 records), then leaves.
    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          if (Number(message.offset) >= 5) return;
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          if (++seen === 10) resolve();
        },
      });
    });
    await consumer.disconnect();
    await (await kafkajsConsumeUntil(otherGroup, topic, 16)).disconnect();
    busy = await kafkajsConsumeUntil(busyGroup, topic, 16);
  }, 180_000);
  afterAll(async () => {
    await busy?.disconnect();
  });

  it('previews a reset to a timestamp per partition with the equivalent command line', async () => {
    const timestampMs = hourAgoMs + 2_000;
    const plan = await viewer.groups.previewResetOffsets({
      clusterId,
      groupId: group,
      target: { kind: 'timestamp', timestampMs },
      scope: { kind: 'topic', topic },
    });
    expect(plan.members).toEqual([]);
    expect(
      plan.partitions.map((p) => [
        p.partition,
        p.currentOffset,
        p.newOffset,
        p.lagBefore,
        p.lagAfter,
        p.recordsReprocessed,
        p.recordsSkipped,
      ]),
    ).toEqual([
      [0, 5, 2, 3, 6, 3, 0],
      [1, 5, 2, 3, 6, 3, 0],
    ]);
    expect(plan.commandLine).toMatch(/^kafka-consumer-groups.sh --bootstrap-server \S+ --group /);
    expect(plan.commandLine.replace(/^.* --group /, '--group ')).toBe(
      `--group ${group} --reset-offsets --to-datetime ${new Date(timestampMs).toISOString().replace('Z', '+00:00')} --topic ${topic} --dry-run`,
    );
    // The preview changed nothing.
    expect((await viewer.groups.get({ clusterId, groupId: group })).topics[0].partitions.map((p) => p.committedOffset)).toEqual([5, 5]);
  });

  it('falls back to the end offset for a time past the last record, and clamps shifts', async () => {
    const late = await viewer.groups.previewResetOffsets({
      clusterId,
      groupId: group,
      target: { kind: 'timestamp', timestampMs: Date.now() + 3_600_000 },
    });
    expect(late.partitions.map((p) => p.newOffset)).toEqual([8, 8]);
    const shifted = await viewer.groups.previewResetOffsets({
      clusterId,
      groupId: group,
      target: { kind: 'shift', by: -100 },
      scope: { kind: 'partitions', topic, partitions: [1] },
    });
    expect(shifted.partitions.map((p) => [p.partition, p.newOffset, p.clamped])).toEqual([[1, 0, true]]);
    const copied = await viewer.groups.previewResetOffsets({ clusterId, groupId: group, target: { kind: 'group', groupId: otherGroup } });
    expect(copied.partitions.map((p) => p.newOffset)).toEqual([8, 8]);
    const back = await viewer.groups.previewResetOffsets({
      clusterId,
      groupId: group,
      target: { kind: 'durationBack', durationMs: Date.now() - (hourAgoMs + 5_001) },
    });
    expect(back.partitions.map((p) => p.newOffset)).toEqual([6, 6]);
  });

  it("takes only the committed partitions for all the group's topics, and refuses a shift without a commit, as Kafka's tool", async () => {
    const partial = `groups-reset-partial-${suffix}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: partial, topic, partitions: [{ partition: 0, offset: '3' }] });
    await admin.disconnect();
    const all = await viewer.groups.previewResetOffsets({ clusterId, groupId: partial, target: { kind: 'shift', by: 2 } });
    expect(all.partitions.map((p) => [p.partition, p.currentOffset, p.newOffset])).toEqual([[0, 3, 5]]);
    // One topic means every partition of it, so partition 1 (never committed) has nothing to shift from.
    await expect(
      viewer.groups.previewResetOffsets({ clusterId, groupId: partial, target: { kind: 'shift', by: 2 }, scope: { kind: 'topic', topic } }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof TRPCError && error.code === 'BAD_REQUEST' && error.message.startsWith(`Cannot shift ${topic}/1:`),
    );
    const whole = await viewer.groups.previewResetOffsets({
      clusterId,
      groupId: partial,
      target: { kind: 'earliest' },
      scope: { kind: 'topic', topic },
    });
    expect(whole.partitions.map((p) => [p.partition, p.currentOffset, p.newOffset])).toEqual([
      [0, 3, 0],
      [1, null, 0],
    ]);
  });

  it('refuses an offset reset while the group has members, naming them', async () => {
    await expect(operator.groups.resetOffsets({ clusterId, groupId: busyGroup, target: { kind: 'earliest' } })).rejects.toSatisfy(
      (error: unknown) => error instanceof TRPCError && error.code === 'CONFLICT' && /groups-test on /.test(error.message),
    );
  });

  it("refuses a member whose team does not own the group's topics, and a viewer", async () => {
    const member = await runtime.callerAs('member');
    await expect(member.groups.resetOffsets({ clusterId, groupId: group, target: { kind: 'earliest' } })).rejects.toSatisfy(
      (error: unknown) => error instanceof TRPCError && error.code === 'FORBIDDEN',
    );
    await expect(viewer.groups.resetOffsets({ clusterId, groupId: group, target: { kind: 'earliest' } })).rejects.toSatisfy(
      (error: unknown) => error instanceof TRPCError && error.code === 'FORBIDDEN',
    );
  });

  it('applies a reset with one commit, audited with every partition before and after, then undoes it', async () => {
    const applied = await operator.groups.resetOffsets({
      clusterId,
      groupId: group,
      target: { kind: 'timestamp', timestampMs: hourAgoMs + 2_000 },
      scope: { kind: 'topic', topic },
    });
    const afterReset = await viewer.groups.get({ clusterId, groupId: group });
    expect(afterReset.topics[0].partitions.map((p) => [p.committedOffset, p.lag])).toEqual([
      [2, 6],
      [2, 6],
    ]);
    const [record] = await runtime.db.select().from(auditLog).where(eq(auditLog.id, applied.auditRecordId));
    expect(record).toMatchObject({ action: 'group.resetOffsets', outcome: 'succeeded', resourceName: group });
    expect(record.before).toEqual({
      offsets: [
        { topic, partition: 0, offset: 5 },
        { topic, partition: 1, offset: 5 },
      ],
    });
    expect(record.after).toEqual({
      offsets: [
        { topic, partition: 0, offset: 2 },
        { topic, partition: 1, offset: 2 },
      ],
    });

    const undoPlan = await viewer.groups.previewUndoResetOffsets({ auditRecordId: applied.auditRecordId });
    expect(undoPlan.partitions.map((p) => [p.currentOffset, p.newOffset])).toEqual([
      [2, 5],
      [2, 5],
    ]);
    const undone = await operator.groups.undoResetOffsets({ auditRecordId: applied.auditRecordId });
    expect((await viewer.groups.get({ clusterId, groupId: group })).topics[0].partitions.map((p) => p.committedOffset)).toEqual([5, 5]);
    const [undoRecord] = await runtime.db.select().from(auditLog).where(eq(auditLog.id, undone.auditRecordId));
    expect(undoRecord).toMatchObject({
      action: 'group.undoResetOffsets',
      outcome: 'succeeded',
      parameters: { undoOf: applied.auditRecordId },
    });
  });

  it('answers NOT_FOUND for a reset of a group that does not exist', async () => {
    await expect(operator.groups.resetOffsets({ clusterId, groupId: `missing-${suffix}`, target: { kind: 'earliest' } })).rejects.toSatisfy(
      (error: unknown) => error instanceof TRPCError && error.code === 'NOT_FOUND',
    );
  });
});
