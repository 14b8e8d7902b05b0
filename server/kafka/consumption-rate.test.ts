import { describe, expect, it } from 'vitest';
import { ConsumptionTracker, catchUpOf, MAX_RATE_WINDOW_MS, type OffsetsSample, rateBetween } from './consumption-rate.ts';

function sample(atMs: number, entries: Record<string, [committed: number, end: number]>): OffsetsSample {
  return {
    atMs,
    partitions: new Map(Object.entries(entries).map(([key, [committedOffset, endOffset]]) => [key, { committedOffset, endOffset }])),
  };
}

describe('rateBetween', () => {
  it('sums the growth of committed and end offsets over the partitions in both samples', () => {
    const rate = rateBetween(
      sample(0, { 't/0': [0, 100], 't/1': [10, 50] }),
      sample(10_000, { 't/0': [60, 120], 't/1': [50, 60], 't/2': [9, 9] }),
    );
    expect(rate).toEqual({ consumedPerSecond: 10, producedPerSecond: 3, windowSeconds: 10, measuredAtMs: 10_000 });
  });

  it('gives no rate after an offset reset moved a commit back, instead of a negative rate', () => {
    expect(rateBetween(sample(0, { 't/0': [50, 100] }), sample(10_000, { 't/0': [0, 100] }))).toBeNull();
  });

  it('gives no rate when no partition is in both samples', () => {
    expect(rateBetween(sample(0, { 't/0': [1, 2] }), sample(10_000, { 'u/0': [1, 2] }))).toBeNull();
  });
});

describe('catchUpOf', () => {
  const rate = (consumedPerSecond: number, producedPerSecond: number) => ({
    consumedPerSecond,
    producedPerSecond,
    windowSeconds: 10,
    measuredAtMs: 0,
  });

  it('says how long the lag takes to drain at the net rate', () => {
    expect(catchUpOf(6_000, rate(150, 50))).toEqual({ kind: 'catchingUp', etaMs: 60_000 });
  });

  it('says falling behind when records arrive as fast as or faster than they are consumed', () => {
    expect(catchUpOf(10, rate(5, 8))).toEqual({ kind: 'fallingBehind' });
    expect(catchUpOf(10, rate(5, 5))).toEqual({ kind: 'fallingBehind' });
    expect(catchUpOf(10, rate(0, 1))).toEqual({ kind: 'fallingBehind' });
  });

  it('tells a group that consumes nothing while nothing arrives from one that keeps up', () => {
    expect(catchUpOf(10, rate(0, 0))).toEqual({ kind: 'notConsuming' });
    expect(catchUpOf(0, rate(0, 0))).toEqual({ kind: 'caughtUp' });
  });

  it('is unknown without a rate', () => {
    expect(catchUpOf(10, null)).toEqual({ kind: 'unknown' });
  });
});

describe('ConsumptionTracker', () => {
  it('has no rate from one sample, then the rate once two samples are far enough apart', () => {
    const tracker = new ConsumptionTracker();
    expect(tracker.observe('c', 'g', sample(0, { 't/0': [0, 100] }))).toBeNull();
    expect(tracker.observe('c', 'g', sample(1_000, { 't/0': [50, 100] }))).toBeNull();
    expect(tracker.observe('c', 'g', sample(10_000, { 't/0': [100, 200] }))).toMatchObject({
      consumedPerSecond: 10,
      producedPerSecond: 10,
    });
    // Too close to the new baseline: the last rate again.
    expect(tracker.observe('c', 'g', sample(11_000, { 't/0': [100, 200] }))).toMatchObject({ consumedPerSecond: 10 });
  });

  it('keeps groups and clusters apart', () => {
    const tracker = new ConsumptionTracker();
    tracker.observe('c', 'g', sample(0, { 't/0': [0, 10] }));
    expect(tracker.observe('c', 'h', sample(10_000, { 't/0': [10, 10] }))).toBeNull();
    expect(tracker.observe('d', 'g', sample(10_000, { 't/0': [10, 10] }))).toBeNull();
  });

  it('remembers the last rate the group consumed at after it stopped, for reset estimates', () => {
    const tracker = new ConsumptionTracker();
    tracker.observe('c', 'g', sample(0, { 't/0': [0, 100] }));
    tracker.observe('c', 'g', sample(10_000, { 't/0': [40, 100] }));
    expect(tracker.observe('c', 'g', sample(20_000, { 't/0': [40, 100] }))).toMatchObject({ consumedPerSecond: 0 });
    expect(tracker.lastActiveRate('c', 'g')).toMatchObject({ consumedPerSecond: 4, measuredAtMs: 10_000 });
    expect(tracker.lastActiveRate('c', 'other')).toBeNull();
  });

  it('starts over from a baseline too old to call recent', () => {
    const tracker = new ConsumptionTracker();
    tracker.observe('c', 'g', sample(0, { 't/0': [0, 100] }));
    expect(tracker.observe('c', 'g', sample(MAX_RATE_WINDOW_MS + 1, { 't/0': [90, 100] }))).toBeNull();
    expect(tracker.observe('c', 'g', sample(MAX_RATE_WINDOW_MS + 10_001, { 't/0': [100, 100] }))).toMatchObject({ consumedPerSecond: 1 });
  });
});
