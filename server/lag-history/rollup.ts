// Roll-ups and retention of the lag history, run by the sampler job itself. Raw samples roll up into one
// row per minute, minutes into one row per hour. In a bucket: committed and log offsets = the last sample's
// (they are counters: rates stay derivable), lag and time lag = the largest (per partition and the sums; an
// alert on "above N" must not be smoothed away), members = the last. Buckets are done in order and the
// position stored after each window, so a crash redoes at most one window (inserts ignore duplicates).
import { and, asc, eq, gte, isNotNull, isNull, lt, max, min, or, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import {
  groupLagSamples,
  lagGroups,
  lagResolutions,
  lagRollupPositions,
  lagSampleRounds,
  lagTopics,
  topicOffsetSamples,
} from '../db/schema/index.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** A minute bucket is rolled up once this much time has passed after its end (late rounds included). */
const SETTLE_MS = 2 * MINUTE_MS;
/** Group (or topic) keys read per query: bounds the rows held in memory at once. */
const KEYS_PER_QUERY = 250;
/** Windows rolled up per call: a console back after a long stop catches up over several calls. */
const MAX_WINDOWS_PER_CALL = 48;

export interface LagRetention {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
}

type Target = 'minute' | 'hour';

/** Rolls up every complete bucket not yet done; returns how many buckets were written. */
export async function rollUp(db: Database, target: Target, nowMs: number): Promise<number> {
  const bucketMs = target === 'minute' ? MINUTE_MS : HOUR_MS;
  const source = target === 'minute' ? lagResolutions.raw : lagResolutions.minute;
  // An hour needs its minutes first; a minute needs its late rounds.
  const readyUntilMs = target === 'minute' ? nowMs - SETTLE_MS : await positionOf(db, 'minute');
  if (readyUntilMs === null) return 0;
  const endMs = Math.floor(readyUntilMs / bucketMs) * bucketMs;
  let fromMs = await positionOf(db, target);
  if (fromMs === null) {
    const [first] = await db
      .select({ at: min(groupLagSamples.sampledAt) })
      .from(groupLagSamples)
      .where(eq(groupLagSamples.resolution, source));
    const [firstTopic] = await db
      .select({ at: min(topicOffsetSamples.sampledAt) })
      .from(topicOffsetSamples)
      .where(eq(topicOffsetSamples.resolution, source));
    const earliest = [first?.at, firstTopic?.at].filter((at): at is Date => at instanceof Date).map((at) => at.getTime());
    if (earliest.length === 0) return 0;
    fromMs = Math.floor(Math.min(...earliest) / bucketMs) * bucketMs;
  }
  // Minutes go five at a time (bounded rows per query); hours one at a time.
  const windowMs = target === 'minute' ? 5 * MINUTE_MS : HOUR_MS;
  let buckets = 0;
  for (let windows = 0; fromMs < endMs && windows < MAX_WINDOWS_PER_CALL; windows++) {
    const toMs = Math.min(fromMs + windowMs, endMs);
    await rollUpGroups(db, target, source, bucketMs, fromMs, toMs);
    await rollUpTopics(db, target, source, bucketMs, fromMs, toMs);
    await setPosition(db, target, toMs);
    buckets += (toMs - fromMs) / bucketMs;
    fromMs = toMs;
  }
  return buckets;
}

async function rollUpGroups(db: Database, target: Target, source: number, bucketMs: number, fromMs: number, toMs: number) {
  const [range] = await db.select({ low: min(lagGroups.id), high: max(lagGroups.id) }).from(lagGroups);
  if (range?.low == null || range.high == null) return;
  for (let low = range.low; low <= range.high; low += KEYS_PER_QUERY) {
    const rows = await db
      .select()
      .from(groupLagSamples)
      .where(
        and(
          gte(groupLagSamples.groupKey, low),
          lt(groupLagSamples.groupKey, low + KEYS_PER_QUERY),
          eq(groupLagSamples.resolution, source),
          gte(groupLagSamples.sampledAt, new Date(fromMs)),
          lt(groupLagSamples.sampledAt, new Date(toMs)),
        ),
      )
      .orderBy(asc(groupLagSamples.groupKey), asc(groupLagSamples.topicKey), asc(groupLagSamples.sampledAt));
    const buckets = new Map<string, typeof rows>();
    for (const row of rows) {
      const bucket = Math.floor(row.sampledAt.getTime() / bucketMs) * bucketMs;
      const key = `${row.groupKey}/${row.topicKey}/${bucket}`;
      const list = buckets.get(key) ?? [];
      list.push(row);
      buckets.set(key, list);
    }
    const rolled = [...buckets.values()].map((list) => {
      const last = list[list.length - 1];
      return {
        groupKey: last.groupKey,
        topicKey: last.topicKey,
        resolution: lagResolutions[target],
        sampledAt: new Date(Math.floor(last.sampledAt.getTime() / bucketMs) * bucketMs),
        members: last.members,
        lag: Math.max(...list.map((row) => row.lag)),
        timeLagMs: largest(list.map((row) => row.timeLagMs)),
        committedOffsets: last.committedOffsets,
        partitionLags: largestPerElement(list.map((row) => row.partitionLags)),
        partitionTimeLagsMs: largestPerElement(list.map((row) => row.partitionTimeLagsMs)),
      };
    });
    for (let start = 0; start < rolled.length; start += 1_000)
      await db
        .insert(groupLagSamples)
        .values(rolled.slice(start, start + 1_000))
        .onConflictDoNothing();
  }
}

async function rollUpTopics(db: Database, target: Target, source: number, bucketMs: number, fromMs: number, toMs: number) {
  const [range] = await db.select({ low: min(lagTopics.id), high: max(lagTopics.id) }).from(lagTopics);
  if (range?.low == null || range.high == null) return;
  for (let low = range.low; low <= range.high; low += KEYS_PER_QUERY * 4) {
    const rows = await db
      .select()
      .from(topicOffsetSamples)
      .where(
        and(
          gte(topicOffsetSamples.topicKey, low),
          lt(topicOffsetSamples.topicKey, low + KEYS_PER_QUERY * 4),
          eq(topicOffsetSamples.resolution, source),
          gte(topicOffsetSamples.sampledAt, new Date(fromMs)),
          lt(topicOffsetSamples.sampledAt, new Date(toMs)),
        ),
      )
      .orderBy(asc(topicOffsetSamples.topicKey), asc(topicOffsetSamples.sampledAt));
    // Rows are ordered by time: the last row of each bucket wins.
    const lastOfBucket = new Map<string, (typeof rows)[number]>();
    for (const row of rows) lastOfBucket.set(`${row.topicKey}/${Math.floor(row.sampledAt.getTime() / bucketMs)}`, row);
    const rolled = [...lastOfBucket.values()].map((row) => ({
      ...row,
      resolution: lagResolutions[target],
      sampledAt: new Date(Math.floor(row.sampledAt.getTime() / bucketMs) * bucketMs),
    }));
    for (let start = 0; start < rolled.length; start += 1_000)
      await db
        .insert(topicOffsetSamples)
        .values(rolled.slice(start, start + 1_000))
        .onConflictDoNothing();
  }
}

/** Deletes what is past its retention: samples per resolution; sampled rounds with raw data, gaps with hours. */
export async function deleteExpired(db: Database, retention: LagRetention, nowMs: number): Promise<void> {
  const cutoffs: [number, number][] = [
    [lagResolutions.raw, nowMs - retention.rawMs],
    [lagResolutions.minute, nowMs - retention.minuteMs],
    [lagResolutions.hour, nowMs - retention.hourMs],
  ];
  for (const [resolution, cutoffMs] of cutoffs) {
    const before = new Date(cutoffMs);
    await db.delete(groupLagSamples).where(and(eq(groupLagSamples.resolution, resolution), lt(groupLagSamples.sampledAt, before)));
    await db.delete(topicOffsetSamples).where(and(eq(topicOffsetSamples.resolution, resolution), lt(topicOffsetSamples.sampledAt, before)));
  }
  // A gap stays as long as the coarsest samples it interrupts; a sampled round is only needed beside raw data.
  await db
    .delete(lagSampleRounds)
    .where(
      or(
        and(isNull(lagSampleRounds.error), lt(lagSampleRounds.sampledAt, new Date(nowMs - retention.rawMs))),
        and(isNotNull(lagSampleRounds.error), lt(lagSampleRounds.sampledAt, new Date(nowMs - Math.max(retention.hourMs, retention.rawMs)))),
      ),
    );
}

async function positionOf(db: Database, target: Target): Promise<number | null> {
  const [row] = await db.select().from(lagRollupPositions).where(eq(lagRollupPositions.resolution, lagResolutions[target]));
  return row ? row.rolledUntil.getTime() : null;
}

async function setPosition(db: Database, target: Target, untilMs: number): Promise<void> {
  await db
    .insert(lagRollupPositions)
    .values({ resolution: lagResolutions[target], rolledUntil: new Date(untilMs) })
    .onConflictDoUpdate({ target: lagRollupPositions.resolution, set: { rolledUntil: sql`excluded.rolled_until` } });
}

function largest(values: (number | null)[]): number | null {
  let result: number | null = null;
  for (const value of values) if (value !== null && (result === null || value > result)) result = value;
  return result;
}

/** Element-wise largest over arrays of possibly different lengths (partitions added mid-bucket). */
export function largestPerElement(arrays: (number | null)[][]): (number | null)[] {
  const length = Math.max(0, ...arrays.map((array) => array.length));
  return Array.from({ length }, (_, index) => largest(arrays.map((array) => array[index] ?? null)));
}
