import { describe, expect, it } from 'vitest';
import { ThroughputTracker } from './throughput-tracker.ts';

describe('ThroughputTracker', () => {
  it('has no rate until it has two samples', () => {
    const tracker = new ThroughputTracker();
    expect(tracker.observe('c', { atMs: 0, recordsTotal: 10, bytesTotal: 100 })).toEqual({
      recordsInPerSecond: null,
      bytesInPerSecond: null,
      windowSeconds: null,
    });
  });

  it('divides the growth of the totals by the time between samples', () => {
    const tracker = new ThroughputTracker();
    tracker.observe('c', { atMs: 0, recordsTotal: 10, bytesTotal: 1_000 });
    expect(tracker.observe('c', { atMs: 4_000, recordsTotal: 410, bytesTotal: 9_000 })).toEqual({
      recordsInPerSecond: 100,
      bytesInPerSecond: 2_000,
      windowSeconds: 4,
    });
  });

  it('gives no rate when a total went down, instead of a negative one', () => {
    const tracker = new ThroughputTracker();
    tracker.observe('c', { atMs: 0, recordsTotal: 500, bytesTotal: null });
    expect(tracker.observe('c', { atMs: 5_000, recordsTotal: 100, bytesTotal: null })).toMatchObject({
      recordsInPerSecond: null,
      bytesInPerSecond: null,
    });
  });

  it('keeps the previous rate for samples too close together', () => {
    const tracker = new ThroughputTracker();
    tracker.observe('c', { atMs: 0, recordsTotal: 0, bytesTotal: null });
    tracker.observe('c', { atMs: 2_000, recordsTotal: 200, bytesTotal: null });
    expect(tracker.observe('c', { atMs: 2_500, recordsTotal: 10_000, bytesTotal: null }).recordsInPerSecond).toBe(100);
  });
});
