import { describe, expect, it } from 'vitest';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { crc32c } from './crc32c.ts';
import { buildRecordBatch, type BatchCompressor } from './record-batch-builder.ts';
import {
  assignOffsets,
  BATCH_HEADER_BYTES,
  BATCH_OFFSET_OF_BATCH_LENGTH,
  BATCH_OFFSET_OF_RECORDS_COUNT,
  batchCrcMatches,
  batchLastSequence,
  compressionCodec,
  compressionCodecId,
  DELETE_HORIZON_BIT,
  hasDeleteHorizon,
  LOG_OVERHEAD_BYTES,
  isControl,
  isTransactional,
  readBatchHeader,
  timestampType,
  validateProducedRecords,
} from './record-batch.ts';

const opts = { maxMessageBytes: 1048588 };
const batch = (extra: Partial<Parameters<typeof buildRecordBatch>[0]> = {}) =>
  buildRecordBatch({
    records: [
      { key: 'k1', value: 'v1', timestampMs: 1000 },
      { key: null, value: 'v2', timestampMs: 1005 },
    ],
    ...extra,
  });

function withFreshCrc(records: Buffer): Buffer {
  records.writeUInt32BE(crc32c(records, 0, 21), 17);
  expect(batchCrcMatches(records, 0, records.length)).toBe(true);
  return records;
}

function expectError(records: Buffer, errorCode: number, options: Parameters<typeof validateProducedRecords>[1] = opts) {
  const result = validateProducedRecords(records, options);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errorCode).toBe(errorCode);
}

describe('record batch validation', () => {
  it('accepts a well-formed batch and reports its header and position', () => {
    const records = Buffer.concat([batch(), batch({ compression: 'gzip', producerId: 7n, producerEpoch: 0, baseSequence: 3 })]);
    const result = validateProducedRecords(records, opts);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.batches.map((b) => [b.position, b.recordsCount, b.lastOffsetDelta])).toEqual([
      [0, 2, 1],
      [result.batches[0].sizeBytes, 2, 1],
    ]);
    expect(compressionCodec(result.batches[1].attributes)).toBe('gzip');
    expect(batchLastSequence(result.batches[1])).toBe(4);
    expect(result.batches[0].maxTimestamp).toBe(1005n);
  });

  it('refuses two batches when a single one is required', () => {
    expectError(Buffer.concat([batch(), batch()]), 87, { ...opts, requireSingleBatch: true });
  });

  it('answers CORRUPT_MESSAGE for a flipped byte, a truncated batch and a too small batchLength', () => {
    const flipped = batch();
    flipped[flipped.length - 1] ^= 0xff;
    expectError(flipped, 2);
    expectError(batch().subarray(0, 70), 2);
    const tiny = batch();
    tiny.writeInt32BE(10, 8);
    expectError(tiny, 2);
  });

  it('answers INVALID_RECORD for legacy magic, bad counts, control batches and missing sequences', () => {
    const legacy = batch();
    legacy.writeInt8(1, 16);
    expectError(legacy, 87);
    expectError(Buffer.alloc(0), 87);
    expectError(batch({ control: true, transactional: true }), 87);
    expectError(batch({ producerId: 5n, producerEpoch: 0, baseSequence: -1 }), 87);
    const badCount = batch();
    badCount.writeInt32BE(5, 57);
    expectError(badCount, 2); // the count is inside the CRC: changed without a new CRC it is corruption
    expectError(withFreshCrc(badCount), 87);
    const zeroCount = batch();
    zeroCount.writeInt32BE(0, 57);
    expectError(withFreshCrc(zeroCount), 87);
  });

  it('answers UNSUPPORTED_COMPRESSION_TYPE for codec ids above zstd', () => {
    const codec = batch();
    codec.writeInt16BE(6, 21);
    expectError(withFreshCrc(codec), 76);
  });

  it('answers MESSAGE_TOO_LARGE above max.message.bytes', () => {
    const big = buildRecordBatch({ records: [{ value: Buffer.alloc(2000) }] });
    expectError(big, 10, { maxMessageBytes: 1000 });
  });

  it('never throws on random bytes or random corruption of a valid batch', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 2000; i++) {
      const garbage = Buffer.alloc(Math.floor(random() * 200));
      for (let j = 0; j < garbage.length; j++) garbage[j] = Math.floor(random() * 256);
      if (i % 2 === 0 && garbage.length > 20) garbage.writeInt8(2, 16);
      expect(validateProducedRecords(garbage, opts).ok).toBe(false);
      const mangled = batch();
      mangled[Math.floor(random() * mangled.length)] = Math.floor(random() * 256);
      expect(() => validateProducedRecords(mangled, opts)).not.toThrow();
    }
  });
});

describe('offset assignment', () => {
  it('patches base offset and leader epoch in place without breaking the CRC', () => {
    const records = Buffer.concat([batch(), batch()]);
    const result = validateProducedRecords(records, opts);
    if (!result.ok) throw new Error(result.message);
    const last = assignOffsets(records, result.batches, 40n, { partitionLeaderEpoch: 3 });
    expect(last).toBe(43n);
    const second = readBatchHeader(records, result.batches[1].position);
    expect(second.baseOffset).toBe(42n);
    expect(second.partitionLeaderEpoch).toBe(3);
    expect(validateProducedRecords(records, opts).ok).toBe(true);
    expect(decodeBatchRecords(records.subarray(result.batches[1].position))?.map((r) => r.offset)).toEqual([42n, 43n]);
  });

  it('stamps LogAppendTime and recomputes the CRC so the batch still validates', () => {
    const records = batch();
    const result = validateProducedRecords(records, opts);
    if (!result.ok) throw new Error(result.message);
    assignOffsets(records, result.batches, 0n, { partitionLeaderEpoch: 0, logAppendTimeMs: 99_000n });
    const header = readBatchHeader(records, 0);
    expect(timestampType(header.attributes)).toBe('LogAppendTime');
    expect(header.maxTimestamp).toBe(99_000n);
    expect(batchCrcMatches(records, 0, records.length)).toBe(true);
    expect(decodeBatchRecords(records)?.map((r) => r.timestampMs)).toEqual([99_000n, 99_000n]);
  });
});

describe('record batch builder', () => {
  it('round-trips keys, values, headers and timestamps, plain and gzip', () => {
    for (const compression of ['none', 'gzip'] as const) {
      const built = buildRecordBatch({
        compression,
        transactional: true,
        producerId: 1n,
        producerEpoch: 0,
        baseSequence: 0,
        records: [
          {
            key: 'a',
            value: 'x'.repeat(300),
            headers: [
              { key: 'h', value: 'hv' },
              { key: 'n', value: null },
            ],
            timestampMs: 5,
          },
          { key: null, value: null, timestampMs: 3 },
        ],
      });
      const header = readBatchHeader(built, 0);
      expect(isTransactional(header.attributes)).toBe(true);
      expect(isControl(header.attributes)).toBe(false);
      const decoded = decodeBatchRecords(built);
      expect(decoded?.map((r) => [r.key?.toString() ?? null, r.value?.length ?? null, r.timestampMs])).toEqual([
        ['a', 300, 5n],
        [null, null, 3n],
      ]);
      expect(decoded?.[0].headers).toEqual([
        { key: 'h', value: Buffer.from('hv') },
        { key: 'n', value: null },
      ]);
    }
  });

  it("keeps offset gaps, the last offset delta, a delete horizon and a caller's codec, as the log cleaner needs", () => {
    const reversed: BatchCompressor = { codecId: 3, compress: (plain) => Buffer.from(plain).reverse() };
    const built = buildRecordBatch({
      baseOffset: 100n,
      records: [
        { key: 'a', value: '1', timestampMs: 50, offsetDelta: 2 },
        { key: 'b', value: '2', timestampMs: 70, offsetDelta: 5 },
      ],
      lastOffsetDelta: 9,
      baseTimestampMs: 40n,
      maxTimestampMs: 90n,
      extraAttributes: DELETE_HORIZON_BIT,
      compression: reversed,
    });
    const header = readBatchHeader(built, 0);
    expect(header).toMatchObject({ baseOffset: 100n, lastOffsetDelta: 9, baseTimestamp: 40n, maxTimestamp: 90n, recordsCount: 2 });
    expect(compressionCodecId(header.attributes)).toBe(3);
    expect(hasDeleteHorizon(header.attributes)).toBe(true);
    expect(batchCrcMatches(built, 0, built.length)).toBe(true);
    // The payload is what the compressor made of the records: undo it and decode them as an uncompressed batch.
    const plain = buildRecordBatch({ ...{ baseOffset: 100n, lastOffsetDelta: 9, baseTimestampMs: 40n }, records: [] });
    const payload = Buffer.from(built.subarray(BATCH_HEADER_BYTES)).reverse();
    const uncompressed = Buffer.concat([plain.subarray(0, BATCH_HEADER_BYTES), payload]);
    uncompressed.writeInt32BE(BATCH_HEADER_BYTES - LOG_OVERHEAD_BYTES + payload.length, BATCH_OFFSET_OF_BATCH_LENGTH);
    uncompressed.writeInt32BE(2, BATCH_OFFSET_OF_RECORDS_COUNT);
    expect(decodeBatchRecords(uncompressed)?.map((r) => [r.offset, r.timestampMs, r.key?.toString()])).toEqual([
      [102n, 50n, 'a'],
      [105n, 70n, 'b'],
    ]);
  });
});
