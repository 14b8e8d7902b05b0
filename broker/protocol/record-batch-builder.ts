// Encodes real RecordBatch v2 bytes, as a producer would send them. For tests and for broker-written
// batches (e.g. transaction markers later). Compression: none or gzip (node:zlib).

import { gzipSync } from 'node:zlib';
import { crc32c } from './crc32c.ts';
import { BATCH_HEADER_BYTES, BATCH_OFFSET_OF_ATTRIBUTES, BATCH_OFFSET_OF_CRC, LOG_OVERHEAD_BYTES } from './record-batch.ts';

type Bytes = Buffer | string | null;

export interface RecordToBuild {
  key?: Bytes;
  value: Bytes;
  headers?: { key: string; value: Bytes }[];
  timestampMs?: number | bigint;
}

export interface BuildRecordBatchOptions {
  records: RecordToBuild[];
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  compression?: 'none' | 'gzip';
  transactional?: boolean;
  control?: boolean;
  timestampType?: 'CreateTime' | 'LogAppendTime';
  /** Defaults to Date.now() for records without timestampMs. */
  nowMs?: number;
}

/** Zig-zag then base-128 little-endian groups (protobuf style); |value| must stay below 2^52. */
function pushVarint(out: number[], value: number): void {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
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

export function buildRecordBatch(options: BuildRecordBatchOptions): Buffer {
  const nowMs = options.nowMs ?? Date.now();
  const timestamps = options.records.map((record) => BigInt(record.timestampMs ?? nowMs));
  const baseTimestamp = timestamps.length > 0 ? timestamps[0] : -1n;
  const maxTimestamp = timestamps.reduce((max, ts) => (ts > max ? ts : max), -1n);
  const encoded = options.records.map((record, index) => encodeRecord(record, index, Number(timestamps[index] - baseTimestamp)));
  const plain = Buffer.concat(encoded);
  const compression = options.compression ?? 'none';
  const payload = compression === 'gzip' ? gzipSync(plain) : plain;

  let attributes = compression === 'gzip' ? 1 : 0;
  if (options.timestampType === 'LogAppendTime') attributes |= 0x08;
  if (options.transactional) attributes |= 0x10;
  if (options.control) attributes |= 0x20;

  const header = Buffer.alloc(BATCH_HEADER_BYTES);
  header.writeBigInt64BE(options.baseOffset ?? 0n, 0);
  header.writeInt32BE(BATCH_HEADER_BYTES - LOG_OVERHEAD_BYTES + payload.length, 8);
  header.writeInt32BE(options.partitionLeaderEpoch ?? -1, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(attributes, 21);
  header.writeInt32BE(Math.max(0, options.records.length - 1), 23);
  header.writeBigInt64BE(baseTimestamp, 27);
  header.writeBigInt64BE(maxTimestamp, 35);
  header.writeBigInt64BE(options.producerId ?? -1n, 43);
  header.writeInt16BE(options.producerEpoch ?? -1, 51);
  header.writeInt32BE(options.baseSequence ?? -1, 53);
  header.writeInt32BE(options.records.length, 57);
  const batch = Buffer.concat([header, payload]);
  batch.writeUInt32BE(crc32c(batch, 0, BATCH_OFFSET_OF_ATTRIBUTES), BATCH_OFFSET_OF_CRC);
  return batch;
}
