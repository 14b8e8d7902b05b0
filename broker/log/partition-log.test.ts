import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRecordBatch, type BuildRecordBatchOptions } from '../protocol/record-batch-builder.ts';
import { batchCrcMatches, readBatchHeader } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from './batch-records.ts';
import { defaultLogConfig, PartitionLog, type LogConfig, type ReadResult } from './partition-log.ts';
import { FaultInjectingFileSystem } from './test-support/fault-injecting-file-system.ts';

const DIR = '/data/topic-0';
const smallSegments: LogConfig = { ...defaultLogConfig, segmentBytes: 2048, indexIntervalBytes: 256 };

function records(count: number, extra: Partial<BuildRecordBatchOptions> = {}, firstTimestampMs = 1_000): Buffer {
  return buildRecordBatch({
    records: Array.from({ length: count }, (_, i) => ({
      key: `k${i}`,
      value: `value-${i}-${'x'.repeat(40)}`,
      timestampMs: firstTimestampMs + i,
    })),
    ...extra,
  });
}

/** Every batch returned by reading the whole log, decoded, as offsets. */
async function allOffsets(log: PartitionLog): Promise<bigint[]> {
  const offsets: bigint[] = [];
  let next = log.logStartOffset;
  for (let guard = 0; guard < 10_000 && next < log.logEndOffset; guard++) {
    for (const chunk of recordsOf(await log.read(next, 1_000_000, { minOneBatch: true }))) {
      let position = 0;
      while (position < chunk.length) {
        const header = readBatchHeader(chunk, position);
        const size = header.batchLength + 12;
        expect(batchCrcMatches(chunk, position, size)).toBe(true);
        for (const record of decodeBatchRecords(chunk.subarray(position, position + size)) ?? []) offsets.push(record.offset);
        position += size;
      }
    }
    next = offsets[offsets.length - 1] + 1n;
  }
  return offsets;
}

function recordsOf(result: ReadResult): Buffer[] {
  if (!('records' in result)) throw new Error(`read failed with error ${result.errorCode}`);
  return result.records;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => BigInt(from + i));

describe('PartitionLog', () => {
  it('assigns contiguous offsets and reads everything back across segment rolls', async () => {
    const fs = new FaultInjectingFileSystem();
    const log = await PartitionLog.open(DIR, smallSegments, fs);
    for (let i = 0; i < 40; i++) {
      const result = await log.append(records(3));
      expect(result).toMatchObject({ errorCode: 0, baseOffset: BigInt(i * 3), lastOffset: BigInt(i * 3 + 2) });
    }
    expect(log.segmentCount).toBeGreaterThan(3);
    expect(log.logEndOffset).toBe(120n);
    expect(log.highWatermark).toBe(120n);
    expect(await allOffsets(log)).toEqual(range(0, 120));
    await log.close();
    const reopened = await PartitionLog.open(DIR, smallSegments, fs);
    expect(reopened.logEndOffset).toBe(120n);
    expect(await allOffsets(reopened)).toEqual(range(0, 120));
  });

  it('lands a fetch from any offset on the batch that holds it', async () => {
    const log = await PartitionLog.open(DIR, smallSegments, new FaultInjectingFileSystem());
    for (let i = 0; i < 30; i++) await log.append(records(1 + (i % 4)));
    for (let offset = 0n; offset < log.logEndOffset; offset++) {
      const [first] = recordsOf(await log.read(offset, 1, { minOneBatch: true }));
      const header = readBatchHeader(first, 0);
      expect(header.baseOffset <= offset && offset <= header.baseOffset + BigInt(header.lastOffsetDelta)).toBe(true);
      expect(first.length).toBe(header.batchLength + 12);
    }
    const atEnd = await log.read(log.logEndOffset, 1000, { minOneBatch: true });
    expect(atEnd).toMatchObject({ errorCode: 0, records: [] });
    expect((await log.read(log.logEndOffset + 1n, 1000, { minOneBatch: true })).errorCode).toBe(1);
  });

  it('returns only whole batches within maxBytes unless minOneBatch asks for the first anyway', async () => {
    const log = await PartitionLog.open(DIR, defaultLogConfig, new FaultInjectingFileSystem());
    const size = records(2).length;
    for (let i = 0; i < 5; i++) await log.append(records(2));
    expect(recordsOf(await log.read(0n, size * 3 + size - 1, { minOneBatch: false }))[0].length).toBe(size * 3);
    const none = await log.read(0n, size - 1, { minOneBatch: false });
    expect(none).toMatchObject({ errorCode: 0, records: [] });
    expect(recordsOf(await log.read(0n, 1, { minOneBatch: true }))[0].length).toBe(size);
    expect(recordsOf(await log.read(0n, 1_000_000, { minOneBatch: true, maxOffset: 4n }))[0].length).toBe(size * 2);
  });

  it('continues a read where the last one ended with one file read, still whole batches within the limits', async () => {
    const fs = new FaultInjectingFileSystem();
    const log = await PartitionLog.open(DIR, defaultLogConfig, fs);
    const small = records(2);
    const big = records(200);
    for (const batch of [small, small, big, small, big, big, small]) await log.append(Buffer.from(batch));
    expect(recordsOf(await log.read(0n, small.length * 2, { minOneBatch: true }))[0].length).toBe(small.length * 2);
    const readsBefore = fs.readCount;
    expect(recordsOf(await log.read(4n, big.length, { minOneBatch: false }))[0].length).toBe(big.length);
    expect(fs.readCount - readsBefore).toBe(1); // no lookup: the previous read ended where this one starts
    // A first batch larger than maxBytes is returned whole with minOneBatch (KIP-74), even for maxBytes 0.
    expect(recordsOf(await log.read(204n, 1, { minOneBatch: true }))[0].length).toBe(small.length);
    expect(recordsOf(await log.read(206n, 0, { minOneBatch: true }))[0].length).toBe(big.length);
    // Without minOneBatch nothing that does not fit is returned; the stable offset bounds what is read.
    expect(recordsOf(await log.read(406n, big.length - 1, { minOneBatch: false }))).toEqual([]);
    expect(recordsOf(await log.read(406n, 10_000_000, { minOneBatch: true, maxOffset: 406n }))).toEqual([]);
    expect(recordsOf(await log.read(406n, 10_000_000, { minOneBatch: true }))[0].length).toBe(big.length + small.length);
    // A consumer that had read to the end reads what is appended next one batch per fetch: one file read each.
    for (let i = 0; i < 20; i++) await log.append(Buffer.from(small));
    const readsAtStart = fs.readCount;
    let next = 608n;
    for (let i = 0; i < 20; i++) {
      const [chunk] = recordsOf(await log.read(next, small.length, { minOneBatch: true }));
      const header = readBatchHeader(chunk, 0);
      expect(header.baseOffset).toBe(next);
      next += BigInt(header.lastOffsetDelta) + 1n;
    }
    expect(next).toBe(log.logEndOffset);
    expect(fs.readCount - readsAtStart).toBe(20);
  });

  it('finds offsets by timestamp down to the record, in plain and gzip batches', async () => {
    const log = await PartitionLog.open(DIR, smallSegments, new FaultInjectingFileSystem());
    for (let i = 0; i < 20; i++) await log.append(records(5, { compression: i % 2 ? 'gzip' : 'none' }, 10_000 + i * 100));
    // Batch 7 holds timestamps 10700..10704 at offsets 35..39.
    expect(await log.offsetForTimestamp(10_702n)).toEqual({ offset: 37n, timestamp: 10_702n });
    expect(await log.offsetForTimestamp(10_650n)).toEqual({ offset: 35n, timestamp: 10_700n });
    expect(await log.offsetForTimestamp(0n)).toEqual({ offset: 0n, timestamp: 10_000n });
    expect(await log.offsetForTimestamp(99_999n)).toBeNull();
    expect(await log.maxTimestampOffset()).toEqual({ offset: 99n, timestamp: 11_904n });
  });

  it('reports the first record with the largest timestamp for ListOffsets max-timestamp', async () => {
    const log = await PartitionLog.open(DIR, defaultLogConfig, new FaultInjectingFileSystem());
    expect(await log.maxTimestampOffset()).toEqual({ offset: -1n, timestamp: -1n });
    await log.append(
      buildRecordBatch({
        records: [
          { value: 'a', timestampMs: 5 },
          { value: 'b', timestampMs: 50 },
          { value: 'c', timestampMs: 7 },
        ],
      }),
    );
    await log.append(records(2, {}, 20));
    expect(await log.maxTimestampOffset()).toEqual({ offset: 1n, timestamp: 50n });
  });

  it('stamps LogAppendTime on topics configured for it', async () => {
    const log = await PartitionLog.open(
      DIR,
      { ...defaultLogConfig, messageTimestampType: 'LogAppendTime' },
      new FaultInjectingFileSystem(),
    );
    const result = await log.append(records(2), 777_000);
    expect(result).toMatchObject({ errorCode: 0, logAppendTimeMs: 777_000n });
    const [stored] = recordsOf(await log.read(0n, 10_000, { minOneBatch: true }));
    expect(batchCrcMatches(stored, 0, stored.length)).toBe(true);
    expect(decodeBatchRecords(stored)?.map((r) => r.timestampMs)).toEqual([777_000n, 777_000n]);
  });

  it('refuses invalid produce data with Kafka error codes and keeps the log unchanged', async () => {
    const log = await PartitionLog.open(DIR, { ...defaultLogConfig, maxMessageBytes: 500 }, new FaultInjectingFileSystem());
    const corrupt = records(2);
    corrupt[corrupt.length - 3] ^= 1;
    expect((await log.append(corrupt)).errorCode).toBe(2);
    expect((await log.append(records(20))).errorCode).toBe(10);
    expect((await log.append(Buffer.from('not a batch at all, just some text here......................'))).errorCode).toBe(87);
    expect(log.logEndOffset).toBe(0n);
  });

  it('acknowledges a retried idempotent batch once with its original offsets', async () => {
    const log = await PartitionLog.open(DIR, defaultLogConfig, new FaultInjectingFileSystem());
    const idempotent = (baseSequence: number, producerEpoch = 0) => records(2, { producerId: 9n, producerEpoch, baseSequence });
    expect(await log.append(idempotent(0))).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(await log.append(idempotent(2))).toMatchObject({ errorCode: 0, baseOffset: 2n });
    expect(await log.append(idempotent(0))).toMatchObject({ errorCode: 0, baseOffset: 0n, lastOffset: 1n, duplicate: true });
    expect(log.logEndOffset).toBe(4n);
    expect((await log.append(idempotent(7))).errorCode).toBe(45);
    expect((await log.append(idempotent(3, 1))).errorCode).toBe(45);
    expect(await log.append(idempotent(0, 1))).toMatchObject({ errorCode: 0, baseOffset: 4n });
    expect((await log.append(idempotent(2, 0))).errorCode).toBe(47);
  });

  it('keeps producer state across a clean restart and across a crash', async () => {
    const fs = new FaultInjectingFileSystem();
    let log = await PartitionLog.open(DIR, smallSegments, fs);
    for (let seq = 0; seq < 60; seq += 2) await log.append(records(2, { producerId: 4n, producerEpoch: 0, baseSequence: seq }));
    await log.close();
    log = await PartitionLog.open(DIR, smallSegments, fs);
    expect(await log.append(records(2, { producerId: 4n, producerEpoch: 0, baseSequence: 58 }))).toMatchObject({
      duplicate: true,
      baseOffset: 58n,
    });
    expect(await log.append(records(2, { producerId: 4n, producerEpoch: 0, baseSequence: 60 }))).toMatchObject({
      errorCode: 0,
      baseOffset: 60n,
    });
    fs.crash('process');
    log = await PartitionLog.open(DIR, smallSegments, fs);
    expect(await log.append(records(2, { producerId: 4n, producerEpoch: 0, baseSequence: 60 }))).toMatchObject({
      duplicate: true,
      baseOffset: 60n,
    });
    expect((await log.append(records(2, { producerId: 4n, producerEpoch: 0, baseSequence: 70 }))).errorCode).toBe(45);
  });

  it('truncates a torn last write on restart without losing anything acknowledged before it', async () => {
    const fs = new FaultInjectingFileSystem();
    let log = await PartitionLog.open(DIR, smallSegments, fs);
    for (let i = 0; i < 25; i++) await log.append(records(3));
    const acknowledged = log.logEndOffset;
    await log.append(records(3));
    fs.crash('process', { tearLastWriteToBytes: 40 });
    log = await PartitionLog.open(DIR, smallSegments, fs);
    expect(log.logEndOffset).toBe(acknowledged);
    expect(await allOffsets(log)).toEqual(range(0, Number(acknowledged)));
    expect(await log.append(records(3))).toMatchObject({ errorCode: 0, baseOffset: acknowledged });
    expect(await allOffsets(log)).toEqual(range(0, Number(acknowledged) + 3));
  });

  it('cuts a corrupt tail found by CRC and keeps offsets contiguous', async () => {
    const fs = new FaultInjectingFileSystem();
    let log = await PartitionLog.open(DIR, defaultLogConfig, fs);
    const size = records(2).length;
    for (let i = 0; i < 4; i++) await log.append(records(2));
    fs.crash('process');
    fs.corrupt(`${DIR}/00000000000000000000.log`, size * 2 + 70, Buffer.from([0xde, 0xad]));
    log = await PartitionLog.open(DIR, defaultLogConfig, fs);
    expect(log.logEndOffset).toBe(4n);
    expect(await allOffsets(log)).toEqual(range(0, 4));
  });

  it('keeps every fsynced append through a power loss when flush.messages is 1', async () => {
    const fs = new FaultInjectingFileSystem();
    let log = await PartitionLog.open(DIR, { ...smallSegments, flushMessages: 1 }, fs);
    for (let i = 0; i < 20; i++) await log.append(records(2));
    fs.crash('power');
    log = await PartitionLog.open(DIR, smallSegments, fs);
    expect(await allOffsets(log)).toEqual(range(0, 40));
  });

  it('loses unflushed appends on power loss but reopens consistent', async () => {
    const fs = new FaultInjectingFileSystem();
    let log = await PartitionLog.open(DIR, smallSegments, fs);
    for (let i = 0; i < 30; i++) await log.append(records(2));
    fs.crash('power');
    log = await PartitionLog.open(DIR, smallSegments, fs);
    // Rolled segments were fsynced at the roll; only the active segment's tail may be gone.
    expect(log.logEndOffset).toBeGreaterThan(0n);
    expect(await allOffsets(log)).toEqual(range(0, Number(log.logEndOffset)));
  });

  it('reports a failed write as a storage error and appends normally afterwards', async () => {
    const fs = new FaultInjectingFileSystem();
    const log = await PartitionLog.open(DIR, defaultLogConfig, fs);
    await log.append(records(2));
    fs.failNextWrite(30);
    expect((await log.append(records(2))).errorCode).toBe(56);
    expect(await log.append(records(2))).toMatchObject({ errorCode: 0, baseOffset: 2n });
    expect(await allOffsets(log)).toEqual(range(0, 4));
  });

  it('refuses appends after a failed fsync', async () => {
    const fs = new FaultInjectingFileSystem();
    const log = await PartitionLog.open(DIR, { ...defaultLogConfig, flushMessages: 1 }, fs);
    fs.failNextSync();
    expect((await log.append(records(2))).errorCode).toBe(56);
    expect((await log.append(records(2))).errorCode).toBe(56);
  });

  it('serializes concurrent appends into distinct contiguous offsets', async () => {
    const log = await PartitionLog.open(DIR, smallSegments, new FaultInjectingFileSystem());
    const results = await Promise.all(Array.from({ length: 50 }, () => log.append(records(2))));
    const bases = results.map((r) => ('baseOffset' in r ? r.baseOffset : -1n)).sort((a, b) => Number(a - b));
    expect(bases).toEqual(range(0, 50).map((i) => i * 2n));
  });

  it('deletes old segments by retention.bytes and retention.ms and advances the log start offset', async () => {
    const fs = new FaultInjectingFileSystem();
    const log = await PartitionLog.open(DIR, { ...smallSegments, retentionBytes: 4096, retentionMs: -1 }, fs);
    for (let i = 0; i < 40; i++) await log.append(records(3, {}, 1_000 + i));
    expect(await log.deleteOldSegments(10_000)).toBeGreaterThan(0);
    expect(log.sizeBytes).toBeLessThanOrEqual(4096 + 2048);
    expect(log.logStartOffset).toBeGreaterThan(0n);
    expect((await log.read(0n, 1000, { minOneBatch: true })).errorCode).toBe(1);
    expect((await allOffsets(log))[0]).toBe(log.logStartOffset);

    log.updateConfig({ ...smallSegments, retentionMs: 1000, retentionBytes: -1 });
    await log.deleteOldSegments(1_000_000);
    expect(log.logStartOffset).toBe(120n);
    expect(log.logEndOffset).toBe(120n);
    expect(await log.append(records(1))).toMatchObject({ errorCode: 0, baseOffset: 120n });
  });

  it('raises the log start offset durably for DeleteRecords', async () => {
    const fs = new FaultInjectingFileSystem();
    let log = await PartitionLog.open(DIR, smallSegments, fs);
    for (let i = 0; i < 40; i++) await log.append(records(3));
    const segmentsBefore = log.segmentCount;
    expect(await log.deleteRecordsBefore(50n)).toEqual({ errorCode: 0, lowWatermark: 50n });
    expect(log.segmentCount).toBeLessThan(segmentsBefore);
    expect((await log.deleteRecordsBefore(500n)).errorCode).toBe(1);
    fs.crash('process');
    log = await PartitionLog.open(DIR, smallSegments, fs);
    expect(log.logStartOffset).toBe(50n);
    // Fetch returns whole batches: the one holding offset 50 starts at 48; consumers skip records below.
    const offsets = await allOffsets(log);
    expect(offsets[0]).toBe(48n);
    expect(offsets.slice(2)).toEqual(range(50, 120));
    expect(await log.offsetForTimestamp(0n)).toMatchObject({ offset: 50n });
  });

  it('stores Kafka-named segment files on a real disk and removes them on delete', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samsa-log-'));
    try {
      const dir = path.join(dataDir, 'orders-0');
      const log = await PartitionLog.open(dir, smallSegments);
      for (let i = 0; i < 20; i++) await log.append(records(3));
      await log.close();
      const names = await readdir(dir);
      expect(names).toContain('00000000000000000000.log');
      expect(names).toContain('00000000000000000000.index');
      expect(names).toContain('00000000000000000000.timeindex');
      const reopened = await PartitionLog.open(dir, smallSegments);
      expect(await allOffsets(reopened)).toEqual(range(0, 60));
      await reopened.delete();
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
