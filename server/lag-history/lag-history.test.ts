// Storage, roll-ups, retention and gaps of the lag history on both databases the console runs on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupLagSamples, lagResolutions, lagSampleRounds, topicOffsetSamples } from '../db/schema/index.ts';
import type { ClusterSample } from '../jobs/lag-sample-round.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test-support/test-database.ts';
import { readGroupLagWindow, readLatestGroupLag, readSampleGaps, readTopicOffsetWindow } from './read-lag-history.ts';
import { deleteExpired, HOUR_MS, largestPerElement, MINUTE_MS, rollUp } from './rollup.ts';
import { byPartition, LagKeyCache, storeClusterSample, storeFailedRound } from './store-samples.ts';

const clusterId = 'built-in';
// A fixed hour boundary, so buckets are easy to reason about.
const baseMs = Date.UTC(2026, 0, 5, 10, 0, 0);

/** Group g-1 on topic t (3 partitions): partition 1 never committed; lag grows by `step` per sample. */
function sampleAt(index: number, step = 10): ClusterSample {
  const end = 1_000 + index * 20;
  const committed = 1_000 + index * 20 - (100 + index * step);
  return {
    clusterId,
    sampledAtMs: baseMs + index * 15_000,
    brokers: 1,
    groupsLeftOut: 0,
    groups: [
      {
        groupId: 'g-1',
        state: 'Empty',
        members: 0,
        topics: [
          {
            topic: 't',
            lag: 2 * (end - committed),
            timeLagMs: 60_000 + index * 15_000,
            partitions: [
              { partition: 0, committedOffset: committed, lag: end - committed, timeLagMs: 60_000 + index * 15_000 },
              { partition: 1, committedOffset: null, lag: null, timeLagMs: null },
              { partition: 2, committedOffset: committed, lag: end - committed, timeLagMs: 30_000 },
            ],
          },
        ],
      },
    ],
    topics: [
      {
        topic: 't',
        partitions: [0, 1, 2].map((partition) => ({
          partition,
          logStartOffset: 0,
          endOffset: end,
          sizeBytes: partition === 1 ? null : end * 100,
        })),
      },
    ],
  };
}

describe.each(databaseKinds)('lag history on %s', (kind) => {
  let database: TestDatabase;
  const keys = new LagKeyCache();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // 8 rounds = 2 minutes of raw samples; round 5 failed (a gap).
    for (let index = 0; index < 8; index++) {
      if (index === 5)
        await storeFailedRound(database.db, clusterId, baseMs + index * 15_000, 15_000, 'The cluster did not answer within 15000 ms.');
      else await storeClusterSample(database.db, sampleAt(index), keys, 12);
    }
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it('stores one row per group, topic and sample with not-measurable partitions as null, never 0', async () => {
    const window = await readGroupLagWindow(database.db, {
      clusterId,
      groupId: 'g-1',
      fromMs: baseMs,
      toMs: baseMs + 10 * MINUTE_MS,
      resolution: 'raw',
    });
    expect(window.points).toHaveLength(7);
    const first = window.points[0];
    expect(first.sampledAt.getTime()).toBe(baseMs);
    expect(first.lag).toBe(200);
    expect(first.topics[0].partitions).toEqual([
      { partition: 0, committedOffset: 900, lag: 100, timeLagMs: 60_000 },
      { partition: 2, committedOffset: 900, lag: 100, timeLagMs: 30_000 },
    ]);
    const rows = await database.db.select().from(groupLagSamples);
    expect(rows).toHaveLength(7);
    expect(rows[0].committedOffsets[1]).toBeNull();
    expect(rows[0].partitionLags).toEqual([100, null, 100]);
  });

  it('stores a failed round as a gap with its reason, and no samples at that time', async () => {
    const window = await readGroupLagWindow(database.db, {
      clusterId,
      groupId: 'g-1',
      fromMs: baseMs,
      toMs: baseMs + 10 * MINUTE_MS,
      resolution: 'raw',
    });
    expect(window.points.map((p) => p.sampledAt.getTime())).not.toContain(baseMs + 5 * 15_000);
    expect(window.gaps).toEqual([{ sampledAt: new Date(baseMs + 5 * 15_000), reason: 'The cluster did not answer within 15000 ms.' }]);
    expect(await readSampleGaps(database.db, { clusterId: 'other', fromMs: baseMs, toMs: baseMs + HOUR_MS })).toEqual([]);
  });

  it('reads topic end offsets and sizes per sample', async () => {
    const window = await readTopicOffsetWindow(database.db, {
      clusterId,
      topic: 't',
      fromMs: baseMs,
      toMs: baseMs + 10 * MINUTE_MS,
      resolution: 'raw',
    });
    expect(window.points).toHaveLength(7);
    expect(window.points[1].endOffsetSum).toBe(3 * 1_020);
    expect(window.points[1].sizeBytesSum).toBe(2 * 1_020 * 100);
    expect(window.points[1].partitions[1].sizeBytes).toBeNull();
  });

  it('reads the newest round of every group', async () => {
    const latest = await readLatestGroupLag(database.db, { clusterId });
    expect(latest).toHaveLength(1);
    expect(latest[0].groupId).toBe('g-1');
    expect(latest[0].sampledAt.getTime()).toBe(baseMs + 7 * 15_000);
    expect(latest[0].lag).toBe(2 * (100 + 7 * 10));
  });

  it('rolls raw samples up per minute: last offsets, largest lag, and hours from minutes', async () => {
    // Two minutes of samples; the second minute settles 2 minutes after its end.
    expect(await rollUp(database.db, 'minute', baseMs + 2 * MINUTE_MS + 2 * MINUTE_MS)).toBe(2);
    const minutes = await readGroupLagWindow(database.db, {
      clusterId,
      groupId: 'g-1',
      fromMs: baseMs,
      toMs: baseMs + HOUR_MS,
      resolution: 'minute',
    });
    expect(minutes.points.map((p) => p.sampledAt.getTime())).toEqual([baseMs, baseMs + MINUTE_MS]);
    // Minute 0 holds samples 0..3: committed of sample 3, largest lag of sample 3 (lag grows).
    const minute0 = minutes.points[0].topics[0];
    expect(minute0.partitions[0]).toEqual({ partition: 0, committedOffset: 1_060 - 130, lag: 130, timeLagMs: 105_000 });
    expect(minute0.lag).toBe(260);
    // Minute 1 holds samples 4, 6, 7 (5 is the gap).
    expect(minutes.points[1].topics[0].partitions[0].lag).toBe(170);
    const topicMinutes = await readTopicOffsetWindow(database.db, {
      clusterId,
      topic: 't',
      fromMs: baseMs,
      toMs: baseMs + HOUR_MS,
      resolution: 'minute',
    });
    expect(topicMinutes.points.map((p) => p.endOffsetSum)).toEqual([3 * 1_060, 3 * 1_140]);
    // Rolling up again writes nothing new.
    expect(await rollUp(database.db, 'minute', baseMs + 4 * MINUTE_MS)).toBe(0);
    // The hour is complete only once its minutes are: not yet.
    expect(await rollUp(database.db, 'hour', baseMs + 4 * MINUTE_MS)).toBe(0);
    expect(await rollUp(database.db, 'minute', baseMs + HOUR_MS + 3 * MINUTE_MS)).toBeGreaterThan(0);
    expect(await rollUp(database.db, 'hour', baseMs + HOUR_MS + 3 * MINUTE_MS)).toBe(1);
    const hours = await readGroupLagWindow(database.db, {
      clusterId,
      groupId: 'g-1',
      fromMs: baseMs,
      toMs: baseMs + 2 * HOUR_MS,
      resolution: 'hour',
    });
    expect(hours.points).toHaveLength(1);
    expect(hours.points[0].lag).toBe(340);
    expect(hours.points[0].topics[0].partitions[0].committedOffset).toBe(1_140 - 170);
  });

  it('deletes each resolution past its retention, and keeps gaps as long as the coarsest samples', async () => {
    const retention = { rawMs: 30 * MINUTE_MS, minuteMs: 2 * HOUR_MS, hourMs: 48 * HOUR_MS };
    await deleteExpired(database.db, retention, baseMs + HOUR_MS);
    const count = async (resolution: number) =>
      (await database.db.select().from(groupLagSamples)).filter((row) => row.resolution === resolution).length;
    expect(await count(lagResolutions.raw)).toBe(0);
    expect(await count(lagResolutions.minute)).toBe(2);
    expect(await count(lagResolutions.hour)).toBe(1);
    expect((await database.db.select().from(topicOffsetSamples)).filter((r) => r.resolution === lagResolutions.raw)).toHaveLength(0);
    const rounds = await database.db.select().from(lagSampleRounds);
    expect(rounds.map((round) => round.error)).toEqual(['The cluster did not answer within 15000 ms.']);
    await deleteExpired(database.db, retention, baseMs + 3 * HOUR_MS);
    expect(await count(lagResolutions.minute)).toBe(0);
    expect(await count(lagResolutions.hour)).toBe(1);
    await deleteExpired(database.db, retention, baseMs + 50 * HOUR_MS);
    expect(await count(lagResolutions.hour)).toBe(0);
    expect(await database.db.select().from(lagSampleRounds)).toEqual([]);
  });
});

describe('array helpers', () => {
  it('indexes values by partition number, null where a partition is absent', () => {
    expect(byPartition([{ partition: 2 }, { partition: 0 }], (p) => p.partition * 10)).toEqual([0, null, 20]);
  });
  it('takes the largest per element, ignoring nulls, over arrays of different lengths', () => {
    expect(largestPerElement([[1, null], [3, null, 5], [2]])).toEqual([3, null, 5]);
  });
});
