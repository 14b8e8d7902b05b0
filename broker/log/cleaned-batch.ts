// Re-encodes a stored batch after the log cleaner dropped some of its records (Kafka's
// MemoryRecords.filterTo): same base offset, last offset delta, producer id/epoch/base sequence,
// leader epoch, codec and flags; kept records keep their offsets and timestamps. With a delete horizon
// (KIP-534) the batch's base timestamp carries the horizon and attribute bit 6 is set. The bytes are
// written by the one batch encoder (protocol/record-batch-builder.ts); only the codec choice lives here.

import * as zlib from 'node:zlib';
import { buildRecordBatch, type BatchCompressor } from '../protocol/record-batch-builder.ts';
import {
  COMPRESSION_MASK,
  DELETE_HORIZON_BIT,
  compressionCodec,
  compressionCodecId,
  timestampType,
  type BatchHeader,
} from '../protocol/record-batch.ts';
import type { DecodedRecord } from './batch-records.ts';
import { compressLz4Frame, compressSnappyXerial } from './snappy-lz4-codecs.ts';

type ZstdZlib = { zstdCompressSync?: (data: Buffer) => Buffer };

/** The original batch's codec; null (uncompressed) for zstd where node:zlib lacks it, or an unknown id. */
function compressorOf(attributes: number): BatchCompressor | null {
  const codecId = compressionCodecId(attributes);
  switch (compressionCodec(attributes)) {
    case 'gzip':
      return { codecId, compress: (plain) => zlib.gzipSync(plain) };
    case 'snappy':
      return { codecId, compress: compressSnappyXerial };
    case 'lz4':
      return { codecId, compress: compressLz4Frame };
    case 'zstd': {
      const zstd = (zlib as unknown as ZstdZlib).zstdCompressSync;
      return zstd === undefined ? null : { codecId, compress: (plain) => zstd(plain) };
    }
    default:
      return null;
  }
}

/**
 * A batch holding `records` (a subset of `original`'s, in offset order), or an empty batch (Kafka keeps
 * one per producer so its sequence state survives) when `records` is empty.
 */
export function encodeCleanedBatch(original: BatchHeader, records: readonly DecodedRecord[], deleteHorizonMs: bigint | null): Buffer {
  const logAppendTime = timestampType(original.attributes) === 'LogAppendTime';
  const firstTimestamp = records.length > 0 ? records[0].timestampMs : original.maxTimestamp;
  const maxTimestamp =
    logAppendTime || records.length === 0
      ? original.maxTimestamp
      : records.reduce((max, record) => (record.timestampMs > max ? record.timestampMs : max), -1n);
  // Timestamp type, transactional and control bits carry over; the codec and the horizon bit are set anew.
  const keptAttributes = original.attributes & ~COMPRESSION_MASK & ~DELETE_HORIZON_BIT;
  const compressor = records.length === 0 ? null : compressorOf(original.attributes);
  return buildRecordBatch({
    records: records.map((record) => ({
      key: record.key,
      value: record.value,
      headers: record.headers,
      timestampMs: record.timestampMs,
      offsetDelta: Number(record.offset - original.baseOffset),
    })),
    baseOffset: original.baseOffset,
    partitionLeaderEpoch: original.partitionLeaderEpoch,
    producerId: original.producerId,
    producerEpoch: original.producerEpoch,
    baseSequence: original.baseSequence,
    compression: compressor ?? 'none',
    extraAttributes: keptAttributes | (deleteHorizonMs === null ? 0 : DELETE_HORIZON_BIT),
    lastOffsetDelta: original.lastOffsetDelta,
    baseTimestampMs: deleteHorizonMs ?? firstTimestamp,
    maxTimestampMs: maxTimestamp,
  });
}
