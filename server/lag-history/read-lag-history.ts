// Reading the lag history: windows of samples per group (every topic and partition) and per topic, the gaps
// (rounds that stored nothing, with why) and the newest round of a cluster. Plain functions over the drizzle
// database, for the tRPC verbs, /metrics and the alert evaluator alike. A null value is "not measurable" and
// must never be read as 0. Every read is bounded by MAX_ROWS_PER_READ rows.
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import {
  groupLagSamples,
  type LagResolution,
  lagGroups,
  lagResolutions,
  lagSampleRounds,
  lagTopics,
  topicOffsetSamples,
} from '../db/schema/index.ts';

export const MAX_ROWS_PER_READ = 100_000;

export interface LagWindowQuery {
  clusterId: string;
  fromMs: number;
  toMs: number;
  resolution: LagResolution;
}

export interface PartitionLagPoint {
  partition: number;
  committedOffset: number | null;
  lag: number | null;
  timeLagMs: number | null;
}

export interface GroupTopicLagPoint {
  topic: string;
  lag: number;
  timeLagMs: number | null;
  partitions: PartitionLagPoint[];
}

export interface GroupLagPoint {
  sampledAt: Date;
  members: number;
  /** Sum over topics of the measurable lag. */
  lag: number;
  /** The worst partition's time lag; null when none is known. */
  timeLagMs: number | null;
  topics: GroupTopicLagPoint[];
}

export interface LagGap {
  sampledAt: Date;
  reason: string;
}

export interface GroupLagWindow {
  points: GroupLagPoint[];
  gaps: LagGap[];
  /** True when MAX_ROWS_PER_READ cut the window short (the newest rows are left out). */
  truncated: boolean;
}

export interface TopicOffsetPoint {
  sampledAt: Date;
  partitions: { partition: number; logStartOffset: number | null; endOffset: number | null; sizeBytes: number | null }[];
  /** Sum of the known end offsets: every record ever written to the topic. */
  endOffsetSum: number;
  /** Sum of the known sizes; null when the cluster reported none. */
  sizeBytesSum: number | null;
}

export interface TopicOffsetWindow {
  points: TopicOffsetPoint[];
  gaps: LagGap[];
  truncated: boolean;
}

export async function readGroupLagWindow(db: Database, query: LagWindowQuery & { groupId: string }): Promise<GroupLagWindow> {
  const gaps = await readSampleGaps(db, query);
  const [group] = await db
    .select({ id: lagGroups.id })
    .from(lagGroups)
    .where(and(eq(lagGroups.clusterId, query.clusterId), eq(lagGroups.groupId, query.groupId)));
  if (!group) return { points: [], gaps, truncated: false };
  const rows = await db
    .select({
      sampledAt: groupLagSamples.sampledAt,
      topic: lagTopics.topic,
      members: groupLagSamples.members,
      lag: groupLagSamples.lag,
      timeLagMs: groupLagSamples.timeLagMs,
      committedOffsets: groupLagSamples.committedOffsets,
      partitionLags: groupLagSamples.partitionLags,
      partitionTimeLagsMs: groupLagSamples.partitionTimeLagsMs,
    })
    .from(groupLagSamples)
    .innerJoin(lagTopics, eq(lagTopics.id, groupLagSamples.topicKey))
    .where(
      and(
        eq(groupLagSamples.groupKey, group.id),
        eq(groupLagSamples.resolution, lagResolutions[query.resolution]),
        gte(groupLagSamples.sampledAt, new Date(query.fromMs)),
        lte(groupLagSamples.sampledAt, new Date(query.toMs)),
      ),
    )
    .orderBy(asc(groupLagSamples.sampledAt), asc(lagTopics.topic))
    .limit(MAX_ROWS_PER_READ + 1);
  const truncated = rows.length > MAX_ROWS_PER_READ;
  return { points: toGroupPoints(truncated ? rows.slice(0, MAX_ROWS_PER_READ) : rows), gaps, truncated };
}

type GroupRow = {
  sampledAt: Date;
  topic: string;
  members: number;
  lag: number;
  timeLagMs: number | null;
  committedOffsets: (number | null)[];
  partitionLags: (number | null)[];
  partitionTimeLagsMs: (number | null)[];
};

/** Rows (ordered by time) into one point per sample time, its topics in name order. */
function toGroupPoints(rows: GroupRow[]): GroupLagPoint[] {
  const points: GroupLagPoint[] = [];
  for (const row of rows) {
    let point = points[points.length - 1];
    if (!point || point.sampledAt.getTime() !== row.sampledAt.getTime()) {
      point = { sampledAt: row.sampledAt, members: row.members, lag: 0, timeLagMs: null, topics: [] };
      points.push(point);
    }
    point.topics.push({ topic: row.topic, lag: row.lag, timeLagMs: row.timeLagMs, partitions: partitionPoints(row) });
    point.lag += row.lag;
    if (row.timeLagMs !== null && (point.timeLagMs === null || row.timeLagMs > point.timeLagMs)) point.timeLagMs = row.timeLagMs;
  }
  return points;
}

/** The array elements back into partitions; a partition absent from all three arrays was not part of the group. */
function partitionPoints(row: GroupRow): PartitionLagPoint[] {
  const length = Math.max(row.committedOffsets.length, row.partitionLags.length, row.partitionTimeLagsMs.length);
  const partitions: PartitionLagPoint[] = [];
  for (let partition = 0; partition < length; partition++) {
    const committedOffset = row.committedOffsets[partition] ?? null;
    const lag = row.partitionLags[partition] ?? null;
    const timeLagMs = row.partitionTimeLagsMs[partition] ?? null;
    if (committedOffset === null && lag === null && timeLagMs === null) continue;
    partitions.push({ partition, committedOffset, lag, timeLagMs });
  }
  return partitions;
}

export async function readTopicOffsetWindow(db: Database, query: LagWindowQuery & { topic: string }): Promise<TopicOffsetWindow> {
  const gaps = await readSampleGaps(db, query);
  const [topic] = await db
    .select({ id: lagTopics.id })
    .from(lagTopics)
    .where(and(eq(lagTopics.clusterId, query.clusterId), eq(lagTopics.topic, query.topic)));
  if (!topic) return { points: [], gaps, truncated: false };
  const rows = await db
    .select()
    .from(topicOffsetSamples)
    .where(
      and(
        eq(topicOffsetSamples.topicKey, topic.id),
        eq(topicOffsetSamples.resolution, lagResolutions[query.resolution]),
        gte(topicOffsetSamples.sampledAt, new Date(query.fromMs)),
        lte(topicOffsetSamples.sampledAt, new Date(query.toMs)),
      ),
    )
    .orderBy(asc(topicOffsetSamples.sampledAt))
    .limit(MAX_ROWS_PER_READ + 1);
  const truncated = rows.length > MAX_ROWS_PER_READ;
  const points = (truncated ? rows.slice(0, MAX_ROWS_PER_READ) : rows).map((row): TopicOffsetPoint => {
    const partitions = row.endOffsets.map((endOffset, partition) => ({
      partition,
      logStartOffset: row.logStartOffsets[partition] ?? null,
      endOffset,
      sizeBytes: row.sizeBytes?.[partition] ?? null,
    }));
    const sizes = partitions.flatMap((p) => (p.sizeBytes === null ? [] : [p.sizeBytes]));
    return {
      sampledAt: row.sampledAt,
      partitions,
      endOffsetSum: partitions.reduce((sum, p) => sum + (p.endOffset ?? 0), 0),
      sizeBytesSum: sizes.length === 0 ? null : sizes.reduce((sum, size) => sum + size, 0),
    };
  });
  return { points, gaps, truncated };
}

/** Rounds of the cluster in the window that stored nothing, with why. */
export async function readSampleGaps(db: Database, query: Pick<LagWindowQuery, 'clusterId' | 'fromMs' | 'toMs'>): Promise<LagGap[]> {
  const rows = await db
    .select({ sampledAt: lagSampleRounds.sampledAt, reason: lagSampleRounds.error })
    .from(lagSampleRounds)
    .where(
      and(
        eq(lagSampleRounds.clusterId, query.clusterId),
        isNotNull(lagSampleRounds.error),
        gte(lagSampleRounds.sampledAt, new Date(query.fromMs)),
        lte(lagSampleRounds.sampledAt, new Date(query.toMs)),
      ),
    )
    .orderBy(asc(lagSampleRounds.sampledAt))
    .limit(MAX_ROWS_PER_READ);
  return rows.map((row) => ({ sampledAt: row.sampledAt, reason: row.reason ?? '' }));
}

export interface LatestRound {
  sampledAt: Date;
  durationMs: number;
  error: string | null;
}

/** The cluster's newest round, stored or gap; null when the sampler never ran for it. */
export async function readLatestRound(db: Database, clusterId: string): Promise<LatestRound | null> {
  const [row] = await db
    .select({ sampledAt: lagSampleRounds.sampledAt, durationMs: lagSampleRounds.durationMs, error: lagSampleRounds.error })
    .from(lagSampleRounds)
    .where(eq(lagSampleRounds.clusterId, clusterId))
    .orderBy(desc(lagSampleRounds.sampledAt))
    .limit(1);
  return row ?? null;
}

export interface LatestGroupLag extends GroupLagPoint {
  groupId: string;
}

/** Every group's sample in the cluster's newest stored round (raw), largest lag first. */
export async function readLatestGroupLag(db: Database, query: { clusterId: string }): Promise<LatestGroupLag[]> {
  const [round] = await db
    .select({ sampledAt: lagSampleRounds.sampledAt })
    .from(lagSampleRounds)
    .where(and(eq(lagSampleRounds.clusterId, query.clusterId), isNull(lagSampleRounds.error)))
    .orderBy(desc(lagSampleRounds.sampledAt))
    .limit(1);
  if (!round) return [];
  const groups = await db
    .select({ id: lagGroups.id, groupId: lagGroups.groupId })
    .from(lagGroups)
    .where(eq(lagGroups.clusterId, query.clusterId));
  if (groups.length === 0) return [];
  const names = new Map(groups.map((group) => [group.id, group.groupId]));
  const rows = await db
    .select({
      groupKey: groupLagSamples.groupKey,
      sampledAt: groupLagSamples.sampledAt,
      topic: lagTopics.topic,
      members: groupLagSamples.members,
      lag: groupLagSamples.lag,
      timeLagMs: groupLagSamples.timeLagMs,
      committedOffsets: groupLagSamples.committedOffsets,
      partitionLags: groupLagSamples.partitionLags,
      partitionTimeLagsMs: groupLagSamples.partitionTimeLagsMs,
    })
    .from(groupLagSamples)
    .innerJoin(lagTopics, eq(lagTopics.id, groupLagSamples.topicKey))
    .where(
      and(
        eq(groupLagSamples.resolution, lagResolutions.raw),
        eq(groupLagSamples.sampledAt, round.sampledAt),
        eq(lagTopics.clusterId, query.clusterId),
      ),
    )
    .orderBy(asc(groupLagSamples.groupKey), asc(lagTopics.topic))
    .limit(MAX_ROWS_PER_READ);
  const byGroup = new Map<number, GroupRow[]>();
  for (const row of rows) {
    const list = byGroup.get(row.groupKey) ?? [];
    list.push(row);
    byGroup.set(row.groupKey, list);
  }
  return [...byGroup]
    .flatMap(([key, list]) => {
      const groupId = names.get(key);
      return groupId === undefined ? [] : toGroupPoints(list).map((point) => ({ ...point, groupId }));
    })
    .sort((a, b) => b.lag - a.lag || a.groupId.localeCompare(b.groupId));
}

/** The group ids the sampler has seen on this cluster (including groups since deleted), sorted. */
export async function listSampledGroups(db: Database, clusterId: string): Promise<string[]> {
  const rows = await db
    .select({ groupId: lagGroups.groupId })
    .from(lagGroups)
    .where(eq(lagGroups.clusterId, clusterId))
    .orderBy(asc(lagGroups.groupId))
    .limit(MAX_ROWS_PER_READ);
  return rows.map((row) => row.groupId);
}

/** Windows of several groups at once (the alert evaluator's read): groupId -> window. */
export async function readGroupLagWindows(
  db: Database,
  query: LagWindowQuery & { groupIds: string[] },
): Promise<Map<string, GroupLagWindow>> {
  const result = new Map<string, GroupLagWindow>();
  if (query.groupIds.length === 0) return result;
  const known = await db
    .select({ groupId: lagGroups.groupId })
    .from(lagGroups)
    .where(and(eq(lagGroups.clusterId, query.clusterId), inArray(lagGroups.groupId, query.groupIds.slice(0, 10_000))));
  for (const { groupId } of known) result.set(groupId, await readGroupLagWindow(db, { ...query, groupId }));
  return result;
}
