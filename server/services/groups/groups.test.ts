// Integration: consumer groups and their lag through tRPC against a real cluster (the built-in broker in
// CI), with real consumer groups: kafkajs (an active member, a stopped group) and confluent-kafka-python
// (a member that reads four records, commits them and leaves).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonBinary, pythonScriptsDir } from '../../../e2e/fixtures/repo-paths.ts';
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
}, 60_000);
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
      messages: Array.from({ length: count }, (_, i) => ({ partition, value: `v${firstIndex + i}`, timestamp: String(hourAgoMs + (firstIndex + i) * 1_000) })),
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
    const child = spawn(pythonBinary, [path.join(pythonScriptsDir, 'groups_member.py'), 'confluent', cluster.bootstrap, topic, groupId, '45', String(maxRecords), 'manual']);
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
  }, 120_000);
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
    expect(group.topics[0].partitions[0]).toMatchObject({ kind: 'belowLogStart', committedOffset: 4, logStartOffset: 7, lostRecords: 3, lag: 3, timeLagKind: 'fromLogStart' });
    expect(group.status).toBe('records lost');
  });

  it('answers NOT_FOUND for a group that does not exist', async () => {
    await expect(viewer.groups.get({ clusterId, groupId: `no-such-group-${suffix}` })).rejects.toSatisfy((error: unknown) => error instanceof TRPCError && error.code === 'NOT_FOUND');
  });
});
