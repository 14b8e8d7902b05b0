// Pure evaluation of one alert rule's condition for one group, over the lag sampler's points (oldest first;
// server/lag-history/read-lag-history.ts). Returns null when there is nothing to judge (no sample of a
// matching topic): missing data never fires and never resolves an alert.
import { type AlertCondition, matchesGlob } from '../../../domain/alert-rule.ts';
import type { GroupLagPoint } from '../../lag-history/read-lag-history.ts';
import { type Commit, groupStatus, type PartitionWindow } from './burrow-status.ts';

export interface ConditionEvaluation {
  breached: boolean;
  /** What was measured, stored with the alert and sent in notifications. */
  value: Record<string, unknown>;
  /** One line in words: "lag 12,345 records (threshold 1,000)". */
  summary: string;
}

/** The points' topics narrowed to those matching the rule's topic pattern. */
function narrow(points: GroupLagPoint[], topicPattern: string): GroupLagPoint[] {
  if (topicPattern === '*') return points;
  return points.map((point) => ({ ...point, topics: point.topics.filter((topic) => matchesGlob(topicPattern, topic.topic)) }));
}

function totalLag(point: GroupLagPoint): number {
  let sum = 0;
  for (const topic of point.topics) for (const partition of topic.partitions) if (partition.lag !== null) sum += partition.lag;
  return sum;
}

function worstTimeLagMs(point: GroupLagPoint): number | null {
  let worst: number | null = null;
  for (const topic of point.topics)
    for (const partition of topic.partitions)
      if (partition.timeLagMs !== null && (worst === null || partition.timeLagMs > worst)) worst = partition.timeLagMs;
  return worst;
}

const count = (value: number) => value.toLocaleString('en');

export function evaluateCondition(
  condition: AlertCondition,
  allPoints: GroupLagPoint[],
  topicPattern: string,
  nowMs: number,
): ConditionEvaluation | null {
  const points = narrow(allPoints, topicPattern).filter((point) => point.topics.length > 0);
  const latest = points[points.length - 1];
  if (!latest) return null;
  switch (condition.kind) {
    case 'lag': {
      const lag = totalLag(latest);
      return {
        breached: lag > condition.thresholdRecords,
        value: { lag, sampledAt: latest.sampledAt.toISOString() },
        summary: `lag ${count(lag)} records (threshold ${count(condition.thresholdRecords)})`,
      };
    }
    case 'timeLag': {
      const worstMs = worstTimeLagMs(latest);
      return {
        breached: worstMs !== null && worstMs > condition.thresholdSeconds * 1000,
        value: { timeLagMs: worstMs, sampledAt: latest.sampledAt.toISOString() },
        summary:
          worstMs === null
            ? 'time lag not measurable'
            : `time lag ${count(Math.round(worstMs / 1000))} s (threshold ${count(condition.thresholdSeconds)} s)`,
      };
    }
    case 'fallingBehind':
      return fallingBehind(points, condition.windowSeconds * 1000, nowMs);
    case 'burrow': {
      const inWindow = points.filter((point) => point.sampledAt.getTime() >= nowMs - condition.windowSeconds * 1000);
      const status = groupStatus(partitionWindows(inWindow.length ? inWindow : [latest]), nowMs, condition.minLag);
      const breached = condition.level === 'error' ? status.level === 'error' : status.level !== 'ok';
      const worst = status.partitions[0];
      return {
        breached,
        value: { status: status.status, counts: status.counts, partitions: status.partitions, lag: totalLag(latest) },
        summary:
          status.status === 'OK'
            ? 'status OK'
            : `status ${status.status}${worst ? ` (${worst.topic}/${worst.partition}, lag ${worst.currentLag === null ? 'unknown' : count(worst.currentLag)})` : ''}`,
      };
    }
  }
}

/** Lag strictly growing from each sample to the next, over at least 3 samples covering 3/4 of the window. */
function fallingBehind(points: GroupLagPoint[], windowMs: number, nowMs: number): ConditionEvaluation {
  const inWindow = points.filter((point) => point.sampledAt.getTime() >= nowMs - windowMs);
  const lags = inWindow.map(totalLag);
  const spanMs = inWindow.length ? inWindow[inWindow.length - 1].sampledAt.getTime() - inWindow[0].sampledAt.getTime() : 0;
  const enough = inWindow.length >= 3 && spanMs >= windowMs * 0.75;
  const growing = lags.every((lag, index) => index === 0 || lag > lags[index - 1]);
  const first = lags[0] ?? 0;
  const last = lags[lags.length - 1] ?? 0;
  return {
    breached: enough && growing,
    value: { samples: inWindow.length, firstLag: first, lastLag: last },
    summary: !enough
      ? `${inWindow.length} samples in the window: not enough to judge`
      : growing
        ? `lag grew in each of ${inWindow.length} samples, ${count(first)} -> ${count(last)} records`
        : `lag ${count(last)} records, not growing in every sample`,
  };
}

/**
 * Per partition, the commits seen in the points: an observation while the group had members (a live consumer
 * commits, even the same offset), or one where the offset moved.
 */
export function partitionWindows(points: GroupLagPoint[]): PartitionWindow[] {
  const windows = new Map<string, PartitionWindow & { previousOffset: number | null }>();
  for (const point of points) {
    for (const topic of point.topics) {
      for (const partition of topic.partitions) {
        const key = `${topic.topic}\u0000${partition.partition}`;
        let window = windows.get(key);
        if (!window) {
          window = { topic: topic.topic, partition: partition.partition, commits: [], currentLag: null, previousOffset: null };
          windows.set(key, window);
        }
        window.currentLag = partition.lag;
        const offset = partition.committedOffset;
        if (offset === null) continue;
        const moved = window.previousOffset !== null && offset !== window.previousOffset;
        if (point.members > 0 || moved)
          window.commits.push({ atMs: point.sampledAt.getTime(), offset, lag: partition.lag } satisfies Commit);
        window.previousOffset = offset;
      }
    }
  }
  return [...windows.values()].map(({ previousOffset: _previous, ...window }) => window);
}
