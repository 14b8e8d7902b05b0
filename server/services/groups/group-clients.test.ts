// Integration: the groups router with real consumer groups from kafka-python and confluent-kafka-python (members
// the console names and refuses to reset under, a reset the client then follows), the consumption rate and
// "catches up" words, the last stable offset beside lag, per-partition offset targets, and team prefixes.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonBinary, pythonScriptsDir } from '../../../e2e/fixtures/repo-paths.ts';
import { auditLog } from '../../db/schema/index.ts';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;
type PythonEvent = { event: string; partitions?: number[]; partition?: number; offset?: number; value?: string };

let cluster: TestCluster;
let runtime: TestRuntime;
let viewer: Caller;
let operator: Caller;
let kafka: Kafka;
const suffix = Date.now().toString(36);
const clusterId = 'built-in';
/** Longer than the consumption tracker's MIN_RATE_WINDOW_MS (5 s), so two looks give a rate. */
const rateWindowWaitMs = 5_500;

beforeAll(async () => {
  cluster = await startTestCluster();
  runtime = await createTestRuntime('pglite', { cluster });
  viewer = await runtime.callerAs('viewer');
  operator = await runtime.callerAs('operator');
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'group-clients-test', logLevel: logLevel.NOTHING });
}, 180_000);
afterAll(async () => {
  await runtime?.close();
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function produce(topic: string, perPartition: Record<number, number>) {
  const producer = kafka.producer();
  await producer.connect();
  for (const [partition, count] of Object.entries(perPartition))
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition: Number(partition), value: `v${i}` })) });
  await producer.disconnect();
}

/** Commits offsets for an empty group as an admin tool does (no member). */
async function commitOffsets(groupId: string, topic: string, offsets: Record<number, number>) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({
    groupId,
    topic,
    partitions: Object.entries(offsets).map(([partition, offset]) => ({ partition: Number(partition), offset: String(offset) })),
  });
  await admin.disconnect();
}

/** One groups_member.py process: its JSON events, waited on one by one. */
class PythonMember {
  readonly events: PythonEvent[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(client: 'confluent' | 'kafka-python', topic: string, groupId: string, maxRecords: number, commit: 'manual' | 'none') {
    this.child = spawn(pythonBinary, [
      path.join(pythonScriptsDir, 'groups_member.py'),
      client,
      cluster.bootstrap,
      topic,
      groupId,
      '90',
      String(maxRecords),
      commit,
    ]);
    createInterface({ input: this.child.stdout }).on('line', (line) => this.events.push(JSON.parse(line) as PythonEvent));
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
    // The process may have ended on its own (max records) before close() writes to it.
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  async waitFor(accept: (event: PythonEvent) => boolean, timeoutMs = 60_000): Promise<PythonEvent> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.events.find(accept);
      if (found) return found;
      if (this.child.exitCode !== null && !this.events.some(accept)) break;
      await sleep(100);
    }
    throw new Error(`groups_member.py: no such event; saw ${JSON.stringify(this.events)}; stderr: ${this.stderr}`);
  }

  /** Closes the consumer (it leaves the group) and waits for the process to end. */
  async close(): Promise<void> {
    if (this.child.exitCode === null) this.child.stdin.end('\n');
    expect(await this.exited).toBe(0);
  }
}

const refusedWith = (code: TRPCError['code'], pattern: RegExp) => (error: unknown) =>
  error instanceof TRPCError && error.code === code && pattern.test(error.message);

describe.each(['kafka-python', 'confluent'] as const)('a %s consumer group', (client) => {
  const topic = `gclients-${client}-${suffix}`;
  const groupId = `gclients-${client}-${suffix}`;

  beforeAll(async () => {
    await operator.topics.create({ clusterId, name: topic, partitions: 2, replicationFactor: 1 });
    await produce(topic, { 0: 6, 1: 6 });
  }, 60_000);

  it('shows the live member, says which partitions have no commit to measure time lag from, and refuses a reset naming it', async () => {
    const member = new PythonMember(client, topic, groupId, 0, 'none');
    try {
      await member.waitFor((event) => event.event === 'assigned' && (event.partitions?.length ?? 0) === 2);
      await member.waitFor((event) => event.event === 'record');
      const group = await viewer.groups.get({ clusterId, groupId });
      expect(group.state).toBe('Stable');
      expect(group.members).toHaveLength(1);
      expect(group.members[0].assignments).toEqual([{ topic, partitions: [0, 1] }]);
      expect(group.topics[0].partitions.map((p) => [p.kind, p.timeLagKind, p.memberId])).toEqual([
        ['noCommit', 'noCommit', group.members[0].memberId],
        ['noCommit', 'noCommit', group.members[0].memberId],
      ]);
      const clientId = group.members[0].clientId;
      expect(clientId).not.toBe('');
      await expect(
        operator.groups.resetOffsets({ clusterId, groupId, target: { kind: 'earliest' }, scope: { kind: 'topic', topic } }),
      ).rejects.toSatisfy(refusedWith('CONFLICT', new RegExp(`${clientId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} on `)));
    } finally {
      await member.close();
    }
  });

  it('shows what the member committed once it left, and the client follows a reset applied through the router', async () => {
    const reader = new PythonMember(client, topic, groupId, 4, 'manual');
    await reader.waitFor((event) => event.event === 'closed');
    await reader.close();
    const committedByClient = reader.events.filter((event) => event.event === 'committed');
    expect(committedByClient).toHaveLength(4);
    const group = await viewer.groups.get({ clusterId, groupId });
    expect(group.members).toEqual([]);
    const committedOf = (report: typeof group, partition: number) =>
      report.topics[0].partitions.find((p) => p.partition === partition)?.committedOffset ?? 0;
    const committed = [committedOf(group, 0), committedOf(group, 1)];
    expect(committed[0] + committed[1]).toBe(4);
    // Lag counts the committed partitions; one the client never committed to says so instead of a lag.
    for (const partition of group.topics[0].partitions) {
      if (partition.committedOffset === null) expect(partition).toMatchObject({ kind: 'noCommit', lag: null, timeLagKind: 'noCommit' });
      else expect(partition).toMatchObject({ kind: 'ok', lag: 6 - partition.committedOffset });
    }

    const applied = await operator.groups.resetOffsets({
      clusterId,
      groupId,
      target: { kind: 'offset', perPartition: { [`${topic}/1`]: 5 } },
      // The topic's every partition: "all" covers only committed ones, as --all-topics does, and the client
      // may have committed partition 0 alone.
      scope: { kind: 'topic', topic },
    });
    expect(applied.partitions.map((p) => [p.partition, p.newOffset])).toEqual([[1, 5]]);
    const after = await viewer.groups.get({ clusterId, groupId });
    expect([committedOf(after, 0), committedOf(after, 1)]).toEqual([committed[0], 5]);

    // The client resumes where the reset put it: partition 1 from offset 5.
    const resumed = new PythonMember(client, topic, groupId, 12 - committed[0] - 5, 'manual');
    await resumed.waitFor((event) => event.event === 'closed');
    await resumed.close();
    const firstOnOne = resumed.events.find((event) => event.event === 'record' && event.partition === 1);
    expect(firstOnOne?.offset).toBe(5);
  });
});

describe('consumption rate', () => {
  const topic = `gclients-rate-${suffix}`;
  const groupId = `gclients-rate-${suffix}`;

  beforeAll(async () => {
    await operator.topics.create({ clusterId, name: topic, partitions: 1, replicationFactor: 1 });
    await produce(topic, { 0: 40 });
    await commitOffsets(groupId, topic, { 0: 0 });
  }, 60_000);

  it('says "catches up", then "falling behind", then "not consuming" from two looks at the group, and estimates reprocessing', async () => {
    const first = await viewer.groups.get({ clusterId, groupId });
    expect(first.catchUp).toEqual({ kind: 'unknown' });
    expect(first.consumption).toBeNull();

    await sleep(rateWindowWaitMs);
    await commitOffsets(groupId, topic, { 0: 20 });
    const catching = await viewer.groups.get({ clusterId, groupId });
    expect(catching.consumption!.consumedPerSecond).toBeGreaterThan(0);
    expect(catching.consumption!.producedPerSecond).toBe(0);
    // 20 records consumed in the window, 20 left: it catches up in about one more window.
    expect(catching.catchUp.kind).toBe('catchingUp');
    const etaMs = (catching.catchUp as { etaMs: number }).etaMs;
    expect(etaMs).toBeGreaterThanOrEqual(rateWindowWaitMs - 1_000);
    expect(etaMs).toBeLessThan(60_000);

    // The reset preview divides the records read again by that rate.
    const plan = await viewer.groups.previewResetOffsets({ clusterId, groupId, target: { kind: 'earliest' } });
    expect(plan.reprocessing.recordsReprocessed).toBe(20);
    expect(plan.reprocessing.consumedPerSecond).toBe(catching.consumption!.consumedPerSecond);
    expect(plan.reprocessing.estimatedMs).toBe(Math.round((20 / catching.consumption!.consumedPerSecond) * 1000));

    await sleep(rateWindowWaitMs);
    await produce(topic, { 0: 10 });
    const behind = await viewer.groups.get({ clusterId, groupId });
    expect(behind.catchUp).toEqual({ kind: 'fallingBehind' });

    await sleep(rateWindowWaitMs);
    const idle = await viewer.groups.get({ clusterId, groupId });
    expect(idle.catchUp).toEqual({ kind: 'notConsuming' });
    // The estimate keeps the last rate the group consumed at.
    const later = await viewer.groups.previewResetOffsets({ clusterId, groupId, target: { kind: 'earliest' } });
    expect(later.reprocessing.consumedPerSecond).toBe(catching.consumption!.consumedPerSecond);
  }, 60_000);

  it('has no reprocessing estimate for a group never seen consuming', async () => {
    const quiet = `gclients-quiet-${suffix}`;
    await commitOffsets(quiet, topic, { 0: 30 });
    const plan = await viewer.groups.previewResetOffsets({ clusterId, groupId: quiet, target: { kind: 'earliest' } });
    expect(plan.reprocessing).toEqual({ recordsReprocessed: 30, consumedPerSecond: null, rateMeasuredAtMs: null, estimatedMs: null });
  });
});

describe('last stable offset', () => {
  const topic = `gclients-txn-${suffix}`;
  const groupId = `gclients-txn-${suffix}`;

  it('shows the last stable offset under an open transaction and the READ_COMMITTED lag beside the lag', async () => {
    await operator.topics.create({ clusterId, name: topic, partitions: 1, replicationFactor: 1 });
    await produce(topic, { 0: 2 });
    await commitOffsets(groupId, topic, { 0: 1 });
    const producer = kafka.producer({ transactionalId: `gclients-txn-${suffix}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const transaction = await producer.transaction();
    await transaction.send({
      topic,
      messages: [
        { partition: 0, value: 'a' },
        { partition: 0, value: 'b' },
        { partition: 0, value: 'c' },
      ],
    });
    try {
      const open = await viewer.groups.get({ clusterId, groupId });
      expect(open.topics[0].partitions[0]).toMatchObject({ committedOffset: 1, endOffset: 5, lastStableOffset: 2, lag: 4, stableLag: 1 });
    } finally {
      await transaction.commit();
      await producer.disconnect();
    }
    const committed = await viewer.groups.get({ clusterId, groupId });
    // The commit marker takes an offset: end 6, and everything is stable.
    expect(committed.topics[0].partitions[0]).toMatchObject({ endOffset: 6, lastStableOffset: 6, lag: 5, stableLag: 5 });
  });
});

describe('per-partition offsets and team prefixes', () => {
  const prefix = `gteam-${suffix}.`;
  const owned = `${prefix}orders`;
  const foreign = `gforeign-${suffix}`;
  const ownedGroup = `gteam-owned-${suffix}`;
  const mixedGroup = `gteam-mixed-${suffix}`;
  let member: Caller;

  beforeAll(async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: `groups team ${suffix}`, prefixes: [prefix] });
    member = await runtime.callerAs('member', { teamId: team.id });
    await operator.topics.create({ clusterId, name: owned, partitions: 3, replicationFactor: 1 });
    await operator.topics.create({ clusterId, name: foreign, partitions: 1, replicationFactor: 1 });
    await produce(owned, { 0: 10, 1: 10, 2: 10 });
    await produce(foreign, { 0: 10 });
    await commitOffsets(ownedGroup, owned, { 0: 8, 1: 8, 2: 8 });
    await commitOffsets(mixedGroup, owned, { 0: 8 });
    await commitOffsets(mixedGroup, foreign, { 0: 8 });
  }, 60_000);

  it('previews offsets given for some partitions only, with the file Kafka’s tool reads', async () => {
    const plan = await viewer.groups.previewResetOffsets({
      clusterId,
      groupId: ownedGroup,
      target: { kind: 'offset', perPartition: { [`${owned}/0`]: 2, [`${owned}/2`]: 50 } },
    });
    expect(plan.partitions.map((p) => [p.partition, p.currentOffset, p.newOffset, p.clamped])).toEqual([
      [0, 8, 2, false],
      [2, 8, 10, true],
    ]);
    expect(plan.commandLine).toContain('--from-file offsets.csv --all-topics --dry-run');
    expect(plan.commandFile).toBe(`${owned},0,2\n${owned},2,10\n`);
    await expect(
      viewer.groups.previewResetOffsets({
        clusterId,
        groupId: ownedGroup,
        target: { kind: 'offset', perPartition: { [`${foreign}/0`]: 1 } },
      }),
    ).rejects.toSatisfy(refusedWith('BAD_REQUEST', new RegExp(foreign)));
    await expect(viewer.groups.previewResetOffsets({ clusterId, groupId: ownedGroup, target: { kind: 'offset' } })).rejects.toSatisfy(
      refusedWith('BAD_REQUEST', /at least one partition/),
    );
  });

  it("lets a member reset a group whose every topic is under their team's prefixes", async () => {
    const applied = await member.groups.resetOffsets({ clusterId, groupId: ownedGroup, target: { kind: 'shift', by: -3 } });
    expect(applied.partitions.map((p) => p.newOffset)).toEqual([5, 5, 5]);
    const [record] = await runtime.db.select().from(auditLog).where(eq(auditLog.id, applied.auditRecordId));
    expect(record).toMatchObject({ action: 'group.resetOffsets', outcome: 'succeeded', resourceName: ownedGroup });
    expect((await viewer.groups.get({ clusterId, groupId: ownedGroup })).topics[0].partitions.map((p) => p.committedOffset)).toEqual([
      5, 5, 5,
    ]);
  });

  it('refuses a member a group that also reads a topic outside their prefixes, even scoped to an owned topic', async () => {
    await expect(
      member.groups.resetOffsets({ clusterId, groupId: mixedGroup, target: { kind: 'earliest' }, scope: { kind: 'topic', topic: owned } }),
    ).rejects.toSatisfy(refusedWith('FORBIDDEN', new RegExp(`reads ${foreign}`)));
    expect((await viewer.groups.get({ clusterId, groupId: mixedGroup })).topics.map((t) => t.partitions[0].committedOffset)).toEqual([
      8, 8,
    ]);
  });
});
