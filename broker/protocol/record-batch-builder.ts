// The one RecordBatch v2 encoder: batches as a producer sends them (tests), and every batch the broker
// writes itself: coordinator records, transaction markers, the admin-change log, and batches the log cleaner
// re-encodes (kept records keep their offset deltas and timestamps; the header may keep the original's last
// offset delta, carry a delete horizon as its base timestamp, and compress with any codec).
//
// Record grammar (varints zig-zag encoded): length varint | attributes int8 (0) | timestampDelta varlong |
// offsetDelta varint | keyLength varint (-1 = null) | key | valueLength varint | value | headerCount varint |
// per header: keyLength varint | key (UTF-8) | valueLength varint | value.

import { gzipSync } from 'node:zlib';
import { crc32c } from './crc32c.ts';
import {
  BATCH_HEADER_BYTES,
  BATCH_OFFSET_OF_ATTRIBUTES,
  BATCH_OFFSET_OF_BASE_OFFSET,
  BATCH_OFFSET_OF_BASE_SEQUENCE,
  BATCH_OFFSET_OF_BASE_TIMESTAMP,
  BATCH_OFFSET_OF_BATCH_LENGTH,
  BATCH_OFFSET_OF_CRC,
  BATCH_OFFSET_OF_LAST_OFFSET_DELTA,
  BATCH_OFFSET_OF_LEADER_EPOCH,
  BATCH_OFFSET_OF_MAGIC,
  BATCH_OFFSET_OF_MAX_TIMESTAMP,
  BATCH_OFFSET_OF_PRODUCER_EPOCH,
  BATCH_OFFSET_OF_PRODUCER_ID,
  BATCH_OFFSET_OF_RECORDS_COUNT,
  CONTROL_BIT,
  CURRENT_MAGIC,
  LOG_OVERHEAD_BYTES,
  TIMESTAMP_TYPE_BIT,
  TRANSACTIONAL_BIT,
} from './record-batch.ts';

type Bytes = Buffer | string | null;

const GZIP_CODEC_ID = 1;

export interface RecordToBuild {
  key?: Bytes;
  value: Bytes;
  headers?: { key: string; value: Bytes }[];
  timestampMs?: number | bigint;
  /** Offset relative to the batch's base offset; defaults to the record's index (a cleaned batch keeps its gaps). */
  offsetDelta?: number;
}

/** A codec the caller brings (snappy, lz4, zstd live beside the log): its attribute id and its compressor. */
export interface BatchCompressor {
  codecId: number;
  compress(plain: Buffer): Buffer;
}

export interface BuildRecordBatchOptions {
  records: RecordToBuild[];
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  compression?: 'none' | 'gzip' | BatchCompressor;
  transactional?: boolean;
  control?: boolean;
  timestampType?: 'CreateTime' | 'LogAppendTime';
  /** Other attribute bits to set (e.g. DELETE_HORIZON_BIT). */
  extraAttributes?: number;
  /** Defaults to the last record's offset delta (a cleaned batch keeps its original's). */
  lastOffsetDelta?: number;
  /** Defaults to the first record's timestamp (a cleaned batch may carry its delete horizon here). */
  baseTimestampMs?: bigint;
  /** Defaults to the largest record timestamp (a LogAppendTime batch keeps its append time). */
  maxTimestampMs?: bigint;
  /** Defaults to Date.now() for records without timestampMs. */
  nowMs?: number;
}

/** Zig-zag then base-128 little-endian groups (protobuf style); |value| must stay below 2^52. */
function pushVarint(out: number[], value: number): void {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  // At most 8 groups for values below 2^53.
  while (zigzag >= 0x80) {
    out.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  out.push(zigzag);
}

function toBuffer(bytes: Bytes | undefined): Buffer | null {
  if (bytes === null || bytes === undefined) return null;
  return typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
}

function encodeRecord(record: RecordToBuild, offsetDelta: number, timestampDelta: number): Buffer {
  const head: number[] = [0];
  pushVarint(head, timestampDelta);
  pushVarint(head, offsetDelta);
  const parts: Buffer[] = [];
  const pushBytes = (target: number[], bytes: Buffer | null) => {
    pushVarint(target, bytes === null ? -1 : bytes.length);
    parts.push(Buffer.from(target));
    target.length = 0;
    if (bytes !== null) parts.push(bytes);
  };
  pushBytes(head, toBuffer(record.key));
  pushBytes(head, toBuffer(record.value));
  const headers = record.headers ?? [];
  pushVarint(head, headers.length);
  for (const header of headers) {
    pushBytes(head, Buffer.from(header.key));
    pushBytes(head, toBuffer(header.value));
  }
  parts.push(Buffer.from(head));
  const body = Buffer.concat(parts);
  const length: number[] = [];
  pushVarint(length, body.length);
  return Buffer.concat([Buffer.from(length), body]);
}

function compressed(compression: BuildRecordBatchOptions['compression'], plain: Buffer): { payload: Buffer; codecId: number } {
  if (compression === undefined || compression === 'none') return { payload: plain, codecId: 0 };
  if (compression === 'gzip') return { payload: gzipSync(plain), codecId: GZIP_CODEC_ID };
  return { payload: compression.compress(plain), codecId: compression.codecId };
}

export function buildRecordBatch(options: BuildRecordBatchOptions): Buffer {
  const nowMs = options.nowMs ?? Date.now();
  const timestamps = options.records.map((record) => BigInt(record.timestampMs ?? nowMs));
  const baseTimestamp = options.baseTimestampMs ?? (timestamps.length > 0 ? timestamps[0] : -1n);
  const maxTimestamp = options.maxTimestampMs ?? timestamps.reduce((max, ts) => (ts > max ? ts : max), -1n);
  const offsetDeltas = options.records.map((record, index) => record.offsetDelta ?? index);
  const encoded = options.records.map((record, index) =>
    encodeRecord(record, offsetDeltas[index], Number(timestamps[index] - baseTimestamp)),
  );
  const { payload, codecId } = compressed(options.compression, Buffer.concat(encoded));

  let attributes = codecId | (options.extraAttributes ?? 0);
  if (options.timestampType === 'LogAppendTime') attributes |= TIMESTAMP_TYPE_BIT;
  if (options.transactional) attributes |= TRANSACTIONAL_BIT;
  if (options.control) attributes |= CONTROL_BIT;

  const batch = Buffer.alloc(BATCH_HEADER_BYTES + payload.length);
  batch.writeBigInt64BE(options.baseOffset ?? 0n, BATCH_OFFSET_OF_BASE_OFFSET);
  batch.writeInt32BE(BATCH_HEADER_BYTES - LOG_OVERHEAD_BYTES + payload.length, BATCH_OFFSET_OF_BATCH_LENGTH);
  batch.writeInt32BE(options.partitionLeaderEpoch ?? -1, BATCH_OFFSET_OF_LEADER_EPOCH);
  batch.writeInt8(CURRENT_MAGIC, BATCH_OFFSET_OF_MAGIC);
  batch.writeInt16BE(attributes, BATCH_OFFSET_OF_ATTRIBUTES);
  batch.writeInt32BE(options.lastOffsetDelta ?? Math.max(0, offsetDeltas.at(-1) ?? 0), BATCH_OFFSET_OF_LAST_OFFSET_DELTA);
  batch.writeBigInt64BE(baseTimestamp, BATCH_OFFSET_OF_BASE_TIMESTAMP);
  batch.writeBigInt64BE(maxTimestamp, BATCH_OFFSET_OF_MAX_TIMESTAMP);
  batch.writeBigInt64BE(options.producerId ?? -1n, BATCH_OFFSET_OF_PRODUCER_ID);
  batch.writeInt16BE(options.producerEpoch ?? -1, BATCH_OFFSET_OF_PRODUCER_EPOCH);
  batch.writeInt32BE(options.baseSequence ?? -1, BATCH_OFFSET_OF_BASE_SEQUENCE);
  batch.writeInt32BE(options.records.length, BATCH_OFFSET_OF_RECORDS_COUNT);
  payload.copy(batch, BATCH_HEADER_BYTES);
  batch.writeUInt32BE(crc32c(batch, 0, BATCH_OFFSET_OF_ATTRIBUTES), BATCH_OFFSET_OF_CRC);
  return batch;
}
