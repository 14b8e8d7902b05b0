// The lag sampler at the size: 1,000 consumer groups x 50 partitions each on the built-in broker,
// sampled by the console's own job (LagSampler.sampleOnce: ListGroups, DescribeGroups, OffsetFetch,
// ListOffsets, DescribeLogDirs, the time-lag Fetches, then the batched inserts), timed against the 15 s
// interval budget, on PGlite (the default) and Postgres. Also the bytes stored per round, and from them per
// day of raw samples. Bounded: a fixed number of rounds, small records.
import { Kafka, logLevel } from 'kafkajs';
import { sql } from 'drizzle-orm';
import { startBuiltInTestCluster } from '../server/test-support/test-cluster.ts';
import { createTestRuntime } from '../server/test-support/test-runtime.ts';
import type { DatabaseKind } from '../server/test-support/test-database.ts';
import { commitGroupOffsets } from './commit-group-offsets.ts';

export const samplerBenchSize = { groups: 1_000, partitionsPerGroup: 50, topics: 20, recordsPerPartition: 20 };
export const intervalBudgetMs = 15_000;
const steadyRounds = 3;
const roundsPerDay = 86_400_000 / intervalBudgetMs;

export interface SamplerMeasurement {
  database: DatabaseKind;
  /** First round: every time lag read with a Fetch. */
  coldRoundMs: number;
  /** Median of the next rounds: groups unchanged, time-lag timestamps cached. */
  steadyRoundMs: number;
  bytesPerRound: number;
  rowsPerRound: number;
}

export async function benchSampler(databases: DatabaseKind[]): Promise<SamplerMeasurement[]> {
  const cluster = await startBuiltInTestCluster();
  try {
    await prepareGroups(cluster.bootstrap);
    const results: SamplerMeasurement[] = [];
    for (const database of databases) results.push(await measure(cluster, database));
    return results;
  } finally {
    await cluster.stop();
  }
}

/** Topics of 50 partitions, 20 records each; every group commits on one topic's 50 partitions, offsets varied. */
async function prepareGroups(bootstrap: string): Promise<void> {
  const { groups, partitionsPerGroup, topics, recordsPerPartition } = samplerBenchSize;
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'sampler-bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topicName = (index: number) => `sampler-bench-${String(index).padStart(2, '0')}`;
  await admin.createTopics({
    topics: Array.from({ length: topics }, (_, i) => ({ topic: topicName(i), numPartitions: partitionsPerGroup })),
  });
  const producer = kafka.producer();
  await producer.connect();
  const hourAgoMs = Date.now() - 3_600_000;
  for (let t = 0; t < topics; t++) {
    const messages = Array.from({ length: partitionsPerGroup * recordsPerPartition }, (_, i) => ({
      partition: i % partitionsPerGroup,
      value: `r${i}`,
      timestamp: String(hourAgoMs + i * 100),
    }));
    await producer.send({ topic: topicName(t), messages });
  }
  await producer.disconnect();
  await admin.disconnect();
  console.error(`[bench] sampler: committing offsets for ${groups} groups x ${partitionsPerGroup} partitions`);
  await commitGroupOffsets(
    bootstrap,
    Array.from({ length: groups }, (_, group) => ({
      groupId: `sampler-bench-group-${String(group).padStart(4, '0')}`,
      topic: topicName(group % topics),
      // Each group a different distance behind (0..recordsPerPartition-1): many distinct time-lag reads.
      offsets: Array.from({ length: partitionsPerGroup }, (_, partition) => (group + partition) % recordsPerPartition),
    })),
  );
}

async function measure(cluster: Awaited<ReturnType<typeof startBuiltInTestCluster>>, database: DatabaseKind): Promise<SamplerMeasurement> {
  const runtime = await createTestRuntime(database, { cluster });
  try {
    console.error(`[bench] sampler on ${database}: cold round`);
    const startMs = Date.now();
    const cold = await runtime.lagSampler.sampleOnce('built-in', startMs);
    if (cold.error) throw new Error(`the sampling round failed: ${cold.error}`);
    const afterFirst = await storedBytes(runtime.db);
    const steady: number[] = [];
    for (let round = 1; round <= steadyRounds; round++) {
      const result = await runtime.lagSampler.sampleOnce('built-in', startMs + round * intervalBudgetMs);
      if (result.error) throw new Error(`the sampling round failed: ${result.error}`);
      steady.push(result.durationMs);
    }
    const afterAll = await storedBytes(runtime.db);
    const groupCount = runtime.lagSampler.latest('built-in')?.groups.length ?? 0;
    if (groupCount < samplerBenchSize.groups) throw new Error(`only ${groupCount} groups were sampled`);
    return {
      database,
      coldRoundMs: cold.durationMs,
      steadyRoundMs: steady.sort((a, b) => a - b)[Math.floor(steady.length / 2)],
      bytesPerRound: (afterAll.bytes - afterFirst.bytes) / steadyRounds,
      rowsPerRound: (afterAll.rows - afterFirst.rows) / steadyRounds,
    };
  } finally {
    await runtime.close();
  }
}

/** Bytes of the sample tables with their indexes and TOAST, and their row count. */
async function storedBytes(db: Awaited<ReturnType<typeof createTestRuntime>>['db']): Promise<{ bytes: number; rows: number }> {
  const result = await db.execute<{ bytes: string | number; rows: string | number }>(sql`
    SELECT pg_total_relation_size('group_lag_samples') + pg_total_relation_size('topic_offset_samples')
             + pg_total_relation_size('lag_sample_rounds') AS bytes,
           (SELECT count(*) FROM group_lag_samples) + (SELECT count(*) FROM topic_offset_samples) AS rows`);
  const row = (Array.isArray(result) ? result[0] : (result as { rows: { bytes: string | number; rows: string | number }[] }).rows[0]) as {
    bytes: string | number;
    rows: string | number;
  };
  return { bytes: Number(row.bytes), rows: Number(row.rows) };
}

export function formatSamplerTable(rows: SamplerMeasurement[]): string {
  const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
  const header = [
    'database',
    'cold round (every time lag fetched)',
    'ratio to 15 s',
    'steady round (median)',
    'ratio to 15 s',
    'stored per round',
    'per day of raw samples (5,760 rounds)',
  ];
  const lines = rows.map((row) => [
    row.database,
    `${Math.round(row.coldRoundMs).toLocaleString('en-US')} ms`,
    `${(row.coldRoundMs / intervalBudgetMs).toFixed(2)}x`,
    `${Math.round(row.steadyRoundMs).toLocaleString('en-US')} ms`,
    `${(row.steadyRoundMs / intervalBudgetMs).toFixed(2)}x`,
    `${Math.round(row.bytesPerRound / 1024).toLocaleString('en-US')} KiB (${Math.round(row.rowsPerRound).toLocaleString('en-US')} rows)`,
    mib(row.bytesPerRound * roundsPerDay),
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
