// One topic over a range, for the topic page: produce rate (records/s, from the sampled end offsets) and bytes
// on disk (DescribeLogDirs summed over partitions and replicas; retention and compaction lower it, so it is
// shown as a size, not as a rate). Gaps come back as markers with their reason.
import { z } from 'zod';
import { lagRangeIds, lagRanges } from '../../../domain/lag-ranges.ts';
import { TopicName } from '../../../domain/topic-name.ts';
import { readTopicOffsetWindow } from '../../lag-history/read-lag-history.ts';
import type { VerbArgs } from '../service-context.ts';
import { chartWindow, largest, mean, ratesOf, stepOf, thin, withGapMarkers } from './lag-chart.ts';

export const GetTopicLagHistoryInput = z.object({
  clusterId: z.string().min(1).max(100),
  topic: TopicName,
  range: z.enum(lagRangeIds as [string, ...string[]]).default('1h'),
});
export type GetTopicLagHistoryInput = z.infer<typeof GetTopicLagHistoryInput>;

export interface TopicChartPoint {
  at: Date;
  gap: string | null;
  producedPerSecond: number | null;
  /** Every record ever written (sum of end offsets). */
  endOffsetSum: number | null;
  sizeBytes: number | null;
}

export interface TopicLagHistory {
  range: string;
  resolution: 'raw' | 'minute' | 'hour';
  from: Date;
  to: Date;
  stepMs: number;
  points: TopicChartPoint[];
  /** False when the cluster reported no sizes (no DescribeLogDirs): the bytes chart says so. */
  sizesKnown: boolean;
  truncated: boolean;
}

type Working = TopicChartPoint & { atMs: number };

export async function getTopicLagHistory({ ctx, input: unparsed }: VerbArgs<typeof GetTopicLagHistoryInput>): Promise<TopicLagHistory> {
  const input = GetTopicLagHistoryInput.parse(unparsed);
  const range = input.range as keyof typeof lagRanges;
  const window = chartWindow(range, Date.now());
  const stored = await readTopicOffsetWindow(ctx.db, { ...window, clusterId: input.clusterId, topic: input.topic });
  const times = stored.points.map((point) => point.sampledAt.getTime());
  const stepMs = stepOf(window.resolution, times);
  const rates = ratesOf(
    stored.points.map((point, index) => ({ atMs: times[index], total: point.endOffsetSum })),
    stepMs,
  );
  const points: Working[] = stored.points.map((point, index) => ({
    at: point.sampledAt,
    atMs: times[index],
    gap: null,
    producedPerSecond: rates[index],
    endOffsetSum: point.endOffsetSum,
    sizeBytes: point.sizeBytesSum,
  }));
  const empty = (atMs: number, reason: string): Working => ({
    at: new Date(atMs),
    atMs,
    gap: reason,
    producedPerSecond: null,
    endOffsetSum: null,
    sizeBytes: null,
  });
  const merge = (group: Working[]): Working => {
    const last = group[group.length - 1];
    return { ...last, producedPerSecond: mean(group.map((p) => p.producedPerSecond)), sizeBytes: largest([last.sizeBytes]) };
  };
  const thinned = thin(withGapMarkers(points, stored.gaps, stepMs, empty), lagRanges[range].maxPoints, merge);
  return {
    range,
    resolution: window.resolution,
    from: new Date(window.fromMs),
    to: new Date(window.toMs),
    stepMs,
    points: thinned.map(({ atMs: _atMs, ...point }) => point),
    sizesKnown: points.some((point) => point.sizeBytes !== null),
    truncated: stored.truncated,
  };
}
