// RecordBatch v2 headers: parse, validate a produced record set, assign offsets in place.
// Records stay bytes: nothing here decodes the records inside a batch (the README's first invariant).
//
// Grammar (big-endian): baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 |
// crc uint32 (CRC-32C of attributes..end) | attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 |
// maxTimestamp int64 | producerId int64 | producerEpoch int16 | baseSequence int32 | recordsCount int32 | records

import { ErrorCode } from './error-codes.ts';
import { crc32c } from './crc32c.ts';

// Where each header field starts in a batch, named once for every reader and writer of batch headers.
export const BATCH_OFFSET_OF_BASE_OFFSET = 0;
export const BATCH_OFFSET_OF_BATCH_LENGTH = 8;
export const BATCH_OFFSET_OF_LEADER_EPOCH = 12;
export const BATCH_OFFSET_OF_MAGIC = 16;
export const BATCH_OFFSET_OF_CRC = 17;
export const BATCH_OFFSET_OF_ATTRIBUTES = 21;
export const BATCH_OFFSET_OF_LAST_OFFSET_DELTA = 23;
export const BATCH_OFFSET_OF_BASE_TIMESTAMP = 27;
export const BATCH_OFFSET_OF_MAX_TIMESTAMP = 35;
export const BATCH_OFFSET_OF_PRODUCER_ID = 43;
export const BATCH_OFFSET_OF_PRODUCER_EPOCH = 51;
export const BATCH_OFFSET_OF_BASE_SEQUENCE = 53;
export const BATCH_OFFSET_OF_RECORDS_COUNT = 57;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const LOG_OVERHEAD_BYTES = 12;
export const BATCH_HEADER_BYTES = 61;
/** Smallest legal batchLength of a v2 batch (the header after the batchLength field). */
export const MIN_BATCH_LENGTH = BATCH_HEADER_BYTES - LOG_OVERHEAD_BYTES;
export const CURRENT_MAGIC = 2;

// Attribute bits: codec (bits 0-2), timestamp type, transactional, control, delete horizon (KIP-534).
export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_BIT = 0x08;
export const TRANSACTIONAL_BIT = 0x10;
export const CONTROL_BIT = 0x20;
/** Set by the log cleaner: the batch's base timestamp is the delete horizon, not a record's time. */
export const DELETE_HORIZON_BIT = 0x40;
const MAX_COMPRESSION_CODEC = 4;
const INT32_MAX = 0x7fffffff;

export interface BatchHeader {
  baseOffset: bigint;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

/** A batch header plus where the batch lies in its buffer or file. */
export interface LocatedBatch extends BatchHeader {
  position: number;
  /** batchLength + 12: the whole batch. */
  sizeBytes: number;
}

export type CompressionCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
const CODEC_NAMES: readonly CompressionCodec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export function compressionCodecId(attributes: number): number {
  return attributes & COMPRESSION_MASK;
}

/** The codec name, or null for ids 5-7 that Kafka does not define. */
export function compressionCodec(attributes: number): CompressionCodec | null {
  return CODEC_NAMES[attributes & COMPRESSION_MASK] ?? null;
}

export function timestampType(attributes: number): 'CreateTime' | 'LogAppendTime' {
  return attributes & TIMESTAMP_TYPE_BIT ? 'LogAppendTime' : 'CreateTime';
}

export function isTransactional(attributes: number): boolean {
  return (attributes & TRANSACTIONAL_BIT) !== 0;
}

export function isControl(attributes: number): boolean {
  return (attributes & CONTROL_BIT) !== 0;
}

export function hasDeleteHorizon(attributes: number): boolean {
  return (attributes & DELETE_HORIZON_BIT) !== 0;
}

export function batchLastOffset(batch: BatchHeader): bigint {
  return batch.baseOffset + BigInt(batch.lastOffsetDelta);
}

/** Sequence of the batch's last record; sequences wrap from INT32_MAX to 0 (DefaultRecordBatch.incrementSequence). */
export function batchLastSequence(batch: BatchHeader): number {
  if (batch.baseSequence < 0) return -1;
  return (batch.baseSequence + batch.lastOffsetDelta) % (INT32_MAX + 1);
}

/** Reads the 61-byte header at `position`; the caller guarantees the bytes are there. */
export function readBatchHeader(buffer: Buffer, position: number): BatchHeader {
  return {
    baseOffset: buffer.readBigInt64BE(position + BATCH_OFFSET_OF_BASE_OFFSET),
    batchLength: buffer.readInt32BE(position + BATCH_OFFSET_OF_BATCH_LENGTH),
    partitionLeaderEpoch: buffer.readInt32BE(position + BATCH_OFFSET_OF_LEADER_EPOCH),
    magic: buffer.readInt8(position + BATCH_OFFSET_OF_MAGIC),
    crc: buffer.readUInt32BE(position + BATCH_OFFSET_OF_CRC),
    attributes: buffer.readInt16BE(position + BATCH_OFFSET_OF_ATTRIBUTES),
    lastOffsetDelta: buffer.readInt32BE(position + BATCH_OFFSET_OF_LAST_OFFSET_DELTA),
    baseTimestamp: buffer.readBigInt64BE(position + BATCH_OFFSET_OF_BASE_TIMESTAMP),
    maxTimestamp: buffer.readBigInt64BE(position + BATCH_OFFSET_OF_MAX_TIMESTAMP),
    producerId: buffer.readBigInt64BE(position + BATCH_OFFSET_OF_PRODUCER_ID),
    producerEpoch: buffer.readInt16BE(position + BATCH_OFFSET_OF_PRODUCER_EPOCH),
    baseSequence: buffer.readInt32BE(position + BATCH_OFFSET_OF_BASE_SEQUENCE),
    recordsCount: buffer.readInt32BE(position + BATCH_OFFSET_OF_RECORDS_COUNT),
  };
}

/** True if the stored CRC matches the batch bytes `buffer[position, position + sizeBytes)`. */
export function batchCrcMatches(buffer: Buffer, position: number, sizeBytes: number): boolean {
  const stored = buffer.readUInt32BE(position + BATCH_OFFSET_OF_CRC);
  return crc32c(buffer, 0, position + BATCH_OFFSET_OF_ATTRIBUTES, position + sizeBytes) === stored;
}

export type ValidationResult = { ok: true; batches: LocatedBatch[] } | { ok: false; errorCode: number; message: string };

export interface ValidateOptions {
  maxMessageBytes: number;
  /** Produce v3+ carries exactly one batch per partition (ProduceRequest.validateRecords). */
  requireSingleBatch?: boolean;
  /**
   * Kafka's AppendOrigin: 'coordinator' batches (the group coordinator's transactional offset commits) carry
   * a producer id without a sequence number, which a client's batch may not.
   */
  origin?: AppendOrigin;
}

export type AppendOrigin = 'client' | 'coordinator';

function invalid(errorCode: number, message: string): ValidationResult {
  return { ok: false, errorCode, message };
}

/**
 * Kafka's produce-side checks for a partition's record set (ProduceRequest.validateRecords,
 * UnifiedLog.analyzeAndValidateRecords, LogValidator.validateBatch), headers and CRC only.
 * Never throws: every length is checked before it is used.
 */
export function validateProducedRecords(records: Buffer, options: ValidateOptions): ValidationResult {
  const batches: LocatedBatch[] = [];
  let position = 0;
  // Each batch is at least 61 bytes, so this loop runs at most records.length / 61 times.
  while (position < records.length) {
    const remaining = records.length - position;
    if (remaining < LOG_OVERHEAD_BYTES + 5) return invalid(ErrorCode.CORRUPT_MESSAGE, `truncated batch at byte ${position}`);
    const batchLength = records.readInt32BE(position + BATCH_OFFSET_OF_BATCH_LENGTH);
    const magic = records.readInt8(position + BATCH_OFFSET_OF_MAGIC);
    if (magic !== CURRENT_MAGIC) {
      return invalid(ErrorCode.INVALID_RECORD, `record batches must use magic version 2, got ${magic}`);
    }
    if (batchLength < MIN_BATCH_LENGTH) return invalid(ErrorCode.CORRUPT_MESSAGE, `batch length ${batchLength} is below the minimum`);
    const sizeBytes = batchLength + LOG_OVERHEAD_BYTES;
    if (sizeBytes > remaining) return invalid(ErrorCode.CORRUPT_MESSAGE, `batch of ${sizeBytes} bytes is truncated at ${remaining}`);
    if (sizeBytes > options.maxMessageBytes) {
      return invalid(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${sizeBytes} bytes exceeds max.message.bytes ${options.maxMessageBytes}`);
    }
    if (!batchCrcMatches(records, position, sizeBytes)) return invalid(ErrorCode.CORRUPT_MESSAGE, 'batch CRC mismatch');
    const header = readBatchHeader(records, position);
    const problem = checkBatchHeader(header, options.origin ?? 'client');
    if (problem !== null) return problem;
    batches.push({ ...header, position, sizeBytes });
    position += sizeBytes;
  }
  if (batches.length === 0) return invalid(ErrorCode.INVALID_RECORD, 'produce must have at least one record batch per partition');
  if (options.requireSingleBatch && batches.length > 1) {
    return invalid(ErrorCode.INVALID_RECORD, 'produce requests v3+ may contain exactly one record batch per partition');
  }
  return { ok: true, batches };
}

function checkBatchHeader(header: BatchHeader, origin: AppendOrigin): ValidationResult | null {
  if (compressionCodecId(header.attributes) > MAX_COMPRESSION_CODEC) {
    return invalid(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `unknown compression codec ${compressionCodecId(header.attributes)}`);
  }
  if (header.recordsCount <= 0) return invalid(ErrorCode.INVALID_RECORD, `invalid record count ${header.recordsCount}`);
  if (header.lastOffsetDelta < 0 || header.lastOffsetDelta + 1 !== header.recordsCount) {
    return invalid(
      ErrorCode.INVALID_RECORD,
      `lastOffsetDelta ${header.lastOffsetDelta} does not match record count ${header.recordsCount}`,
    );
  }
  if (isControl(header.attributes)) return invalid(ErrorCode.INVALID_RECORD, 'clients may not produce control batches');
  if (origin === 'client' && header.producerId >= 0n && header.baseSequence < 0) {
    return invalid(ErrorCode.INVALID_RECORD, `idempotent batch of producer ${header.producerId} has no sequence number`);
  }
  return null;
}

export interface AssignOffsetsOptions {
  partitionLeaderEpoch: number;
  /** Set for topics with message.timestamp.type=LogAppendTime: the broker's append time. */
  logAppendTimeMs?: bigint;
}

/**
 * Writes offsets (and the leader epoch) into the batches in place. Both fields precede the CRC'd range, so
 * the CRC stays valid; LogAppendTime changes attributes and maxTimestamp, so then the CRC is recomputed.
 * Returns the last assigned offset.
 */
export function assignOffsets(records: Buffer, batches: LocatedBatch[], firstOffset: bigint, options: AssignOffsetsOptions): bigint {
  let nextOffset = firstOffset;
  for (const batch of batches) {
    records.writeBigInt64BE(nextOffset, batch.position + BATCH_OFFSET_OF_BASE_OFFSET);
    records.writeInt32BE(options.partitionLeaderEpoch, batch.position + BATCH_OFFSET_OF_LEADER_EPOCH);
    batch.baseOffset = nextOffset;
    batch.partitionLeaderEpoch = options.partitionLeaderEpoch;
    if (options.logAppendTimeMs !== undefined) stampLogAppendTime(records, batch, options.logAppendTimeMs);
    nextOffset += BigInt(batch.lastOffsetDelta) + 1n;
  }
  return nextOffset - 1n;
}

function stampLogAppendTime(records: Buffer, batch: LocatedBatch, logAppendTimeMs: bigint): void {
  const attributes = (batch.attributes | TIMESTAMP_TYPE_BIT) & 0xffff;
  records.writeUInt16BE(attributes, batch.position + BATCH_OFFSET_OF_ATTRIBUTES);
  records.writeBigInt64BE(logAppendTimeMs, batch.position + BATCH_OFFSET_OF_MAX_TIMESTAMP);
  const crc = crc32c(records, 0, batch.position + BATCH_OFFSET_OF_ATTRIBUTES, batch.position + batch.sizeBytes);
  records.writeUInt32BE(crc, batch.position + BATCH_OFFSET_OF_CRC);
  batch.attributes = records.readInt16BE(batch.position + BATCH_OFFSET_OF_ATTRIBUTES);
  batch.maxTimestamp = logAppendTimeMs;
  batch.crc = crc;
}
