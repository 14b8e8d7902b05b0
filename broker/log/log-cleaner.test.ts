import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { batchCrcMatches, hasDeleteHorizon, readBatchHeader } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from './batch-records.ts';
import { nodeFileSystem } from './file-system.ts';
import { defaultLogConfig, PartitionLog, type LogConfig } from './partition-log.ts';
import { cleanedLogPath, swapInCleanedLog } from './segment-swap.ts';
import { writeCleanedLog } from './log-cleaner.ts';

const compacted: LogConfig = {
  ...defaultLogConfig,
  segmentBytes: 300,
  indexIntervalBytes: 128,
  cleanupCompact: true,
  cleanupDelete: false,
  minCleanableDirtyRatio: 0,
  deleteRetentionMs: 1000,
  fileDeleteDelayMs: 0,
};
const T0 = 1_700_000_000_000;
const dirs: string[] = [];

async function openLog(config: LogConfig = compacted): Promise<PartitionLog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'samsa-cleaner-'));
  dirs.push(dir);
  return PartitionLog.open(path.join(dir, 'topic-0'), config, nodeFileSystem, T0);
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function put(
  log: PartitionLog,
  entries: Array<[string, string | null]>,
  options: { producerId?: bigint; baseSequence?: number; compression?: 'gzip' } = {},
): Promise<void> {
  const batch = buildRecordBatch({
    records: entries.map(([key, value], i) => ({ key, value, timestampMs: T0 + i })),
    producerId: options.producerId,
    producerEpoch: options.producerId === undefined ? undefined : 0,
    baseSequence: options.baseSequence,
    compression: options.compression,
  });
  const result = await log.append(batch, T0);
  if ('message' in result) throw new Error(result.message);
}

interface ReadBack {
  records: Array<{ offset: bigint; key: string; value: string | null }>;
  batches: Array<{ recordsCount: number; attributes: number; producerId: bigint }>;
}

async function readAll(log: PartitionLog): Promise<ReadBack> {
  const out: ReadBack = { records: [], batches: [] };
  let next = log.logStartOffset;
  for (let guard = 0; guard < 1000 && next < log.logEndOffset; guard++) {
    const result = await log.read(next, 1_000_000, { minOneBatch: true });
    if (!('records' in result) || result.records.length === 0) break;
    for (const chunk of result.records) {
      for (let position = 0; position < chunk.length; ) {
        const header = readBatchHeader(chunk, position);
        const size = header.batchLength + 12;
        expect(batchCrcMatches(chunk, position, size)).toBe(true);
        out.batches.push({ recordsCount: header.recordsCount, attributes: header.attributes, producerId: header.producerId });
        for (const record of decodeBatchRecords(chunk.subarray(position, position + size)) ?? []) {
          out.records.push({ offset: record.offset, key: record.key!.toString(), value: record.value?.toString() ?? null });
        }
        next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
        position += size;
      }
    }
  }
  return out;
}

/** Three segments' worth of updates to keys a..c, then a filler in the active segment. */
async function writeUpdates(log: PartitionLog): Promise<void> {
  for (let round = 0; round < 6; round++) {
    await put(log, [
      ['a', `a${round}`],
      ['b', `b${round}`],
      ['c', `c${round}`],
    ]);
  }
  await put(log, [['filler', 'x'.repeat(600)]]);
}

describe('log cleaner', () => {
  it('keeps only the latest record per key in closed segments, with offsets unchanged', async () => {
    const log = await openLog();
    await writeUpdates(log);
    expect(log.segmentCount).toBeGreaterThan(2);
    const before = await readAll(log);
    const endBefore = log.logEndOffset;
    expect(await log.compact(T0 + 10)).toBeGreaterThan(0);
    const after = await readAll(log);
    const latest = new Map(before.records.map((record) => [record.key, record]));
    expect(after.records).toEqual([...latest.values()].sort((x, y) => Number(x.offset - y.offset)));
    expect(log.logEndOffset).toBe(endBefore);
    expect(after.records.find((record) => record.key === 'a')?.value).toBe('a5');
    await log.close();
  });

  it('never touches the active segment and skips logs below min.cleanable.dirty.ratio', async () => {
    const log = await openLog({ ...compacted, minCleanableDirtyRatio: 0.99 });
    await writeUpdates(log);
    await log.compact(T0 + 10);
    // The first pass cleans (all dirty, ratio 1); with nothing new it stays idle.
    expect(await log.compact(T0 + 20)).toBe(0);
    await put(log, [['a', 'newest']]);
    const records = (await readAll(log)).records;
    expect(records.at(-1)).toMatchObject({ key: 'a', value: 'newest' });
    await log.close();
  });

  it('respects min.compaction.lag.ms: records newer than the lag are not cleaned', async () => {
    const log = await openLog({ ...compacted, minCompactionLagMs: 60_000 });
    await writeUpdates(log);
    expect(await log.compact(T0 + 10)).toBe(0);
    expect(await log.compact(T0 + 120_000)).toBeGreaterThan(0);
    await log.close();
  });

  it('keeps tombstones until delete.retention.ms after their first cleaning, then removes them', async () => {
    const log = await openLog();
    await writeUpdates(log);
    await put(log, [['b', null]]);
    await put(log, [['filler2', 'y'.repeat(600)]]);
    await log.compact(T0 + 10);
    const first = await readAll(log);
    expect(first.records.filter((record) => record.key === 'b')).toEqual([expect.objectContaining({ value: null })]);
    expect(first.batches.some((batch) => hasDeleteHorizon(batch.attributes))).toBe(true);
    // Before the horizon nothing changes; after it the tombstone goes even without new dirty data.
    expect(await log.compact(T0 + 500)).toBe(0);
    expect(await log.compact(T0 + 10 + 1001)).toBeGreaterThan(0);
    const second = await readAll(log);
    expect(second.records.some((record) => record.key === 'b')).toBe(false);
    expect(second.records.map((record) => record.key)).toContain('a');
    await log.close();
  });

  it('keeps the last batch of an idempotent producer, empty if all its records were superseded', async () => {
    const log = await openLog();
    await put(log, [['p', 'from-producer']], { producerId: 7n, baseSequence: 0 });
    await writeUpdates(log);
    await put(log, [['p', 'later']]);
    await put(log, [['filler2', 'y'.repeat(600)]]);
    await log.compact(T0 + 10);
    const { records, batches } = await readAll(log);
    expect(records.filter((record) => record.key === 'p').map((record) => record.value)).toEqual(['later']);
    expect(batches.find((batch) => batch.producerId === 7n)).toMatchObject({ recordsCount: 0 });
    expect(log.producerState.entry(7n)).toBeDefined();
    await log.close();
  });

  it('rewrites gzip batches readable and survives a restart', async () => {
    const log = await openLog();
    for (let round = 0; round < 4; round++)
      await put(
        log,
        [
          ['g', `g${round}`],
          ['h', `h${round}`],
        ],
        { compression: 'gzip' },
      );
    await put(log, [['filler', 'x'.repeat(600)]]);
    await log.compact(T0 + 10);
    const dir = log.dir;
    await log.close();
    const reopened = await PartitionLog.open(dir, compacted, nodeFileSystem, T0 + 20);
    const values = (await readAll(reopened)).records.map((record) => record.value);
    expect(values).toContain('g3');
    expect(values).not.toContain('g2');
    await reopened.close();
  });

  it('completes a swap that a crash interrupted after the cleaned segment became .swap', async () => {
    const log = await openLog();
    await writeUpdates(log);
    const expected = await readAll(log);
    const dir = log.dir;
    await log.close();
    // Re-open and run the cleaner's steps by hand, crashing before the old segments are renamed.
    const reopened = await PartitionLog.open(dir, compacted, nodeFileSystem, T0);
    const names = (await readdir(dir)).filter((name) => name.endsWith('.log')).sort();
    const firstBase = BigInt(names[0].slice(0, 20));
    const group = (reopened as unknown as { segments: Parameters<typeof writeCleanedLog>[2] }).segments.slice(0, 1);
    await writeCleanedLog(nodeFileSystem, cleanedLogPath(dir, firstBase), group, {
      offsets: new Map(),
      nowMs: T0,
      deleteRetentionMs: 0,
      producerLastOffset: () => undefined,
    });
    await expect(
      swapInCleanedLog(nodeFileSystem, dir, firstBase, [firstBase], async () => {
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect((await readdir(dir)).some((name) => name.endsWith('.swap'))).toBe(true);
    await reopened.close();
    const recovered = await PartitionLog.open(dir, compacted, nodeFileSystem, T0);
    expect((await readdir(dir)).some((name) => name.endsWith('.swap') || name.endsWith('.cleaned'))).toBe(false);
    expect((await readAll(recovered)).records).toEqual(expected.records);
    await recovered.close();
  });
});

describe('log cleaner lag settings', () => {
  it('max.compaction.lag.ms forces a pass below min.cleanable.dirty.ratio once dirty records are old enough', async () => {
    const log = await openLog({ ...compacted, minCleanableDirtyRatio: 0.99, maxCompactionLagMs: 60_000 });
    await writeUpdates(log);
    await log.compact(T0 + 10);
    await put(log, [['a', 'again']]);
    await put(log, [['filler2', 'y'.repeat(600)]]);
    expect(await log.compact(T0 + 20)).toBe(0);
    expect(await log.compact(T0 + 120_000)).toBeGreaterThan(0);
    const values = (await readAll(log)).records.filter((record) => record.key === 'a').map((record) => record.value);
    expect(values).toEqual(['again']);
    await log.close();
  });
});
