import { describe, expect, it } from 'vitest';
import { selectSegmentsToDelete, type SegmentSummary } from './retention.ts';

const segment = (baseOffset: bigint, nextOffset: bigint, sizeBytes: number, maxTimestampMs: bigint): SegmentSummary => ({
  baseOffset,
  nextOffset,
  sizeBytes,
  maxTimestampMs,
  createdAtMs: 0,
});
const segments = [segment(0n, 10n, 100, 1000n), segment(10n, 20n, 100, 2000n), segment(20n, 25n, 50, 3000n)];
const policy = { nowMs: 10_000, retentionMs: -1, retentionBytes: -1, logStartOffset: 0n, highWatermark: 25n };

describe('selectSegmentsToDelete', () => {
  it('deletes segments older than retention.ms, oldest first', () => {
    expect(selectSegmentsToDelete(segments, { ...policy, retentionMs: 7500 })).toEqual({ count: 2, reason: 'retention.ms' });
  });

  it('deletes just enough old segments to get under retention.bytes', () => {
    expect(selectSegmentsToDelete(segments, { ...policy, retentionBytes: 150 })).toEqual({ count: 1, reason: 'retention.bytes' });
  });

  it('deletes segments wholly below the log start offset', () => {
    expect(selectSegmentsToDelete(segments, { ...policy, logStartOffset: 21n })).toEqual({ count: 2, reason: 'log-start-offset' });
  });

  it('never deletes data at or above the high watermark, nor an empty last segment', () => {
    expect(selectSegmentsToDelete(segments, { ...policy, retentionMs: 0, highWatermark: 15n }).count).toBe(1);
    expect(selectSegmentsToDelete([segment(5n, 5n, 0, -1n)], { ...policy, retentionMs: 0 }).count).toBe(0);
  });
});
