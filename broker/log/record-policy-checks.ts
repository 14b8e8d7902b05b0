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

/** One refused record (KIP-467): its index in the batch and why, as Kafka's ProduceResponse.RecordError. */
export interface RecordError {
  batchIndex: number;
  message: string;
}

export interface RecordPolicyViolation {
  errorCode: number;
  message: string;
  /** Every refused record; the whole batch is refused, as Kafka's LogValidator does. */
  recordErrors: RecordError[];
}

/** Kafka lists at most this many record errors in the partition's error message (LogValidator.processRecordErrors). */
const RECORD_ERRORS_IN_MESSAGE = 3;

/**
 * Checks the batches of `records` (positions relative to it); null when every record passes. Like Kafka, every
 * record is checked (key first, then timestamp) and each failing one is listed, so clients fail only those
 * records; `partitionName` is "topic-partition", as Kafka's messages name it.
 */
export function checkRecordPolicy(
  records: Buffer,
  batches: readonly LocatedBatch[],
  policy: RecordPolicy,
  nowMs: number,
  partitionName: string,
): RecordPolicyViolation | null {
  const checkTimestamps =
    policy.messageTimestampType === 'CreateTime' &&
    (policy.messageTimestampBeforeMaxMs < Number.MAX_SAFE_INTEGER || policy.messageTimestampAfterMaxMs < Number.MAX_SAFE_INTEGER);
  if (!checkTimestamps && !policy.cleanupCompact) return null;
  const earliestMs = BigInt(nowMs) - BigInt(policy.messageTimestampBeforeMaxMs);
  const latestMs = BigInt(nowMs) + BigInt(policy.messageTimestampAfterMaxMs);
  // Kafka skips only -1 (no timestamp) here.
  const outOfRange = (timestampMs: bigint) => timestampMs !== -1n && (timestampMs < earliestMs || timestampMs > latestMs);
  const timestampMessage = (timestampMs: bigint, offset: bigint) =>
    `Timestamp ${timestampMs} of message with offset ${offset} is out of range. The timestamp should be within [${earliestMs}, ${latestMs}]`;
  const recordErrors: RecordError[] = [];
  let anyTimestampError = false;
  for (const batch of batches) {
    let decoded;
    try {
      decoded = decodeBatchRecords(records.subarray(batch.position, batch.position + batch.sizeBytes));
    } catch (error) {
      return { errorCode: ErrorCode.INVALID_RECORD, message: `malformed records: ${(error as Error).message}`, recordErrors: [] };
    }
    if (decoded === null) {
      // Undecodable codec: the header's first and max timestamps bound the check.
      if (checkTimestamps && (outOfRange(batch.baseTimestamp) || outOfRange(batch.maxTimestamp))) {
        const timestampMs = outOfRange(batch.baseTimestamp) ? batch.baseTimestamp : batch.maxTimestamp;
        return { errorCode: ErrorCode.INVALID_TIMESTAMP, message: timestampMessage(timestampMs, batch.baseOffset), recordErrors: [] };
      }
      continue;
    }
    decoded.forEach((record, batchIndex) => {
      if (policy.cleanupCompact && record.key === null) {
        recordErrors.push({ batchIndex, message: `Compacted topic cannot accept message without key in topic partition ${partitionName}` });
      } else if (checkTimestamps && outOfRange(record.timestampMs)) {
        anyTimestampError = true;
        recordErrors.push({ batchIndex, message: timestampMessage(record.timestampMs, record.offset) });
      }
    });
  }
  if (recordErrors.length === 0) return null;
  // Any timestamp error makes the whole answer INVALID_TIMESTAMP, as in Kafka.
  if (anyTimestampError) {
    return {
      errorCode: ErrorCode.INVALID_TIMESTAMP,
      message: 'One or more records have been rejected due to invalid timestamp',
      recordErrors,
    };
  }
  const shown = recordErrors
    .slice(0, RECORD_ERRORS_IN_MESSAGE)
    .map(({ batchIndex, message }) => `RecordError(batchIndex=${batchIndex}, message='${message}')`);
  return {
    errorCode: ErrorCode.INVALID_RECORD,
    message:
      `One or more records have been rejected due to ${recordErrors.length} record errors in total, ` +
      `and only showing the first three errors at most: [${shown.join(', ')}]`,
    recordErrors,
  };
}
