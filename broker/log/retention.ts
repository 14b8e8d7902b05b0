// Which old segments retention deletes (Kafka's UnifiedLog.deleteOldSegments): whole segments from the
// oldest, while retention.ms, retention.bytes or the log start offset (DeleteRecords) says so. A segment
// goes only if everything in it is below the high watermark; the last segment goes only if non-empty
// (the caller then rolls a new empty one first).

export interface SegmentSummary {
  baseOffset: bigint;
  nextOffset: bigint;
  sizeBytes: number;
  /** -1 when the segment holds no timestamps. */
  maxTimestampMs: bigint;
  /** Fallback age when there is no timestamp (Kafka uses the file's mtime). */
  createdAtMs: number;
}

export interface RetentionPolicy {
  nowMs: number;
  /** -1: no time limit. */
  retentionMs: number;
  /** -1: no size limit. */
  retentionBytes: number;
  logStartOffset: bigint;
  highWatermark: bigint;
}

export type DeletionReason = 'retention.ms' | 'retention.bytes' | 'log-start-offset';

/** How many segments, from the oldest, to delete; segments are in offset order, the active one last. */
export function selectSegmentsToDelete(
  segments: readonly SegmentSummary[],
  policy: RetentionPolicy,
): { count: number; reason: DeletionReason | null } {
  const byTime = countDeletable(segments, policy, (segment) => {
    if (policy.retentionMs < 0) return false;
    const lastActivityMs = segment.maxTimestampMs >= 0n ? Number(segment.maxTimestampMs) : segment.createdAtMs;
    return policy.nowMs - lastActivityMs > policy.retentionMs;
  });
  if (byTime > 0) return { count: byTime, reason: 'retention.ms' };

  let excessBytes = policy.retentionBytes < 0 ? 0 : segments.reduce((sum, s) => sum + s.sizeBytes, 0) - policy.retentionBytes;
  const bySize = countDeletable(segments, policy, (segment) => {
    if (policy.retentionBytes < 0 || excessBytes - segment.sizeBytes < 0) return false;
    excessBytes -= segment.sizeBytes;
    return true;
  });
  if (bySize > 0) return { count: bySize, reason: 'retention.bytes' };

  const byStart = countDeletable(segments, policy, (_segment, next) => next !== undefined && next.baseOffset <= policy.logStartOffset);
  if (byStart > 0) return { count: byStart, reason: 'log-start-offset' };
  return { count: 0, reason: null };
}

function countDeletable(
  segments: readonly SegmentSummary[],
  policy: RetentionPolicy,
  predicate: (segment: SegmentSummary, next: SegmentSummary | undefined) => boolean,
): number {
  let count = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const next = segments[i + 1];
    const upperBoundOffset = next?.baseOffset ?? segment.nextOffset;
    const lastAndEmpty = next === undefined && segment.sizeBytes === 0;
    if (policy.highWatermark < upperBoundOffset || lastAndEmpty || !predicate(segment, next)) break;
    count++;
  }
  return count;
}
