// Exactly once across a crash: a console process (a real child, server/test-support/console-jobs-main.ts,
// started as the web server starts its jobs) copies a replay, is killed with SIGKILL mid-replay, and a new
// console process finishes it. Read with READ_COMMITTED, the target then holds every selected record exactly
// once: the copies of the transaction open at the kill were aborted, and the restart resumed from the positions
// committed in that same transaction. Postgres is the shared database (PGlite is one process's).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nodeBinary, repoRoot } from '../../e2e/fixtures/repo-paths.ts';
import { type FetchedRecord, RecordFetcher } from '../kafka/record-fetcher.ts';
import { startTestCluster, type TestCluster } from '../test-support/test-cluster.ts';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';

const clusterId = 'built-in';
const suffix = Date.now().toString(36);
const source = `crash-src-${suffix}`;
const target = `crash-dst-${suffix}`;
const partitions = 3;
const recordsPerPartition = 1_000;

let cluster: TestCluster;
let database: TestDatabase;
let runtime: TestRuntime;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
  database = await createTestDatabase('postgres');
  runtime = await createTestRuntime('postgres', { cluster, database });
  dataDir = await mkdtemp(path.join(tmpdir(), 'samsa-replay-crash-'));
  const kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'replay-crash-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: source, numPartitions: partitions },
      { topic: target, numPartitions: partitions },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let partition = 0; partition < partitions; partition++) {
    await producer.send({
      topic: source,
      messages: Array.from({ length: recordsPerPartition }, (_, i) => ({ partition, key: `k${i}`, value: `${partition}:${i}` })),
    });
  }
  await producer.disconnect();
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await runtime?.close();
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A console process running the background jobs; resolves once they are started. */
async function startConsoleJobs(): Promise<ChildProcess> {
  const child = spawn(nodeBinary, [path.join(repoRoot, 'server/test-support/console-jobs-main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...cluster.consoleEnv,
      DATABASE_URL: database.url!,
      SAMSA_DATA_DIR: dataDir,
      SAMSA_ADMIN_PASSWORD: 'crash-test-password',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console jobs did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('console jobs started')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`console jobs exited with ${code}:\n${output}`)));
  });
  return child;
}

async function readCommitted(topic: string): Promise<FetchedRecord[]> {
  const connection = await runtime.clusters.connection(clusterId);
  const info = (await runtime.clusters.metadata(clusterId, { fresh: true })).topics.find((candidate) => candidate.name === topic)!;
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

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('copies every selected record exactly once across a kill -9 of the console mid-replay', async () => {
  const operator = await runtime.callerAs('operator');
  const planned = await operator.replays.plan({
    clusterId,
    sourceTopic: source,
    targetTopic: target,
    settings: { partitioning: 'key', keepTimestamps: true, rateLimit: { recordsPerSecond: 400 } },
  });
  expect(planned.plan.totalRecords).toBe(partitions * recordsPerPartition);
  // This test process does not run jobs: the console process does.
  await operator.replays.start({ id: planned.id });
  const first = await startConsoleJobs();
  const before = await waitFor(
    () => operator.replays.get({ id: planned.id }),
    (replay) => (replay.progress?.recordsWritten ?? 0) >= 600,
    'the first console to copy some records',
    120_000,
  );
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  expect(before.status).toBe('running');
  expect(before.progress!.recordsWritten).toBeLessThan(partitions * recordsPerPartition);

  await startConsoleJobs();
  const done = await waitFor(
    () => operator.replays.get({ id: planned.id }),
    (replay) => replay.status !== 'running',
    'the replay to finish',
    180_000,
  );
  expect(done.status).toBe('completed');
  expect(done.progress).toMatchObject({ recordsRead: 3_000, recordsWritten: 3_000 });

  const copied = await readCommitted(target);
  const values = copied.map((record) => record.value!.toString());
  expect(values).toHaveLength(3_000);
  expect(new Set(values).size).toBe(3_000);
  for (let partition = 0; partition < partitions; partition++) for (const i of [0, 499, 999]) expect(values).toContain(`${partition}:${i}`);
}, 400_000);
