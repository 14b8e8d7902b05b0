import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../../domain/alert-rule.ts';
import type { GroupLagPoint } from '../../lag-history/read-lag-history.ts';
import { nextTransition } from './alert-transition.ts';
import { evaluateCondition } from './evaluate-condition.ts';

const NOW_MS = Date.parse('2026-12-07T06:00:00Z');

/** One point per lag value, 15 s apart, the last at NOW_MS; topic 'orders' partition 0 and 'audit' partition 0. */
function points(lags: number[], timeLagMs: number | null = null): GroupLagPoint[] {
  return lags.map((lag, index) => ({
    sampledAt: new Date(NOW_MS - (lags.length - 1 - index) * 15_000),
    members: 1,
    lag: lag + 1000,
    timeLagMs,
    topics: [
      { topic: 'orders', lag, timeLagMs, partitions: [{ partition: 0, committedOffset: 0, lag, timeLagMs }] },
      { topic: 'audit', lag: 1000, timeLagMs: null, partitions: [{ partition: 0, committedOffset: 0, lag: 1000, timeLagMs: null }] },
    ],
  }));
}

describe('alert conditions', () => {
  it('compares the lag of the matching topics only with the threshold', () => {
    const lag = { kind: 'lag', thresholdRecords: 500, forSeconds: 60 } as const;
    expect(evaluateCondition(lag, points([600]), 'ord*', NOW_MS)).toMatchObject({ breached: true, value: { lag: 600 } });
    expect(evaluateCondition(lag, points([400]), 'orders', NOW_MS)?.breached).toBe(false);
    expect(evaluateCondition(lag, points([400]), '*', NOW_MS)?.breached).toBe(true);
    expect(evaluateCondition(lag, points([400]), 'payments.*', NOW_MS)).toBeNull();
  });

  it('compares the worst time lag, and never fires on an unmeasurable one', () => {
    const timeLag = { kind: 'timeLag', thresholdSeconds: 60, forSeconds: 0 } as const;
    expect(evaluateCondition(timeLag, points([5], 90_000), 'orders', NOW_MS)?.breached).toBe(true);
    expect(evaluateCondition(timeLag, points([5], 30_000), 'orders', NOW_MS)?.breached).toBe(false);
    expect(evaluateCondition(timeLag, points([5], null), 'orders', NOW_MS)).toMatchObject({
      breached: false,
      summary: 'time lag not measurable',
    });
  });

  it('calls a group falling behind only when the lag grew in every sample over most of the window', () => {
    const falling = { kind: 'fallingBehind', windowSeconds: 60, forSeconds: 0 } as const;
    expect(evaluateCondition(falling, points([10, 20, 30, 40, 50]), 'orders', NOW_MS)?.breached).toBe(true);
    expect(evaluateCondition(falling, points([10, 20, 15, 40, 50]), 'orders', NOW_MS)?.breached).toBe(false);
    expect(evaluateCondition(falling, points([10, 20, 20, 40, 50]), 'orders', NOW_MS)?.breached).toBe(false);
    // Two samples only cover a quarter of the window: not enough to judge.
    expect(evaluateCondition(falling, points([10, 20]), 'orders', NOW_MS)?.breached).toBe(false);
  });

  it('matches globs with * and ? and nothing else special', () => {
    expect(matchesGlob('orders.*', 'orders.v1')).toBe(true);
    expect(matchesGlob('orders.*', 'ordersXv1')).toBe(false);
    expect(matchesGlob('team-?-consumer', 'team-a-consumer')).toBe(true);
    expect(matchesGlob('*a*a*a*a*a*b', 'a'.repeat(255))).toBe(false);
    expect(matchesGlob('[abc]', '[abc]')).toBe(true);
  });
});

describe('alert state machine', () => {
  it('goes pending, then firing after the duration, then resolved with a notification', () => {
    expect(nextTransition(null, true, 60, NOW_MS)).toEqual({ to: 'pending', notify: false });
    expect(nextTransition({ state: 'pending', pendingSinceMs: NOW_MS - 30_000 }, true, 60, NOW_MS)).toBeNull();
    expect(nextTransition({ state: 'pending', pendingSinceMs: NOW_MS - 60_000 }, true, 60, NOW_MS)).toEqual({ to: 'firing', notify: true });
    expect(nextTransition({ state: 'firing', pendingSinceMs: NOW_MS - 90_000 }, true, 60, NOW_MS)).toBeNull();
    expect(nextTransition({ state: 'firing', pendingSinceMs: NOW_MS - 90_000 }, false, 60, NOW_MS)).toEqual({
      to: 'resolved',
      notify: true,
    });
  });

  it('fires at once with no duration, and resolves a pending alert silently when the breach ends first', () => {
    expect(nextTransition(null, true, 0, NOW_MS)).toEqual({ to: 'firing', notify: true });
    expect(nextTransition(null, false, 0, NOW_MS)).toBeNull();
    expect(nextTransition({ state: 'pending', pendingSinceMs: NOW_MS - 10_000 }, false, 60, NOW_MS)).toEqual({
      to: 'resolved',
      notify: false,
    });
  });
});
