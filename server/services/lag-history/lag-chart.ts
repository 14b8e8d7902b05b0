// Pure helpers turning stored windows into chart series: rates from counters, gap markers, thinning to a
// bounded number of points. A gap marker is a point whose values are all null and whose `gap` says why, so a
// line chart breaks there instead of drawing a 0 or a straight line across missing time.
import { lagRanges, type LagRangeId } from '../../../domain/lag-ranges.ts';
import type { LagResolution } from '../../db/schema/index.ts';
import type { LagGap } from '../../lag-history/read-lag-history.ts';

/** Two points further apart than this many steps have missing samples between them. */
const MISSING_AFTER_STEPS = 2.5;
export const NO_SAMPLES_REASON = 'No samples: the console was not sampling, or the group or topic did not exist.';

export interface ChartWindow {
  range: LagRangeId;
  resolution: LagResolution;
  fromMs: number;
  toMs: number;
}

export function chartWindow(range: LagRangeId, nowMs: number): ChartWindow {
  const { durationMs, resolution } = lagRanges[range];
  return { range, resolution, fromMs: nowMs - durationMs, toMs: nowMs };
}

/** The spacing of the stored points: the roll-up's bucket, or for raw samples the most common spacing seen. */
export function stepOf(resolution: LagResolution, timesMs: number[]): number {
  if (resolution === 'minute') return 60_000;
  if (resolution === 'hour') return 3_600_000;
  const counts = new Map<number, number>();
  for (let i = 1; i < timesMs.length; i++) {
    const step = timesMs[i] - timesMs[i - 1];
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = 15_000;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return best;
}

/**
 * Per second between consecutive totals; null at the first point, across missing samples (a rate would
 * average over the gap), or when the total went down (offsets reset, topic recreated).
 */
export function ratesOf(points: { atMs: number; total: number | null }[], stepMs: number): (number | null)[] {
  return points.map((point, index) => {
    const previous = points[index - 1];
    if (!previous || previous.total === null || point.total === null) return null;
    if (point.atMs - previous.atMs > MISSING_AFTER_STEPS * stepMs) return null;
    const seconds = (point.atMs - previous.atMs) / 1_000;
    const delta = point.total - previous.total;
    return seconds > 0 && delta >= 0 ? delta / seconds : null;
  });
}

export interface Marked {
  atMs: number;
  gap: string | null;
}

/**
 * Adds a gap marker at each stored gap, and between two points further apart than MISSING_AFTER_STEPS steps
 * with no stored gap between them (the console was off). Sorted by time.
 */
export function withGapMarkers<P extends Marked>(
  points: P[],
  gaps: LagGap[],
  stepMs: number,
  empty: (atMs: number, reason: string) => P,
): P[] {
  const result: P[] = [...points, ...gaps.map((gap) => empty(gap.sampledAt.getTime(), gap.reason))].sort((a, b) => a.atMs - b.atMs);
  const filled: P[] = [];
  for (const point of result) {
    const previous = filled[filled.length - 1];
    if (previous && point.atMs - previous.atMs > MISSING_AFTER_STEPS * stepMs && previous.gap === null && point.gap === null) {
      filled.push(empty(previous.atMs + stepMs, NO_SAMPLES_REASON));
    }
    filled.push(point);
  }
  return filled;
}

/**
 * At most maxPoints points: consecutive sample points are merged `factor` at a time by `merge` (which keeps
 * the largest lag and the last counters); gap markers are kept as they are.
 */
export function thin<P extends Marked>(points: P[], maxPoints: number, merge: (group: P[]) => P): P[] {
  if (points.length <= maxPoints) return points;
  const factor = Math.ceil(points.length / maxPoints);
  const result: P[] = [];
  let pending: P[] = [];
  const flush = () => {
    if (pending.length > 0) result.push(merge(pending));
    pending = [];
  };
  for (const point of points) {
    if (point.gap !== null) {
      flush();
      result.push(point);
      continue;
    }
    pending.push(point);
    if (pending.length >= factor) flush();
  }
  flush();
  return result;
}

export function largest(values: (number | null)[]): number | null {
  let result: number | null = null;
  for (const value of values) if (value !== null && (result === null || value > result)) result = value;
  return result;
}

export function mean(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length;
}
