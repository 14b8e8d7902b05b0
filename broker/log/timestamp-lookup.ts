// ListOffsets by time over a partition's segments: the first record at or after a timestamp (Kafka's
// searchForTimestamp, via each segment's time index) and the record with the largest timestamp (-3).
// Records below the log start offset never count.

import { batchLastOffset, type LocatedBatch } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from './batch-records.ts';
import type { LogSegment } from './log-segment.ts';

export interface TimestampAndOffset {
  offset: bigint;
  timestamp: bigint;
}

/**
 * The first record with timestamp >= timestampMs, or null. A batch that can not be decoded (malformed)
 * answers with its first offset (a consumer then re-reads a few earlier records rather than skipping any).
 */
export async function offsetForTimestamp(
  segments: readonly LogSegment[],
  logStartOffset: bigint,
  timestampMs: bigint,
): Promise<TimestampAndOffset | null> {
  for (const segment of segments) {
    if (segment.maxTimestampMs < timestampMs) continue;
    const start = bigMax(segment.startOffsetForTimestamp(timestampMs), logStartOffset);
    let found: LocatedBatch | null = null;
    await segment.scanFrom(start, (batch) => {
      if (batchLastOffset(batch) < logStartOffset || batch.maxTimestamp < timestampMs) return true;
      found = batch;
      return false;
    });
    if (found === null) continue;
    const batch: LocatedBatch = found;
    const records = await decodeStoredBatch(segment, batch);
    const record = records?.find((r) => r.timestampMs >= timestampMs && r.offset >= logStartOffset);
    if (record !== undefined) return { offset: record.offset, timestamp: record.timestampMs };
    return { offset: bigMax(batch.baseOffset, logStartOffset), timestamp: batch.maxTimestamp };
  }
  return null;
}

/** The record with the largest timestamp (first one if tied), or offset -1 on an empty log. */
export async function maxTimestampOffset(segments: readonly LogSegment[], logStartOffset: bigint): Promise<TimestampAndOffset> {
  let best: LogSegment | null = null;
  for (const segment of segments) {
    if (segment.offsetOfMaxTimestamp >= logStartOffset && (best === null || segment.maxTimestampMs > best.maxTimestampMs)) best = segment;
  }
  if (best === null) return { offset: -1n, timestamp: -1n };
  const batch = await best.findBatch(best.offsetOfMaxTimestamp);
  if (batch === null) return { offset: best.offsetOfMaxTimestamp, timestamp: best.maxTimestampMs };
  const records = await decodeStoredBatch(best, batch);
  const record = records?.find((r) => r.timestampMs === batch.maxTimestamp);
  return { offset: record?.offset ?? best.offsetOfMaxTimestamp, timestamp: best.maxTimestampMs };
}

async function decodeStoredBatch(segment: LogSegment, batch: LocatedBatch) {
  try {
    return decodeBatchRecords(await segment.read(batch.position, batch.sizeBytes));
  } catch {
    return null;
  }
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
