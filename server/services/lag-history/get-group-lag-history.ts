// One group's lag over a range, for the group page's charts: total lag, lag per partition (the partitions with
// the largest lag, at most MAX_PARTITION_SERIES), worst time lag, and consumption vs production rate (records/s
// from the committed offsets and from the end offsets of the group's topics). Read from the lag history, the
// roll-up chosen by the range (domain/lag-ranges.ts); gaps come back as markers with their reason.
import { z } from 'zod';
import { lagRangeIds, lagRanges } from '../../../domain/lag-ranges.ts';
import { readGroupLagWindow, readTopicOffsetWindow } from '../../lag-history/read-lag-history.ts';
import type { VerbArgs } from '../service-context.ts';
import { chartWindow, largest, mean, ratesOf, stepOf, thin, withGapMarkers } from './lag-chart.ts';

export const MAX_PARTITION_SERIES = 24;
/** Topics whose end offsets are read for the production rate. */
const MAX_TOPICS_READ = 50;

export const GetGroupLagHistoryInput = z.object({
  clusterId: z.string().min(1).max(100),
  groupId: z.string().min(1).max(255),
  range: z.enum(lagRangeIds as [string, ...string[]]).default('1h'),
});
export type GetGroupLagHistoryInput = z.infer<typeof GetGroupLagHistoryInput>;

export interface GroupLagChartPoint {
  at: Date;
  /** When this point marks missing samples: why. All values are then null. */
  gap: string | null;
  lag: number | null;
  timeLagMs: number | null;
  members: number | null;
  consumedPerSecond: number | null;
  producedPerSecond: number | null;
  /** "topic/partition" -> lag (null: not measurable at that sample). */
  partitions: Record<string, number | null>;
}

export interface GroupLagHistory {
  range: string;
  resolution: 'raw' | 'minute' | 'hour';
  from: Date;
  to: Date;
  stepMs: number;
  points: GroupLagChartPoint[];
  /** The series drawn per partition, largest lag first. */
  partitionKeys: string[];
  partitionsLeftOut: number;
  topics: string[];
  /** Samples older than retention or beyond the read bound are missing. */
  truncated: boolean;
}

interface Working extends GroupLagChartPoint {
  atMs: number;
}

export async function getGroupLagHistory({ ctx, input: unparsed }: VerbArgs<typeof GetGroupLagHistoryInput>): Promise<GroupLagHistory> {
  const input = GetGroupLagHistoryInput.parse(unparsed);
  const range = input.range as keyof typeof lagRanges;
  const window = chartWindow(range, Date.now());
  const stored = await readGroupLagWindow(ctx.db, { ...window, clusterId: input.clusterId, groupId: input.groupId });
  const topics = [...new Set(stored.points.flatMap((point) => point.topics.map((topic) => topic.topic)))].sort();
  const endSums = await endOffsetSums(ctx, input.clusterId, topics.slice(0, MAX_TOPICS_READ), window);
  const stepMs = stepOf(
    window.resolution,
    stored.points.map((point) => point.sampledAt.getTime()),
  );
  const committedTotals = stored.points.map((point) => ({
    atMs: point.sampledAt.getTime(),
    total: point.topics.reduce((sum, topic) => sum + topic.partitions.reduce((s, p) => s + (p.committedOffset ?? 0), 0), 0),
  }));
  const consumed = ratesOf(committedTotals, stepMs);
  const produced = ratesOf(
    committedTotals.map(({ atMs }) => ({ atMs, total: endSums.get(atMs) ?? null })),
    stepMs,
  );
  const points: Working[] = stored.points.map((point, index) => {
    const partitions: Record<string, number | null> = {};
    for (const topic of point.topics) for (const p of topic.partitions) partitions[`${topic.topic}/${p.partition}`] = p.lag;
    return {
      at: point.sampledAt,
      atMs: point.sampledAt.getTime(),
      gap: null,
      lag: point.lag,
      timeLagMs: point.timeLagMs,
      members: point.members,
      consumedPerSecond: consumed[index],
      producedPerSecond: produced[index],
      partitions,
    };
  });
  const peak = new Map<string, number>();
  for (const point of points)
    for (const [key, lag] of Object.entries(point.partitions)) peak.set(key, Math.max(peak.get(key) ?? 0, lag ?? 0));
  const ranked = [...peak].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  const partitionKeys = ranked.slice(0, MAX_PARTITION_SERIES);
  const shown = new Set(partitionKeys);
  for (const point of points) for (const key of Object.keys(point.partitions)) if (!shown.has(key)) delete point.partitions[key];
  const marked = withGapMarkers(points, stored.gaps, stepMs, emptyPoint);
  const thinned = thin(marked, lagRanges[range].maxPoints, mergePoints);
  return {
    range,
    resolution: window.resolution,
    from: new Date(window.fromMs),
    to: new Date(window.toMs),
    stepMs,
    points: thinned.map(({ atMs: _atMs, ...point }) => point),
    partitionKeys,
    partitionsLeftOut: ranked.length - partitionKeys.length,
    topics,
    truncated: stored.truncated,
  };
}

/** Sample time -> sum of the end offsets of the topics (only times where every topic has a sample). */
async function endOffsetSums(
  ctx: VerbArgs<typeof GetGroupLagHistoryInput>['ctx'],
  clusterId: string,
  topics: string[],
  window: ReturnType<typeof chartWindow>,
): Promise<Map<number, number>> {
  const sums = new Map<number, number>();
  const seen = new Map<number, number>();
  for (const topic of topics) {
    const { points } = await readTopicOffsetWindow(ctx.db, { ...window, clusterId, topic });
    for (const point of points) {
      const atMs = point.sampledAt.getTime();
      sums.set(atMs, (sums.get(atMs) ?? 0) + point.endOffsetSum);
      seen.set(atMs, (seen.get(atMs) ?? 0) + 1);
    }
  }
  for (const [atMs, count] of seen) if (count !== topics.length) sums.delete(atMs);
  return sums;
}

function emptyPoint(atMs: number, reason: string): Working {
  return {
    at: new Date(atMs),
    atMs,
    gap: reason,
    lag: null,
    timeLagMs: null,
    members: null,
    consumedPerSecond: null,
    producedPerSecond: null,
    partitions: {},
  };
}

function mergePoints(group: Working[]): Working {
  const last = group[group.length - 1];
  const partitions: Record<string, number | null> = {};
  for (const key of new Set(group.flatMap((point) => Object.keys(point.partitions))))
    partitions[key] = largest(group.map((point) => point.partitions[key] ?? null));
  return {
    at: last.at,
    atMs: last.atMs,
    gap: null,
    lag: largest(group.map((point) => point.lag)),
    timeLagMs: largest(group.map((point) => point.timeLagMs)),
    members: last.members,
    consumedPerSecond: mean(group.map((point) => point.consumedPerSecond)),
    producedPerSecond: mean(group.map((point) => point.producedPerSecond)),
    partitions,
  };
}
