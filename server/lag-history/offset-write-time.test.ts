// When a gone record was written, from sampled end offsets: raw samples first, roll-ups for older offsets,
// null when the history does not reach back to the offset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lagResolutions, lagTopics, topicOffsetSamples } from '../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import { estimateOffsetWriteTime } from './offset-write-time.ts';

const t0 = Date.parse('2026-12-01T00:00:00Z');
const minute = 60_000;

describe('estimateOffsetWriteTime', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const [topic] = await database.db.insert(lagTopics).values({ clusterId: 'c', topic: 'orders' }).returning({ id: lagTopics.id });
    const sample = (resolution: number, atMs: number, endOffsets: (number | null)[]) => ({
      topicKey: topic.id,
      resolution,
      sampledAt: new Date(atMs),
      logStartOffsets: endOffsets.map(() => 0),
      endOffsets,
      sizeBytes: null,
    });
    await database.db.insert(topicOffsetSamples).values([
      // Hour roll-ups reach furthest back: partition 1 went from 0 to 600 in that hour.
      sample(lagResolutions.hour, t0 - 120 * minute, [0, 0]),
      sample(lagResolutions.hour, t0 - 60 * minute, [100, 600]),
      // Raw samples, the last hour: partition 0 from 100 to 200 in ten minutes, then 200 to 300.
      sample(lagResolutions.raw, t0 - 20 * minute, [100, 600]),
      sample(lagResolutions.raw, t0 - 10 * minute, [200, null]),
      sample(lagResolutions.raw, t0, [300, 700]),
    ]);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const estimate = (partition: number, offset: number, topic = 'orders') =>
    estimateOffsetWriteTime(database.db, { clusterId: 'c', topic, partition, offset });

  it('interpolates between the raw samples around the offset', async () => {
    // Offset 149 is the 50th of the 100 records written between t0-20 min and t0-10 min.
    await expect(estimate(0, 149)).resolves.toBe(t0 - 15 * minute);
    await expect(estimate(0, 299)).resolves.toBe(t0);
  });

  it('skips samples where the partition was not measurable', async () => {
    // Partition 1: 600 at t0-20 min, unknown at t0-10 min, 700 at t0.
    await expect(estimate(1, 649)).resolves.toBe(t0 - 10 * minute);
  });

  it('falls back to the roll-ups for offsets older than the raw samples', async () => {
    await expect(estimate(1, 299)).resolves.toBe(t0 - 90 * minute);
  });

  it('says nothing when the history does not reach back to the offset or the topic was never sampled', async () => {
    await expect(estimate(0, 300)).resolves.toBeNull();
    await expect(estimate(0, 5, 'never-sampled')).resolves.toBeNull();
  });
});
