// Integration: replay jobs through tRPC against the built-in broker, the job running in this process. Records
// are produced with kafkajs and the targets read back with READ_COMMITTED. Covers the plan, copying with keys,
// headers and timestamps, by-key placement, a filtered redrive into the same topic, the member's approval,
// pause/resume/cancel, records deleted mid-job, and the broker going away mid-job.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { partitionForKey } from '../../kafka/murmur2.ts';
import { type FetchedRecord, RecordFetcher } from '../../kafka/record-fetcher.ts';
import { type BuiltInTestCluster, startBuiltInTestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;

let cluster: BuiltInTestCluster;
let runtime: TestRuntime;
let operator: Caller;
let kafka: Kafka;
const clusterId = 'built-in';
const suffix = Date.now().toString(36);
const baseTimestampMs = Date.now() - 3_600_000;

beforeAll(async () => {
  cluster = await startBuiltInTestCluster();
  runtime = await createTestRuntime('pglite', { cluster });
  runtime.replays.start();
  operator = await runtime.callerAs('operator');
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'replays-test', logLevel: logLevel.NOTHING });
}, 180_000);
afterAll(async () => {
  await runtime?.close();
  await cluster?.stop();
});

async function createTopic(topic: string, partitions: number) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

/** `count` records per partition: key k<i % 7>, value JSON {n, status}, a header, timestamps an hour ago. */
async function produce(topic: string, partitions: number, count: number) {
  const producer = kafka.producer();
  await producer.connect();
  for (let partition = 0; partition < partitions; partition++) {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, i) => ({
        partition,
        key: `k${i % 7}`,
        value: JSON.stringify({ n: `${partition}-${i}`, status: i % 3 === 0 ? 'failed' : 'ok' }),
        headers: { origin: `p${partition}` },
        timestamp: String(baseTimestampMs + i * 1_000),
      })),
    });
  }
  await producer.disconnect();
}

/** Every record of the topic as a READ_COMMITTED consumer sees it. */
async function readAll(topic: string): Promise<FetchedRecord[]> {
  const connection = await runtime.clusters.connection(clusterId);
  const metadata = await runtime.clusters.metadata(clusterId, { fresh: true });
  const info = metadata.topics.find((candidate) => candidate.name === topic)!;
  const fetcher = new RecordFetcher(clusterId, connection);
  const records: FetchedRecord[] = [];
  try {
    for (const { partition, leader } of info.partitions) {
      const [bounds] = await fetcher.bounds(topic, [partition], 'READ_COMMITTED');
      let offset = bounds.logStartOffset;
      for (let round = 0; offset < bounds.endOffset && round < 10_000; round++) {
        const chunk = await fetcher.fetch({ name: topic, id: info.id, leader }, partition, offset, {
          isolation: 'READ_COMMITTED',
          maxBytes: 1 << 20,
          maxWaitMs: 100,
        });
        records.push(...chunk.records);
        offset = chunk.nextOffset;
      }
    }
  } finally {
    await fetcher.close();
  }
  return records;
}

async function waitForStatus(caller: Caller, id: string, wanted: string[], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const replay = await caller.replays.get({ id });
    if (wanted.includes(replay.status)) return replay;
    if (Date.now() > deadline)
      throw new Error(`replay ${id} is ${replay.status} (last error: ${replay.lastError}), not ${wanted.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function auditOf(id: string) {
  return runtime.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.resourceType, 'replay'), eq(auditLog.resourceName, id)));
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
  }
}

const fullCopy = { partitioning: 'key' as const, keepTimestamps: true, rateLimit: {} };

describe('replay jobs', () => {
  it('plans, copies every record with its key, headers and timestamp by key, and audits plan, start and finish with counts', async () => {
    const source = `replay-src-${suffix}`;
    const target = `replay-dst-${suffix}`;
    await createTopic(source, 3);
    await createTopic(target, 4);
    await produce(source, 3, 40);
    const planned = await operator.replays.plan({ clusterId, sourceTopic: source, targetTopic: target, settings: fullCopy });
    expect(planned.needsApproval).toBe(false);
    expect(planned.plan.totalRecords).toBe(120);
    expect(planned.plan.partitions.map((p) => [p.partition, p.startOffset, p.endOffset])).toEqual([
      [0, 0, 40],
      [1, 0, 40],
      [2, 0, 40],
    ]);
    expect(planned.plan.totalEstimatedBytes).toBeGreaterThan(0);
    expect(planned.plan.targetDescription).toContain('by key');
    expect((await operator.replays.get({ id: planned.id })).status).toBe('planned');
    expect((await operator.replays.start({ id: planned.id })).status).toBe('running');
    const done = await waitForStatus(operator, planned.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ recordsRead: 120, recordsWritten: 120 });
    const copied = await readAll(target);
    expect(copied).toHaveLength(120);
    const originals = new Map((await readAll(source)).map((record) => [record.value!.toString(), record]));
    for (const copy of copied) {
      const original = originals.get(copy.value!.toString())!;
      expect(copy.key).toEqual(original.key);
      expect(copy.timestampMs).toBe(original.timestampMs);
      expect(copy.headers).toEqual(original.headers);
      expect(copy.partition).toBe(partitionForKey(copy.key!, 4));
    }
    expect(new Set(copied.map((record) => record.value!.toString())).size).toBe(120);
    const audit = await auditOf(planned.id);
    expect(audit.map((row) => row.action).sort()).toEqual(['replay.finish', 'replay.plan', 'replay.start']);
    expect(audit.find((row) => row.action === 'replay.finish')).toMatchObject({ outcome: 'succeeded', after: { recordsWritten: 120 } });
    const listed = await operator.replays.list({ topic: target });
    expect(listed.rows.map((row) => row.id)).toEqual([planned.id]);
  }, 120_000);

  it('redrives the failed records of an offset range back into the same topic, once, with new timestamps', async () => {
    const topic = `replay-dlq-${suffix}`;
    await createTopic(topic, 1);
    await produce(topic, 1, 30);
    const planned = await operator.replays.plan({
      clusterId,
      sourceTopic: topic,
      targetTopic: topic,
      partitions: [{ partition: 0, startOffset: 3, endOffset: 15 }],
      settings: { partitioning: 'same', keepTimestamps: false, rateLimit: {}, filter: { expression: 'value.status == "failed"' } },
    });
    expect(planned.plan).toMatchObject({ totalRecords: 12, filtered: true });
    await operator.replays.start({ id: planned.id });
    const done = await waitForStatus(operator, planned.id, ['completed', 'failed']);
    expect(done.progress).toMatchObject({ recordsRead: 12, recordsWritten: 4 });
    const all = await readAll(topic);
    expect(all).toHaveLength(34);
    const copies = all.slice(30);
    expect(copies.map((record) => JSON.parse(record.value!.toString()).n)).toEqual(['0-3', '0-6', '0-9', '0-12']);
    for (const copy of copies) expect(copy.timestampMs).toBeGreaterThan(baseTimestampMs + 3_000_000);
  }, 120_000);

  it('refuses a target topic that does not exist and a bad filter before anything is stored', async () => {
    const source = `replay-src-${suffix}`;
    expect(
      await codeOf(operator.replays.plan({ clusterId, sourceTopic: source, targetTopic: `missing-${suffix}`, settings: fullCopy })),
    ).toMatch(/NOT_FOUND: The target topic missing-.* does not exist on this cluster; create it first/);
    expect(
      await codeOf(
        operator.replays.plan({
          clusterId,
          sourceTopic: source,
          targetTopic: source,
          settings: { ...fullCopy, filter: { expression: 'value.status ==' } },
        }),
      ),
    ).toMatch(/BAD_REQUEST/);
    expect(
      await codeOf(
        operator.replays.plan({
          clusterId,
          sourceTopic: `replay-src-${suffix}`,
          targetTopic: `replay-dlq-${suffix}`,
          settings: { ...fullCopy, partitioning: 'same' },
        }),
      ),
    ).toMatch(/BAD_REQUEST: "Same partition" needs partition 2/);
  });

  it("holds a member's replay into another team's topic until an operator who did not ask approves it", async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: `replayers-${suffix}`, prefixes: [`replayers-${suffix}.`] });
    const member = await runtime.callerAs('member', { teamId: team.id });
    const viewer = await runtime.callerAs('viewer');
    const source = `replayers-${suffix}.events`;
    await createTopic(source, 1);
    await produce(source, 1, 5);
    expect(await codeOf(viewer.replays.plan({ clusterId, sourceTopic: source, targetTopic: source, settings: fullCopy }))).toMatch(
      /FORBIDDEN/,
    );
    const foreign = await member.replays.plan({ clusterId, sourceTopic: source, targetTopic: `replay-dlq-${suffix}`, settings: fullCopy });
    expect(foreign.needsApproval).toBe(true);
    expect((await member.replays.start({ id: foreign.id })).status).toBe('awaiting_approval');
    expect(await codeOf(member.replays.approve({ id: foreign.id }))).toMatch(/FORBIDDEN/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await member.replays.get({ id: foreign.id })).progress?.recordsWritten).toBe(0);
    const otherOperator = await runtime.callerAs('operator');
    await otherOperator.replays.approve({ id: foreign.id });
    const approved = await waitForStatus(member, foreign.id, ['completed', 'failed']);
    expect(approved).toMatchObject({ status: 'completed', progress: { recordsWritten: 5 } });
    expect(approved.approvedByName).toMatch(/^operator_/);
    expect((await auditOf(foreign.id)).map((row) => row.action)).toContain('replay.approve');
    // Into their own topic, a member starts without approval.
    const own = await member.replays.plan({ clusterId, sourceTopic: source, targetTopic: source, settings: fullCopy });
    expect(own.needsApproval).toBe(false);
    expect((await member.replays.start({ id: own.id })).status).toBe('running');
    await waitForStatus(member, own.id, ['completed']);
  }, 120_000);

  it('pauses, resumes and cancels a rate-limited replay; the target holds exactly what the counts say', async () => {
    const source = `replay-slow-${suffix}`;
    const target = `replay-slow-dst-${suffix}`;
    await createTopic(source, 2);
    await createTopic(target, 2);
    await produce(source, 2, 300);
    const planned = await operator.replays.plan({
      clusterId,
      sourceTopic: source,
      targetTopic: target,
      settings: { partitioning: 'roundRobin', keepTimestamps: true, rateLimit: { recordsPerSecond: 60 } },
    });
    expect(planned.plan.estimatedDurationMs).toBe(10_000);
    await operator.replays.start({ id: planned.id });
    await waitFor(
      () => operator.replays.get({ id: planned.id }),
      (replay) => (replay.progress?.recordsWritten ?? 0) >= 30,
      'some records copied',
    );
    expect((await operator.replays.pause({ id: planned.id })).status).toBe('paused');
    const paused = await operator.replays.get({ id: planned.id });
    expect(paused.activeHere).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await operator.replays.get({ id: planned.id })).progress?.recordsWritten).toBe(paused.progress?.recordsWritten);
    expect(await readAll(target)).toHaveLength(paused.progress!.recordsWritten);
    await operator.replays.resume({ id: planned.id });
    await waitFor(
      () => operator.replays.get({ id: planned.id }),
      (replay) => (replay.progress?.recordsWritten ?? 0) > paused.progress!.recordsWritten + 20,
      'more records after resuming',
    );
    expect((await operator.replays.cancel({ id: planned.id })).status).toBe('cancelled');
    const cancelled = await operator.replays.get({ id: planned.id });
    const written = cancelled.progress!.recordsWritten;
    expect(written).toBeLessThan(600);
    const copied = await readAll(target);
    expect(copied).toHaveLength(written);
    expect(new Set(copied.map((record) => record.value!.toString())).size).toBe(written);
    const audit = await auditOf(planned.id);
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['replay.pause', 'replay.resume', 'replay.cancel']));
    expect(audit.find((row) => row.action === 'replay.cancel')?.after).toMatchObject({ status: 'cancelled', recordsWritten: written });
    expect(await codeOf(operator.replays.resume({ id: planned.id }))).toMatch(/CONFLICT/);
  }, 120_000);

  it('stops with what was lost and what was copied when retention deletes the range mid-job', async () => {
    const source = `replay-retention-${suffix}`;
    const target = `replay-retention-dst-${suffix}`;
    await createTopic(source, 1);
    await createTopic(target, 1);
    await produce(source, 1, 400);
    const planned = await operator.replays.plan({
      clusterId,
      sourceTopic: source,
      targetTopic: target,
      settings: { partitioning: 'same', keepTimestamps: true, rateLimit: { recordsPerSecond: 40 } },
    });
    await operator.replays.start({ id: planned.id });
    const before = await waitFor(
      () => operator.replays.get({ id: planned.id }),
      (replay) => (replay.progress?.recordsWritten ?? 0) >= 10,
      'some records copied',
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [source] });
    await admin.deleteTopicRecords({ topic: source, partitions: [{ partition: 0, offset: '300' }] });
    await admin.disconnect();
    const failed = await waitForStatus(operator, planned.id, ['failed', 'completed']);
    expect(failed.status).toBe('failed');
    expect(failed.outcomeMessage).toMatch(
      /Records \d+\.\.299 of partition 0 of replay-retention-.* were deleted .* before they were copied\. Copied \d+ records/,
    );
    const written = failed.progress!.recordsWritten;
    expect(written).toBeGreaterThanOrEqual(before.progress!.recordsWritten);
    expect(written).toBeLessThan(300);
    expect(await readAll(target)).toHaveLength(written);
    const finish = (await auditOf(planned.id)).find((row) => row.action === 'replay.finish');
    expect(finish).toMatchObject({ outcome: 'failed', parameters: { counts: { recordsWritten: written } } });
    expect(finish?.error).toContain('were deleted');
  }, 120_000);

  it('shows the error while the cluster is away, retries, and resumes without losing or repeating a record', async () => {
    const source = `replay-outage-${suffix}`;
    const target = `replay-outage-dst-${suffix}`;
    await createTopic(source, 2);
    await createTopic(target, 2);
    await produce(source, 2, 150);
    const planned = await operator.replays.plan({
      clusterId,
      sourceTopic: source,
      targetTopic: target,
      settings: { partitioning: 'same', keepTimestamps: true, rateLimit: { recordsPerSecond: 50 } },
    });
    await operator.replays.start({ id: planned.id });
    await waitFor(
      () => operator.replays.get({ id: planned.id }),
      (replay) => (replay.progress?.recordsWritten ?? 0) >= 20,
      'some records copied',
    );
    await cluster.broker.stop();
    const interrupted = await waitFor(
      () => operator.replays.get({ id: planned.id }),
      (replay) => replay.lastError !== null,
      'the error on the replay',
    );
    expect(interrupted.status).toBe('running');
    await cluster.broker.restart();
    const done = await waitForStatus(operator, planned.id, ['completed', 'failed'], 120_000);
    expect(done).toMatchObject({ status: 'completed', lastError: null, progress: { recordsWritten: 300 } });
    const copied = await readAll(target);
    expect(copied).toHaveLength(300);
    expect(new Set(copied.map((record) => record.value!.toString())).size).toBe(300);
    const actions = (await auditOf(planned.id)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['replay.interrupt', 'replay.recover', 'replay.finish']));
  }, 180_000);
});
