// Integration: topics and overview through tRPC against a real cluster (the built-in broker in CI).
import { Producer } from '@platformatic/kafka';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe.each(databaseKinds)('topics on a cluster, audited in %s', (kind) => {
  let runtime: TestRuntime;
  const suffix = `${kind}-${Date.now().toString(36)}`;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind, { cluster });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('shows brokers, controller and counts on the overview', async () => {
    const viewer = await runtime.callerAs('viewer');
    const overview = await viewer.clusters.overview({ clusterId: 'built-in' });
    expect(overview.brokers.length).toBeGreaterThanOrEqual(1);
    expect(overview.brokers.map((broker) => broker.nodeId)).toContain(overview.controllerId);
    expect(overview.totalSizeBytes !== null || overview.totalSizeUnavailableReason !== null).toBe(true);
  });

  it('derives the record in-rate from log-end offsets between two overview reads', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `console-rate-${suffix}`;
    await operator.topics.create({ clusterId: 'built-in', name, partitions: 1, replicationFactor: 1 });
    await operator.clusters.overview({ clusterId: 'built-in' });
    const producer = new Producer({ clientId: 'rate-test', bootstrapBrokers: [cluster.bootstrap] });
    try {
      await producer.send({ messages: Array.from({ length: 60 }, (_, index) => ({ topic: name, value: Buffer.from(`record ${index}`) })) });
    } finally {
      await producer.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const overview = await operator.clusters.overview({ clusterId: 'built-in' });
    expect(overview.throughput.windowSeconds).toBeGreaterThanOrEqual(2);
    expect(overview.throughput.recordsInPerSecond! * overview.throughput.windowSeconds!).toBeCloseTo(60, 0);
    await operator.topics.delete({ clusterId: 'built-in', name });
  });

  it('creates, lists, searches and deletes a topic, each change audited', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `console-test-${suffix}`;
    await operator.topics.create({ clusterId: 'built-in', name, partitions: 3, replicationFactor: 1 });
    const listed = await operator.topics.list({ clusterId: 'built-in', search: suffix });
    expect(listed.rows).toEqual([
      {
        name,
        internal: false,
        partitions: 3,
        replicationFactor: 1,
        underReplicatedPartitions: 0,
        owningTeam: null,
        records: 0,
        sizeBytes: 0,
        lastWriteMs: null,
      },
    ]);
    await operator.topics.delete({ clusterId: 'built-in', name });
    const afterDelete = await operator.topics.list({ clusterId: 'built-in', search: suffix });
    expect(afterDelete.totalCount).toBe(0);
    const audit = await operator.audit.list({ resource: name });
    expect(audit.rows.map((row) => [row.action, row.outcome])).toEqual([
      ['topic.delete', 'succeeded'],
      ['topic.create', 'succeeded'],
    ]);
    expect(audit.rows[0].before).toMatchObject({ partitions: 3 });
  });

  it('reports the cluster error for a duplicate topic and audits the failure', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `console-dup-${suffix}`;
    await operator.topics.create({ clusterId: 'built-in', name, partitions: 1, replicationFactor: 1 });
    const error = await operator.topics
      .create({ clusterId: 'built-in', name, partitions: 1, replicationFactor: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_GATEWAY');
    expect((error as TRPCError).message).toMatch(/exist/i);
    const audit = await operator.audit.list({ resource: name, action: 'topic.create' });
    expect(audit.rows[0]).toMatchObject({ outcome: 'failed' });
    expect(audit.rows[0].error).toMatch(/exist/i);
    await operator.topics.delete({ clusterId: 'built-in', name });
  });

  it('lets a member create topics only under their team prefix', async () => {
    const admin = await runtime.callerAs('admin');
    const prefix = `team-${suffix}.`;
    const team = await admin.teams.create({ name: `team ${suffix}`, prefixes: [prefix] });
    const member = await runtime.callerAs('member', { teamId: team.id });
    await member.topics.create({ clusterId: 'built-in', name: `${prefix}events`, partitions: 1, replicationFactor: 1 });
    expect((await member.topics.list({ clusterId: 'built-in', search: prefix })).totalCount).toBe(1);
    await member.topics.delete({ clusterId: 'built-in', name: `${prefix}events` });
  });

  it('shows an unreachable cluster as an error instead of hanging or crashing', async () => {
    const admin = await runtime.callerAs('admin');
    const { id } = await admin.clusters.create({ name: `unreachable ${suffix}`, bootstrapServers: '127.0.0.1:1' });
    const status = await admin.clusters.status({ clusterId: id });
    expect(status).toMatchObject({ ok: false, brokerCount: null });
    expect(status.detail).toMatch(/Cannot list topics/);
    expect(await admin.clusters.status({ clusterId: 'built-in' })).toMatchObject({ ok: true, brokerCount: 1 });
    const error = await admin.clusters.overview({ clusterId: id }).catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe('BAD_GATEWAY');
    expect((error as TRPCError).message).toMatch(/Cannot list topics/);
    await admin.clusters.delete({ clusterId: id });
  });
});
