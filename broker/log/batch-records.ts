// Decodes the records inside one stored batch. Only off the produce->fetch path: ListOffsets by
// timestamp and max-timestamp need record-level offsets (Kafka's FileRecords.searchForTimestamp and
// RecordBatch.offsetOfMaxTimestamp), the log cleaner maps keys, and tests read records back. gzip and zstd
// are decompressed with node:zlib, snappy and lz4 by snappy-lz4-codecs.ts; every codec is bounded.

import * as zlib from 'node:zlib';
import { BATCH_HEADER_BYTES, compressionCodec, readBatchHeader, timestampType, type BatchHeader } from '../protocol/record-batch.ts';
import { decompressLz4Frame, decompressSnappy } from './snappy-lz4-codecs.ts';

export interface DecodedRecord {
  offset: bigint;
  timestampMs: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

/** A decoded batch can not be bigger than this (guards against decompression bombs). */
const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
const MAX_HEADERS_PER_RECORD = 10_000;

type ZstdZlib = { zstdDecompressSync?: (data: Buffer, options?: { maxOutputLength?: number }) => Buffer };

function recordsPayload(batch: Buffer, header: BatchHeader): Buffer | null {
  const payload = batch.subarray(BATCH_HEADER_BYTES, header.batchLength + 12);
  switch (compressionCodec(header.attributes)) {
    case 'none':
      return payload;
    case 'gzip':
      return zlib.gunzipSync(payload, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
    case 'zstd': {
      const zstd = (zlib as unknown as ZstdZlib).zstdDecompressSync;
      return zstd === undefined ? null : zstd(payload, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
    }
    case 'snappy':
      return decompressSnappy(payload, MAX_DECOMPRESSED_BYTES);
    case 'lz4':
      return decompressLz4Frame(payload, MAX_DECOMPRESSED_BYTES);
    default:
      return null;
  }
}

class VarintReader {
  position = 0;
  private readonly buffer: Buffer;
  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }
  /** Zig-zag varint/varlong; at most 10 bytes. Values beyond 2^53 lose precision (not used for offsets). */
  varint(): number {
    let raw = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.position >= this.buffer.length) throw new RangeError('varint runs past the end');
      const byte = this.buffer[this.position++];
      raw += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      scale *= 128;
    }
    throw new RangeError('varint longer than 10 bytes');
  }
  bytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    if (this.position + length > this.buffer.length) throw new RangeError('bytes run past the end');
    const slice = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return slice;
  }
}

/**
 * The records of one whole batch (header included in `batch`), or null if its codec has no decoder here.
 * Throws RangeError on malformed record bytes.
 */
export function decodeBatchRecords(batch: Buffer): DecodedRecord[] | null {
  const header = readBatchHeader(batch, 0);
  const payload = recordsPayload(batch, header);
  if (payload === null) return null;
  const logAppendTime = timestampType(header.attributes) === 'LogAppendTime';
  const reader = new VarintReader(payload);
  const records: DecodedRecord[] = [];
  for (let index = 0; index < header.recordsCount; index++) {
    const length = reader.varint();
    const end = reader.position + length;
    if (length < 0 || end > payload.length) throw new RangeError('record runs past the end of the batch');
    reader.position += 1; // attributes
    const timestampDelta = reader.varint();
    const offsetDelta = reader.varint();
    const key = reader.bytes();
    const value = reader.bytes();
    const headerCount = reader.varint();
    if (headerCount < 0 || headerCount > MAX_HEADERS_PER_RECORD) throw new RangeError(`bad header count ${headerCount}`);
    const headers: DecodedRecord['headers'] = [];
    for (let h = 0; h < headerCount; h++) {
      const headerKey = reader.bytes();
      headers.push({ key: headerKey === null ? '' : headerKey.toString('utf8'), value: reader.bytes() });
    }
    reader.position = end;
    records.push({
      offset: header.baseOffset + BigInt(offsetDelta),
      timestampMs: logAppendTime ? header.maxTimestamp : header.baseTimestamp + BigInt(timestampDelta),
      key,
      value,
      headers,
    });
  }
  return records;
}
