// Re-encodes a stored batch after the log cleaner dropped some of its records (Kafka's
// MemoryRecords.filterTo): same base offset, last offset delta, producer id/epoch/base sequence,
// leader epoch, codec and flags; kept records keep their offsets and timestamps. With a delete horizon
// (KIP-534) the batch's base timestamp carries the horizon and attribute bit 6 is set.

import * as zlib from 'node:zlib';
import { crc32c } from '../protocol/crc32c.ts';
import {
  BATCH_HEADER_BYTES,
  BATCH_OFFSET_OF_ATTRIBUTES,
  BATCH_OFFSET_OF_CRC,
  LOG_OVERHEAD_BYTES,
  compressionCodec,
  timestampType,
  type BatchHeader,
} from '../protocol/record-batch.ts';
import type { DecodedRecord } from './batch-records.ts';
import { compressLz4Frame, compressSnappyXerial } from './snappy-lz4-codecs.ts';

export const DELETE_HORIZON_BIT = 0x40;
const COMPRESSION_MASK = 0x07;
const GZIP_CODEC = 1;
const SNAPPY_CODEC = 2;
const LZ4_CODEC = 3;
const ZSTD_CODEC = 4;

type ZstdZlib = { zstdCompressSync?: (data: Buffer) => Buffer };

export function hasDeleteHorizon(attributes: number): boolean {
  return (attributes & DELETE_HORIZON_BIT) !== 0;
}

function pushVarint(out: number[], value: number): void {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  // At most 10 groups for values below 2^53.
  while (zigzag >= 0x80) {
    out.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  out.push(zigzag);
}

function encodeRecord(record: DecodedRecord, baseOffset: bigint, baseTimestampMs: bigint): Buffer {
  const parts: Buffer[] = [];
  const head: number[] = [0];
  pushVarint(head, Number(record.timestampMs - baseTimestampMs));
  pushVarint(head, Number(record.offset - baseOffset));
  const pushBytes = (bytes: Buffer | null) => {
    pushVarint(head, bytes === null ? -1 : bytes.length);
    parts.push(Buffer.from(head));
    head.length = 0;
    if (bytes !== null) parts.push(bytes);
  };
  pushBytes(record.key);
  pushBytes(record.value);
  pushVarint(head, record.headers.length);
  for (const header of record.headers) {
    pushBytes(Buffer.from(header.key, 'utf8'));
    pushBytes(header.value);
  }
  parts.push(Buffer.from(head));
  const body = Buffer.concat(parts);
  const length: number[] = [];
  pushVarint(length, body.length);
  return Buffer.concat([Buffer.from(length), body]);
}

function compress(codecAttributes: number, plain: Buffer): { payload: Buffer; codec: number } {
  switch (compressionCodec(codecAttributes)) {
    case 'gzip':
      return { payload: zlib.gzipSync(plain), codec: GZIP_CODEC };
    case 'snappy':
      return { payload: compressSnappyXerial(plain), codec: SNAPPY_CODEC };
    case 'lz4':
      return { payload: compressLz4Frame(plain), codec: LZ4_CODEC };
    case 'zstd': {
      const zstd = (zlib as unknown as ZstdZlib).zstdCompressSync;
      return zstd === undefined ? { payload: plain, codec: 0 } : { payload: zstd(plain), codec: ZSTD_CODEC };
    }
    default:
      return { payload: plain, codec: 0 };
  }
}

/**
 * A batch holding `records` (a subset of `original`'s, in offset order), or an empty batch (Kafka keeps
 * one per producer so its sequence state survives) when `records` is empty.
 */
export function encodeCleanedBatch(original: BatchHeader, records: readonly DecodedRecord[], deleteHorizonMs: bigint | null): Buffer {
  const logAppendTime = timestampType(original.attributes) === 'LogAppendTime';
  const firstTimestamp = records.length > 0 ? records[0].timestampMs : original.maxTimestamp;
  const baseTimestamp = deleteHorizonMs ?? firstTimestamp;
  const maxTimestamp = logAppendTime || records.length === 0
    ? original.maxTimestamp
    : records.reduce((max, record) => (record.timestampMs > max ? record.timestampMs : max), -1n);
  const plain = Buffer.concat(records.map((record) => encodeRecord(record, original.baseOffset, baseTimestamp)));
  const { payload, codec } = records.length === 0 ? { payload: plain, codec: 0 } : compress(original.attributes, plain);
  let attributes = (original.attributes & ~COMPRESSION_MASK & ~DELETE_HORIZON_BIT) | codec;
  if (deleteHorizonMs !== null) attributes |= DELETE_HORIZON_BIT;

  const batch = Buffer.alloc(BATCH_HEADER_BYTES + payload.length);
  batch.writeBigInt64BE(original.baseOffset, 0);
  batch.writeInt32BE(BATCH_HEADER_BYTES - LOG_OVERHEAD_BYTES + payload.length, 8);
  batch.writeInt32BE(original.partitionLeaderEpoch, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(attributes, BATCH_OFFSET_OF_ATTRIBUTES);
  batch.writeInt32BE(original.lastOffsetDelta, 23);
  batch.writeBigInt64BE(baseTimestamp, 27);
  batch.writeBigInt64BE(maxTimestamp, 35);
  batch.writeBigInt64BE(original.producerId, 43);
  batch.writeInt16BE(original.producerEpoch, 51);
  batch.writeInt32BE(original.baseSequence, 53);
  batch.writeInt32BE(records.length, 57);
  payload.copy(batch, BATCH_HEADER_BYTES);
  batch.writeUInt32BE(crc32c(batch, 0, BATCH_OFFSET_OF_ATTRIBUTES), BATCH_OFFSET_OF_CRC);
  return batch;
}
