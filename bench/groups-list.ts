// The console's consumer groups list (groups.list through tRPC, as the page calls it) with 2,000 groups on the
// built-in broker, next to the same calls with a baseline of 20 groups in the same run: the ratio says whether
// the list stays fast on a busy cluster. Every group commits on the 8 partitions of one of 10 topics, each a
// different distance behind, so lag and time lag are real reads.
import { Kafka, logLevel } from 'kafkajs';
import { startBuiltInTestCluster, type BuiltInTestCluster } from '../server/test-support/test-cluster.ts';
import { createTestRuntime } from '../server/test-support/test-runtime.ts';
import { commitGroupOffsets } from './commit-group-offsets.ts';
import { medianOf, type ScaleMeasurement } from './results-table.ts';

export const groupsListSizes = { baseline: 20, large: 2_000 };
const topics = 10;
const partitionsPerTopic = 8;
const recordsPerPartition = 20;
const callsPerFigure = 10;

const topicName = (index: number) => `groups-bench-${String(index).padStart(2, '0')}`;
const groupName = (index: number) => `groups-bench-group-${String(index).padStart(4, '0')}`;

/** Topics with records written an hour ago, so time lag reads a real record's timestamp. */
async function prepareTopics(bootstrap: string): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'groups-bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: Array.from({ length: topics }, (_, i) => ({ topic: topicName(i), numPartitions: partitionsPerTopic })),
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const hourAgoMs = Date.now() - 3_600_000;
  for (let t = 0; t < topics; t++) {
    const messages = Array.from({ length: partitionsPerTopic * recordsPerPartition }, (_, i) => ({
      partition: i % partitionsPerTopic,
      value: `r${i}`,
      timestamp: String(hourAgoMs + i * 100),
    }));
    await producer.send({ topic: topicName(t), messages });
  }
  await producer.disconnect();
}

/** Commits offsets for groups [from, to): each group on one topic, a different distance behind. */
async function createGroups(bootstrap: string, from: number, to: number): Promise<void> {
  await commitGroupOffsets(
    bootstrap,
    Array.from({ length: to - from }, (_, i) => ({
      groupId: groupName(from + i),
      topic: topicName((from + i) % topics),
      offsets: Array.from({ length: partitionsPerTopic }, (_, partition) => (from + i + partition) % recordsPerPartition),
    })),
  );
}

interface CallFigures {
  firstPageMs: number;
  sortedByLagMs: number;
  searchMs: number;
}

/** Median milliseconds of the calls the page makes: first page by id, sorted by lag, a search. */
async function measureList(cluster: BuiltInTestCluster): Promise<CallFigures> {
  const runtime = await createTestRuntime('pglite', { cluster });
  try {
    const viewer = await runtime.callerAs('viewer');
    const clusterId = 'built-in';
    const calls = {
      firstPageMs: () => viewer.groups.list({ clusterId, pageSize: 50 }),
      sortedByLagMs: () => viewer.groups.list({ clusterId, sortBy: 'lag', sortDirection: 'desc', pageSize: 50 }),
      searchMs: () => viewer.groups.list({ clusterId, search: 'group-001', pageSize: 50 }),
    };
    const figures = {} as CallFigures;
    for (const [name, call] of Object.entries(calls) as [keyof CallFigures, () => Promise<unknown>][]) {
      await call();
      const times: number[] = [];
      for (let i = 0; i < callsPerFigure; i++) {
        const started = performance.now();
        await call();
        times.push(performance.now() - started);
      }
      figures[name] = medianOf(times);
    }
    return figures;
  } finally {
    await runtime.close();
  }
}

export async function benchGroupsList(): Promise<ScaleMeasurement[]> {
  const cluster = await startBuiltInTestCluster();
  try {
    await prepareTopics(cluster.bootstrap);
    await createGroups(cluster.bootstrap, 0, groupsListSizes.baseline);
    console.error(`[bench] groups.list with ${groupsListSizes.baseline} groups`);
    const baseline = await measureList(cluster);
    await createGroups(cluster.bootstrap, groupsListSizes.baseline, groupsListSizes.large);
    console.error(`[bench] groups.list with ${groupsListSizes.large} groups`);
    const large = await measureList(cluster);
    return [
      { label: 'groups.list first page of 50, by group id', baselineMs: baseline.firstPageMs, largeMs: large.firstPageMs },
      {
        label: 'groups.list first page of 50, sorted by lag (reads every group)',
        baselineMs: baseline.sortedByLagMs,
        largeMs: large.sortedByLagMs,
      },
      { label: 'groups.list search "group-001"', baselineMs: baseline.searchMs, largeMs: large.searchMs },
    ];
  } finally {
    await cluster.stop();
  }
}
