import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { batchCrcMatches, compressionCodecId, readBatchHeader, type LocatedBatch } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from './batch-records.ts';
import { encodeCleanedBatch } from './cleaned-batch.ts';
import { nodeFileSystem } from './file-system.ts';
import { defaultLogConfig, PartitionLog, type LogConfig } from './partition-log.ts';
import { checkRecordPolicy } from './record-policy-checks.ts';
import { compressLz4Frame, compressSnappyXerial, decompressLz4Frame, decompressSnappy } from './snappy-lz4-codecs.ts';
import { expectedRecord, REAL_CLIENT_BATCHES } from './test-support/real-client-batches.ts';

const XERIAL_MAGIC_HEX = '82534e4150505900';
const LZ4_FRAME_MAGIC_HEX = '04224d18';
const NOW_MS = 1_795_559_100_000;
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function batchesOf(capture: (typeof REAL_CLIENT_BATCHES)[number]): Buffer[] {
  return capture.batchesHex.map((hex) => Buffer.from(hex, 'hex'));
}

function allRecords(batches: Buffer[]) {
  return batches.flatMap((batch) => decodeBatchRecords(batch) ?? []);
}

function located(batch: Buffer): LocatedBatch {
  const header = readBatchHeader(batch, 0);
  return { ...header, position: 0, sizeBytes: header.batchLength + 12 };
}

async function openCompactedLog(): Promise<PartitionLog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'samsa-codecs-'));
  dirs.push(dir);
  const config: LogConfig = {
    ...defaultLogConfig,
    segmentBytes: 400,
    cleanupCompact: true,
    cleanupDelete: false,
    minCleanableDirtyRatio: 0,
    fileDeleteDelayMs: 0,
  };
  return PartitionLog.open(path.join(dir, 'topic-0'), config, nodeFileSystem, NOW_MS);
}

async function readEverything(log: PartitionLog): Promise<Buffer[]> {
  const batches: Buffer[] = [];
  let next = log.logStartOffset;
  for (let guard = 0; guard < 100 && next < log.logEndOffset; guard++) {
    const result = await log.read(next, 1_000_000, { minOneBatch: true });
    if (!('records' in result) || result.records.length === 0) break;
    for (const chunk of result.records) {
      for (let position = 0; position < chunk.length; ) {
        const header = readBatchHeader(chunk, position);
        batches.push(chunk.subarray(position, position + header.batchLength + 12));
        next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
        position += header.batchLength + 12;
      }
    }
  }
  return batches;
}

describe('snappy and lz4 record batches', () => {
  it.each(REAL_CLIENT_BATCHES)('decodes the records of batches written by $producer', (capture) => {
    const batches = batchesOf(capture);
    for (const batch of batches) expect(compressionCodecId(batch.readInt16BE(21))).toBe(capture.codecId);
    const records = allRecords(batches);
    expect(records.map((record) => ({ key: record.key?.toString(), value: record.value?.toString() }))).toEqual(
      [0, 1, 2, 3].map(expectedRecord),
    );
    expect(records.map((record) => record.offset)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('reads both snappy flavours: raw blocks from librdkafka and xerial framing from the Java client', () => {
    const payloadHead = (producer: string) =>
      batchesOf(REAL_CLIENT_BATCHES.find((capture) => capture.producer === producer)!)[0]
        .subarray(61, 69)
        .toString('hex');
    expect(payloadHead('kcat -z snappy')).not.toBe(XERIAL_MAGIC_HEX);
    expect(payloadHead('Java ConsoleProducer --compression-codec snappy')).toBe(XERIAL_MAGIC_HEX);
  });

  it.each(REAL_CLIENT_BATCHES)('re-encodes a cleaned batch of $producer with the same codec and the kept records intact', (capture) => {
    const batch = batchesOf(capture).at(-1)!;
    const records = decodeBatchRecords(batch)!;
    const kept = records.slice(-2);
    const cleaned = encodeCleanedBatch(readBatchHeader(batch, 0), kept, null);
    const header = readBatchHeader(cleaned, 0);
    expect(batchCrcMatches(cleaned, 0, cleaned.length)).toBe(true);
    expect(compressionCodecId(header.attributes)).toBe(capture.codecId);
    expect(
      cleaned
        .subarray(61, 69)
        .toString('hex')
        .startsWith(capture.codecId === 2 ? XERIAL_MAGIC_HEX : LZ4_FRAME_MAGIC_HEX),
    ).toBe(true);
    expect(decodeBatchRecords(cleaned)).toEqual(kept);
  });

  it('round-trips payloads larger than one snappy chunk or lz4 block', () => {
    const plain = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `record-${i};`).join(''));
    expect(plain.length).toBeGreaterThan(128 * 1024);
    expect(decompressSnappy(compressSnappyXerial(plain), plain.length)).toEqual(plain);
    expect(decompressLz4Frame(compressLz4Frame(plain), plain.length + 64 * 1024)).toEqual(plain);
  });

  it('refuses payloads that would decompress beyond the bound before decompressing them', () => {
    const plain = Buffer.alloc(200_000, 'x');
    expect(() => decompressSnappy(compressSnappyXerial(plain), 100_000)).toThrow(RangeError);
    expect(() => decompressSnappy(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]), 1_000_000)).toThrow(RangeError);
    expect(() => decompressLz4Frame(compressLz4Frame(plain), 100_000)).toThrow(RangeError);
    expect(() => decompressLz4Frame(Buffer.from('not an lz4 frame'), 1_000_000)).toThrow(RangeError);
  });

  it.each(REAL_CLIENT_BATCHES)('compacts a log written by $producer to the latest record per key, keeping the codec', async (capture) => {
    const log = await openCompactedLog();
    for (const batch of batchesOf(capture)) {
      const result = await log.append(Buffer.from(batch), NOW_MS);
      if ('message' in result) throw new Error(result.message);
    }
    const filler = await log.append(
      buildRecordBatch({ records: [{ key: 'filler', value: 'x'.repeat(600), timestampMs: NOW_MS }] }),
      NOW_MS,
    );
    if ('message' in filler) throw new Error(filler.message);
    expect(await log.compact(NOW_MS + 1000)).toBeGreaterThan(0);
    const stored = await readEverything(log);
    const records = allRecords(stored).filter((record) => record.key?.toString() !== 'filler');
    expect(records.map((record) => [record.offset, record.value?.toString()])).toEqual([
      [2n, expectedRecord(2).value],
      [3n, expectedRecord(3).value],
    ]);
    const codecs = stored
      .filter((batch) => readBatchHeader(batch, 0).recordsCount > 0 && decodeBatchRecords(batch)![0].key?.toString() !== 'filler')
      .map((batch) => compressionCodecId(readBatchHeader(batch, 0).attributes));
    expect(codecs).toEqual([capture.codecId]);
    await log.close();
  });

  it('finds the exact record for a timestamp inside an lz4 batch', async () => {
    const log = await openCompactedLog();
    const batch = batchesOf(REAL_CLIENT_BATCHES.find((capture) => capture.producer === 'Java ConsoleProducer --compression-codec lz4')!)[0];
    const records = decodeBatchRecords(batch)!;
    expect(records[2].timestampMs).toBeGreaterThan(records[1].timestampMs);
    await log.append(Buffer.from(batch), NOW_MS);
    expect(await log.offsetForTimestamp(records[2].timestampMs)).toEqual({ offset: 2n, timestamp: records[2].timestampMs });
    await log.close();
  });

  it.each(REAL_CLIENT_BATCHES)('rejects a null key on a compacted topic inside a batch compressed like $producer', (capture) => {
    const original = batchesOf(capture)[0];
    const [first] = decodeBatchRecords(original)!;
    const policy = {
      messageTimestampType: 'CreateTime' as const,
      messageTimestampBeforeMaxMs: Number.MAX_SAFE_INTEGER,
      messageTimestampAfterMaxMs: Number.MAX_SAFE_INTEGER,
      cleanupCompact: true,
    };
    expect(checkRecordPolicy(original, [located(original)], policy, NOW_MS, 't-0')).toBeNull();
    const keyless = encodeCleanedBatch(readBatchHeader(original, 0), [{ ...first, key: null }], null);
    expect(compressionCodecId(keyless.readInt16BE(21))).toBe(capture.codecId);
    expect(checkRecordPolicy(keyless, [located(keyless)], policy, NOW_MS, 't-0')).toMatchObject({ errorCode: 87 });
  });
});
