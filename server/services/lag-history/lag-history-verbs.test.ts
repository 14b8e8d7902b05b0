// The chart verbs over stored samples: rates from counters, gaps as markers with their reason, bounded series,
// the overview's worst groups. Samples are stored as the sampler stores them (store-samples.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSample } from '../../jobs/lag-sample-round.ts';
import { LagKeyCache, storeClusterSample, storeFailedRound } from '../../lag-history/store-samples.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { NO_SAMPLES_REASON, thin } from './lag-chart.ts';

const clusterId = 'built-in';
const stepMs = 15_000;
let runtime: TestRuntime;
let viewer: Awaited<ReturnType<TestRuntime['callerAs']>>;
const startMs = Math.floor((Date.now() - 30 * 60_000) / stepMs) * stepMs;

/** Round i: topic "orders" grows 30 records per round (2 partitions), group "billing" reads 15: lag grows 15. */
function round(index: number): ClusterSample {
  const end = 100 + index * 15;
  const committed = 50 + index * 7;
  return {
    clusterId,
    sampledAtMs: startMs + index * stepMs,
    brokers: 1,
    groupsLeftOut: 0,
    groups: [
      {
        groupId: 'billing',
        state: 'Stable',
        members: 2,
        topics: [
          {
            topic: 'orders',
            lag: 2 * (end - committed),
            timeLagMs: 1_000 * (index + 1),
            partitions: [0, 1].map((partition) => ({
              partition,
              committedOffset: committed,
              lag: end - committed,
              timeLagMs: 1_000 * (index + 1),
            })),
          },
        ],
      },
      {
        groupId: 'idle',
        state: 'Empty',
        members: 0,
        topics: [{ topic: 'orders', lag: 0, timeLagMs: 0, partitions: [{ partition: 0, committedOffset: end, lag: 0, timeLagMs: 0 }] }],
      },
    ],
    topics: [
      { topic: 'orders', partitions: [0, 1].map((partition) => ({ partition, logStartOffset: 0, endOffset: end, sizeBytes: end * 10 })) },
    ],
  };
}

beforeAll(async () => {
  runtime = await createTestRuntime('pglite');
  viewer = await runtime.callerAs('viewer');
  const keys = new LagKeyCache();
  // Rounds 0-9, round 4 failed, then nothing for 10 rounds (console stopped), then rounds 20-24.
  for (const index of [0, 1, 2, 3, 5, 6, 7, 8, 9, 20, 21, 22, 23, 24]) await storeClusterSample(runtime.db, round(index), keys, 5);
  await storeFailedRound(runtime.db, clusterId, startMs + 4 * stepMs, 30_000, 'Cannot list groups: connection refused');
}, 60_000);
afterAll(async () => {
  await runtime?.close();
});

describe('lag history verbs', () => {
  it("charts a group's lag, time lag and consumption vs production, with gaps as markers that say why", async () => {
    const history = await viewer.lagHistory.getGroup({ clusterId, groupId: 'billing', range: '1h' });
    expect(history.resolution).toBe('raw');
    expect(history.stepMs).toBe(stepMs);
    const samples = history.points.filter((point) => point.gap === null);
    expect(samples).toHaveLength(14);
    expect(samples[1].lag).toBe(2 * (115 - 57));
    expect(samples[1].partitions).toEqual({ 'orders/0': 58, 'orders/1': 58 });
    // 2 partitions x 7 records per 15 s read, 2 x 15 written.
    expect(samples[1].consumedPerSecond).toBeCloseTo(14 / 15);
    expect(samples[1].producedPerSecond).toBeCloseTo(30 / 15);
    // Across one failed round the counters still give the exact average; across the stopped stretch, no rate.
    expect(samples[4].consumedPerSecond).toBeCloseTo(14 / 15);
    expect(samples[9].consumedPerSecond).toBeNull();
    expect(samples[10].consumedPerSecond).toBeCloseTo(14 / 15);
    const gaps = history.points.filter((point) => point.gap !== null);
    expect(gaps.map((gap) => gap.gap)).toEqual(['Cannot list groups: connection refused', NO_SAMPLES_REASON]);
    expect(gaps[0].at.getTime()).toBe(startMs + 4 * stepMs);
    expect(gaps.every((gap) => gap.lag === null)).toBe(true);
    expect(history.partitionKeys).toEqual(['orders/0', 'orders/1']);
  });

  it("charts a topic's produce rate and bytes on disk", async () => {
    const history = await viewer.lagHistory.getTopic({ clusterId, topic: 'orders', range: '1h' });
    expect(history.sizesKnown).toBe(true);
    const samples = history.points.filter((point) => point.gap === null);
    expect(samples.length).toBeGreaterThan(0);
    const last = samples[samples.length - 1];
    expect(last.producedPerSecond).toBeCloseTo(2);
    expect(last.sizeBytes).toBe(2 * (100 + 24 * 15) * 10);
  });

  it('lists the groups with the most lag and the worst time lag from the newest round, leaving out caught-up groups', async () => {
    const worst = await viewer.lagHistory.listWorstGroups({ clusterId, range: '1h' });
    expect(worst.sampledAt?.getTime()).toBe(startMs + 24 * stepMs);
    expect(worst.sampledGroups).toBe(2);
    expect(worst.byLag.map((group) => group.groupId)).toEqual(['billing']);
    expect(worst.byTimeLag[0].timeLagMs).toBe(25_000);
    expect(worst.byLag[0].series.filter((point) => point.gap === null)).toHaveLength(14);
    expect(worst.latestRound?.error).toBeNull();
  });

  it('thins long series to the bound, keeping gap markers and the largest lag', () => {
    const points = Array.from({ length: 1_000 }, (_, i) => ({ atMs: i, gap: i === 500 ? 'down' : null, lag: i % 7 }));
    const thinned = thin(points, 100, (group) => ({ ...group[group.length - 1], lag: Math.max(...group.map((p) => p.lag)) }));
    expect(thinned.length).toBeLessThanOrEqual(101);
    expect(thinned.filter((point) => point.gap === 'down')).toHaveLength(1);
    expect(thinned[0].lag).toBe(6);
  });
});
