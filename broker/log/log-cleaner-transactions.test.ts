import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { batchCrcMatches, isControl, readBatchHeader } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from './batch-records.ts';
import { nodeFileSystem } from './file-system.ts';
import { defaultLogConfig, PartitionLog, type LogConfig } from './partition-log.ts';
import { controlTypeOf, CONTROL_TYPE_ABORT } from './txn-marker.ts';

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
const PRODUCER = 9n;
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openLog(): Promise<PartitionLog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'samsa-txn-cleaner-'));
  dirs.push(dir);
  return PartitionLog.open(path.join(dir, 'topic-0'), compacted, nodeFileSystem, T0);
}

async function appendOk(log: PartitionLog, records: Buffer): Promise<bigint> {
  const result = await log.append(records, T0);
  if ('message' in result) throw new Error(result.message);
  return result.baseOffset;
}

/** Writes one transaction of PRODUCER (its records then its marker); returns the marker's offset. */
async function transaction(
  log: PartitionLog,
  sequence: { next: number },
  entries: Array<[string, string]>,
  commit: boolean,
): Promise<bigint> {
  const records = entries.map(([key, value], i) => ({ key, value, timestampMs: T0 + i }));
  await appendOk(
    log,
    buildRecordBatch({ records, producerId: PRODUCER, producerEpoch: 0, baseSequence: sequence.next, transactional: true }),
  );
  sequence.next += entries.length;
  const marker = await log.appendTxnMarker({ producerId: PRODUCER, producerEpoch: 0, commit, coordinatorEpoch: 0 }, T0);
  if ('message' in marker) throw new Error(marker.message);
  return marker.baseOffset;
}

async function plain(log: PartitionLog, key: string, value: string): Promise<void> {
  await appendOk(log, buildRecordBatch({ records: [{ key, value, timestampMs: T0 }] }));
}

interface StoredLog {
  values: Array<{ offset: bigint; key: string; value: string | null }>;
  markers: Array<{ offset: bigint; recordsCount: number; abort: boolean }>;
}

async function readStored(log: PartitionLog): Promise<StoredLog> {
  const stored: StoredLog = { values: [], markers: [] };
  let next = log.logStartOffset;
  for (let guard = 0; guard < 1000 && next < log.logEndOffset; guard++) {
    const result = await log.read(next, 1_000_000, { minOneBatch: true });
    if (!('records' in result) || result.records.length === 0) break;
    for (const chunk of result.records) {
      for (let position = 0; position < chunk.length; ) {
        const header = readBatchHeader(chunk, position);
        const size = header.batchLength + 12;
        const batch = chunk.subarray(position, position + size);
        expect(batchCrcMatches(chunk, position, size)).toBe(true);
        if (isControl(header.attributes)) {
          stored.markers.push({
            offset: header.baseOffset,
            recordsCount: header.recordsCount,
            abort: controlTypeOf(batch) === CONTROL_TYPE_ABORT,
          });
        } else {
          for (const record of decodeBatchRecords(batch) ?? []) {
            stored.values.push({ offset: record.offset, key: record.key!.toString(), value: record.value?.toString() ?? null });
          }
        }
        next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
        position += size;
      }
    }
  }
  return stored;
}

/** Committed and aborted transactions updating keys a and b, then a filler that closes their segments. */
async function writeMixedTransactions(log: PartitionLog): Promise<{ abortMarkers: bigint[] }> {
  const sequence = { next: 0 };
  await transaction(
    log,
    sequence,
    [
      ['a', 'a-committed-1'],
      ['b', 'b-committed-1'],
    ],
    true,
  );
  const firstAbort = await transaction(
    log,
    sequence,
    [
      ['a', 'a-aborted-1'],
      ['b', 'b-aborted-1'],
    ],
    false,
  );
  await plain(log, 'c', 'c1');
  await transaction(log, sequence, [['a', 'a-committed-2']], true);
  const secondAbort = await transaction(log, sequence, [['b', 'b-aborted-2']], false);
  await transaction(log, sequence, [['d', 'd-committed']], true);
  await plain(log, 'filler', 'x'.repeat(600));
  return { abortMarkers: [firstAbort, secondAbort] };
}

function latestByKey(values: StoredLog['values']): Map<string, string | null> {
  return new Map(values.map((record) => [record.key, record.value]));
}

describe('log cleaner with transactions', () => {
  it('removes aborted records, so the latest committed value of each key remains', async () => {
    const log = await openLog();
    const { abortMarkers } = await writeMixedTransactions(log);
    expect(log.lastStableOffset).toBe(log.highWatermark);
    expect(latestByKey((await readStored(log)).values).get('b')).toBe('b-aborted-2');

    expect(await log.compact(T0 + 10)).toBeGreaterThan(0);
    const after = await readStored(log);
    expect(after.values.filter((record) => record.value?.includes('aborted'))).toEqual([]);
    const latest = latestByKey(after.values.filter((record) => record.key !== 'filler'));
    expect(Object.fromEntries(latest)).toEqual({ a: 'a-committed-2', b: 'b-committed-1', c: 'c1', d: 'd-committed' });
    expect(after.values.filter((record) => record.key === 'a').map((record) => record.value)).toEqual(['a-committed-2']);
    // The abort markers outlive their data by delete.retention.ms, and the index keeps listing them meanwhile.
    expect(after.markers.filter((marker) => marker.abort).map((marker) => marker.offset)).toEqual(abortMarkers);
    expect(log.abortedTransactions(0n, log.logEndOffset).map((txn) => txn.lastOffset)).toEqual(abortMarkers);
    await log.close();
  });

  it('removes transaction markers a delete.retention.ms after their data, and their aborted-index entries with them', async () => {
    const log = await openLog();
    const { abortMarkers } = await writeMixedTransactions(log);
    await log.compact(T0 + 10);
    const markersBefore = (await readStored(log)).markers;
    expect(markersBefore).toHaveLength(5);

    // Before the horizon no pass is due; after it the markers of the data-less transactions go.
    expect(await log.compact(T0 + 500)).toBe(0);
    expect(await log.compact(T0 + 10 + 1001)).toBeGreaterThan(0);
    const after = await readStored(log);
    const remaining = after.markers.map((marker) => marker.offset);
    for (const offset of abortMarkers) expect(remaining).not.toContain(offset);
    // Commits whose transaction still has records stay: the first (b-committed-1), the third and the fifth.
    expect(after.markers.filter((marker) => !marker.abort)).toHaveLength(3);
    expect(log.abortedTransactions(0n, log.logEndOffset)).toEqual([]);
    expect(Object.fromEntries(latestByKey(after.values))).toMatchObject({ a: 'a-committed-2', b: 'b-committed-1', d: 'd-committed' });

    // The result survives a restart: no open transaction, nothing aborted left to report.
    const dir = log.dir;
    await log.close();
    const reopened = await PartitionLog.open(dir, compacted, nodeFileSystem, T0 + 2000);
    expect(reopened.lastStableOffset).toBe(reopened.highWatermark);
    expect(reopened.abortedTransactions(0n, reopened.logEndOffset)).toEqual([]);
    expect((await readStored(reopened)).values).toEqual(after.values);
    await reopened.close();
  });

  it('never cleans an open transaction, at or after the last stable offset', async () => {
    const log = await openLog();
    await plain(log, 'k', 'before');
    await appendOk(
      log,
      buildRecordBatch({
        records: [{ key: 'k', value: 'open' }],
        producerId: PRODUCER,
        producerEpoch: 0,
        baseSequence: 0,
        transactional: true,
      }),
    );
    await plain(log, 'k', 'after');
    await plain(log, 'filler', 'x'.repeat(600));
    const lastStableOffset = log.lastStableOffset;
    await log.compact(T0 + 10);
    const values = (await readStored(log)).values.filter((record) => record.key === 'k');
    expect(values.map((record) => record.value)).toEqual(['before', 'open', 'after']);
    expect(log.lastStableOffset).toBe(lastStableOffset);
    await log.close();
  });
});
