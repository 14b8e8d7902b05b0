// Produce-side checks that depend on topic configs and may need the records themselves (Kafka's
// LogValidator): CreateTime timestamps within message.timestamp.before/after.max.ms (INVALID_TIMESTAMP)
// and keys on compacted topics (INVALID_RECORD). Records are decoded only when a check needs them:
// topics with default configs keep the no-decode produce path. Every codec is decoded (batch-records.ts);
// should one not be (zstd without node:zlib support), its timestamps are checked at batch granularity.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { LocatedBatch } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from './batch-records.ts';

export interface RecordPolicy {
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
  messageTimestampBeforeMaxMs: number;
  messageTimestampAfterMaxMs: number;
  cleanupCompact: boolean;
}

export interface RecordPolicyViolation {
  errorCode: number;
  message: string;
}

/** Checks the batches of `records` (positions relative to it); null when every record passes. */
export function checkRecordPolicy(
  records: Buffer,
  batches: readonly LocatedBatch[],
  policy: RecordPolicy,
  nowMs: number,
): RecordPolicyViolation | null {
  const checkTimestamps =
    policy.messageTimestampType === 'CreateTime' &&
    (policy.messageTimestampBeforeMaxMs < Number.MAX_SAFE_INTEGER || policy.messageTimestampAfterMaxMs < Number.MAX_SAFE_INTEGER);
  if (!checkTimestamps && !policy.cleanupCompact) return null;
  const earliestMs = BigInt(nowMs) - BigInt(policy.messageTimestampBeforeMaxMs);
  const latestMs = BigInt(nowMs) + BigInt(policy.messageTimestampAfterMaxMs);
  const outOfRange = (timestampMs: bigint) => timestampMs >= 0n && (timestampMs < earliestMs || timestampMs > latestMs);
  const timestampViolation = (timestampMs: bigint): RecordPolicyViolation => ({
    errorCode: ErrorCode.INVALID_TIMESTAMP,
    message: `Timestamp ${timestampMs} of message is out of range. The timestamp should be within [${earliestMs}, ${latestMs}]`,
  });
  for (const batch of batches) {
    let decoded;
    try {
      decoded = decodeBatchRecords(records.subarray(batch.position, batch.position + batch.sizeBytes));
    } catch (error) {
      return { errorCode: ErrorCode.INVALID_RECORD, message: `malformed records: ${(error as Error).message}` };
    }
    if (decoded === null) {
      // Undecodable codec: the header's first and max timestamps bound the check.
      if (checkTimestamps && (outOfRange(batch.baseTimestamp) || outOfRange(batch.maxTimestamp))) {
        return timestampViolation(outOfRange(batch.baseTimestamp) ? batch.baseTimestamp : batch.maxTimestamp);
      }
      continue;
    }
    for (const record of decoded) {
      if (checkTimestamps && outOfRange(record.timestampMs)) return timestampViolation(record.timestampMs);
      if (policy.cleanupCompact && record.key === null) {
        return { errorCode: ErrorCode.INVALID_RECORD, message: 'Compacted topic cannot accept message without key' };
      }
    }
  }
  return null;
}
