// The console's topics list call (topics.list through tRPC, as the page makes it) with 10,000 topics on the
// built-in broker, next to the same call with a baseline of 100 topics in the same run: the ratio says
// whether the list stays as fast as it is on a small cluster (server-side paging over cached metadata).
import { createTopics } from '../e2e/fixtures/topic-admin.ts';
import { startBuiltInTestCluster, type BuiltInTestCluster } from '../server/test-support/test-cluster.ts';
import { createTestRuntime } from '../server/test-support/test-runtime.ts';
import { medianOf, type ScaleMeasurement } from './results-table.ts';

export const topicsListSizes = { baseline: 100, large: 10_000 };
const callsPerFigure = 20;
const createBatch = 500;

/** Median milliseconds of one page (50 rows, sorted by name) with warm and with fresh metadata. */
async function measureList(cluster: BuiltInTestCluster, search: string): Promise<{ warmMs: number; freshMs: number }> {
  // Connected as the console connects (its SASL login included).
  const runtime = await createTestRuntime('pglite', { cluster });
  try {
    const viewer = await runtime.callerAs('viewer');
    const list = () => viewer.topics.list({ clusterId: 'built-in', search, page: 2, pageSize: 50 });
    await list();
    const warm: number[] = [];
    const fresh: number[] = [];
    for (let call = 0; call < callsPerFigure; call++) {
      let started = performance.now();
      await list();
      warm.push(performance.now() - started);
      runtime.clusters.invalidate('built-in');
      started = performance.now();
      await list();
      fresh.push(performance.now() - started);
    }
    return { warmMs: medianOf(warm), freshMs: medianOf(fresh) };
  } finally {
    await runtime.close();
  }
}

export async function benchTopicsList(): Promise<ScaleMeasurement[]> {
  const cluster = await startBuiltInTestCluster();
  const broker = cluster.broker;
  try {
    const names = (prefix: string, count: number, offset = 0) =>
      Array.from({ length: count }, (_, index) => `${prefix}-${String(offset + index).padStart(5, '0')}`);
    await createTopics(
      broker.bootstrap,
      names('list', topicsListSizes.baseline).map((name) => ({ name, partitions: 1 })),
    );
    console.error(`[bench] topics.list with ${topicsListSizes.baseline} topics`);
    const baseline = await measureList(cluster, '');
    for (let created = topicsListSizes.baseline; created < topicsListSizes.large; created += createBatch) {
      const batch = Math.min(createBatch, topicsListSizes.large - created);
      await createTopics(
        broker.bootstrap,
        names('list', batch, created).map((name) => ({ name, partitions: 1 })),
      );
    }
    console.error(`[bench] topics.list with ${topicsListSizes.large} topics`);
    const large = await measureList(cluster, '');
    return [
      { label: 'topics.list page of 50, metadata cached', baselineMs: baseline.warmMs, largeMs: large.warmMs },
      { label: 'topics.list page of 50, metadata read fresh', baselineMs: baseline.freshMs, largeMs: large.freshMs },
    ];
  } finally {
    await cluster.stop();
  }
}
