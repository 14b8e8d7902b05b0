// The log cleaner's pieces (Kafka's LogCleaner / LogCleanerManager), used by PartitionLog.compact for
// topics whose cleanup.policy contains "compact":
// - planCleaning: which closed segments may be cleaned (never the active one, nothing at or after the
//   last stable offset, nothing newer than min.compaction.lag.ms) and whether it is worth it
//   (dirty ratio > min.cleanable.dirty.ratio, max.compaction.lag.ms exceeded, or a delete horizon due);
// - buildOffsetMap: key -> last offset over the dirty section (bounded number of keys);
// - groupSegments: adjacent small segments merged while the result fits segment.bytes;
// - writeCleanedLog: recopies a group keeping the latest record per key; tombstones get a delete horizon
//   (KIP-534: now + delete.retention.ms) the first time they are cleaned and are dropped once it passed;
//   the last batch of each live producer is kept (possibly empty) so its sequence state survives;
// - transactions (cleaner-transactions.ts): aborted records are dropped and not mapped, markers go a
//   delete.retention.ms after their transaction's data (the caller then drops them from the
//   aborted-transaction index). Nothing at or after the last stable offset is cleaned (planCleaning).
// Batches of every codec (none, gzip, snappy, lz4, zstd) are decoded and re-encoded with their own codec;
// a batch that can not be decoded (malformed, or zstd without node:zlib support) is copied unchanged.

import path from 'node:path';
import { batchLastOffset, hasDeleteHorizon, isControl, type LocatedBatch } from '../protocol/record-batch.ts';
import { decodeBatchRecords, type DecodedRecord } from './batch-records.ts';
import { encodeCleanedBatch } from './cleaned-batch.ts';
import { readChecksummedFile, writeChecksummedFile } from './checksummed-file.ts';
import type { FileSystem } from './file-system.ts';
import type { LogSegment } from './log-segment.ts';
import type { CleanerTxnTracker } from './cleaner-transactions.ts';

const CLEANER_CHECKPOINT_FILE = 'cleaner.checkpoint';
/** Kafka's dedupe buffer bounds the keys of one pass; the rest of the dirty section waits for the next. */
export const MAX_OFFSET_MAP_KEYS = 1_000_000;
/** Batches are read in slices of about this many bytes (at least one batch). */
const READ_SLICE_BYTES = 4 * 1024 * 1024;
const WRITE_BUFFER_BYTES = 1024 * 1024;
const MAX_SEGMENTS_PER_GROUP = 100;
const INT32_MAX = 0x7fffffff;

export interface CleanerCheckpoint {
  /** Everything below it was cleaned (Kafka's cleaner-offset-checkpoint). */
  firstDirtyOffset: bigint;
  /** The earliest delete horizon of a kept tombstone: a pass is due then even without new dirty data. */
  deleteHorizonDueMs: number | null;
}

export async function readCleanerCheckpoint(fs: FileSystem, dir: string): Promise<CleanerCheckpoint> {
  const body = await readChecksummedFile(fs, path.join(dir, CLEANER_CHECKPOINT_FILE));
  try {
    if (body !== null) {
      const parsed = JSON.parse(body.toString('utf8')) as { firstDirtyOffset: string; deleteHorizonDueMs: number | null };
      return { firstDirtyOffset: BigInt(parsed.firstDirtyOffset), deleteHorizonDueMs: parsed.deleteHorizonDueMs };
    }
  } catch {
    // A bad checkpoint only costs a full pass.
  }
  return { firstDirtyOffset: 0n, deleteHorizonDueMs: null };
}

export async function writeCleanerCheckpoint(fs: FileSystem, dir: string, checkpoint: CleanerCheckpoint): Promise<void> {
  const body = JSON.stringify({
    firstDirtyOffset: checkpoint.firstDirtyOffset.toString(),
    deleteHorizonDueMs: checkpoint.deleteHorizonDueMs,
  });
  await writeChecksummedFile(fs, path.join(dir, CLEANER_CHECKPOINT_FILE), Buffer.from(body));
}

export interface CleaningSettings {
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  minCleanableDirtyRatio: number;
}

export interface CleaningPlan {
  /** The closed segments to recopy, from the first; the first `cleanCount` are already clean. */
  segments: LogSegment[];
  cleanCount: number;
  /** For each planned segment, the base offset of the segment after it. */
  nextBaseOffsets: bigint[];
}

/** Null when nothing is to be cleaned now. `segments` is the whole log, the active segment last. */
export function planCleaning(
  segments: readonly LogSegment[],
  state: { firstDirtyOffset: bigint; lastStableOffset: bigint; deleteHorizonDueMs: number | null; nowMs: number },
  settings: CleaningSettings,
): CleaningPlan | null {
  const active = segments[segments.length - 1];
  let firstUncleanable = active.baseOffset < state.lastStableOffset ? active.baseOffset : state.lastStableOffset;
  for (let i = 0; i + 1 < segments.length; i++) {
    const segment = segments[i];
    const dirty = segments[i + 1].baseOffset > state.firstDirtyOffset;
    if (dirty && Number(segment.maxTimestampMs) > state.nowMs - settings.minCompactionLagMs) {
      if (segment.baseOffset < firstUncleanable) firstUncleanable = segment.baseOffset;
      break;
    }
  }
  const planned: LogSegment[] = [];
  const nextBaseOffsets: bigint[] = [];
  let cleanCount = 0;
  let cleanBytes = 0;
  let dirtyBytes = 0;
  let overdue = false;
  for (let i = 0; i + 1 < segments.length && segments[i + 1].baseOffset <= firstUncleanable; i++) {
    const segment = segments[i];
    planned.push(segment);
    nextBaseOffsets.push(segments[i + 1].baseOffset);
    if (segments[i + 1].baseOffset <= state.firstDirtyOffset) {
      cleanCount++;
      cleanBytes += segment.sizeBytes;
      continue;
    }
    dirtyBytes += segment.sizeBytes;
    const firstTimestampMs = segment.firstBatchTimestampMs;
    if (firstTimestampMs !== null && firstTimestampMs >= 0n && Number(firstTimestampMs) < state.nowMs - settings.maxCompactionLagMs)
      overdue = true;
  }
  if (planned.length === 0) return null;
  const dirtyRatio = dirtyBytes / Math.max(1, cleanBytes + dirtyBytes);
  const worthIt = dirtyBytes > 0 && (dirtyRatio > settings.minCleanableDirtyRatio || overdue);
  const horizonDue = state.deleteHorizonDueMs !== null && state.nowMs >= state.deleteHorizonDueMs;
  return worthIt || horizonDue ? { segments: planned, cleanCount, nextBaseOffsets } : null;
}

/** Visits every batch of a segment with its bytes, reading slices of bounded size; `afterSlice` may write. */
export async function forEachStoredBatch(
  segment: LogSegment,
  visit: (batch: LocatedBatch, bytes: Buffer) => void,
  afterSlice?: () => Promise<void>,
): Promise<void> {
  let nextOffset = segment.baseOffset;
  // Each pass consumes at least one batch or ends.
  for (;;) {
    const slice: LocatedBatch[] = [];
    let sliceBytes = 0;
    await segment.scanFrom(nextOffset, (batch) => {
      if (batch.baseOffset + BigInt(batch.lastOffsetDelta) < nextOffset) return true;
      if (slice.length > 0 && sliceBytes + batch.sizeBytes > READ_SLICE_BYTES) return false;
      slice.push(batch);
      sliceBytes += batch.sizeBytes;
      return true;
    });
    if (slice.length === 0) return;
    const start = slice[0].position;
    const bytes = await segment.read(start, slice[slice.length - 1].position + slice[slice.length - 1].sizeBytes - start);
    for (const batch of slice) visit(batch, bytes.subarray(batch.position - start, batch.position - start + batch.sizeBytes));
    if (afterSlice !== undefined) await afterSlice();
    const last = slice[slice.length - 1];
    nextOffset = last.baseOffset + BigInt(last.lastOffsetDelta) + 1n;
  }
}

function decodeOrNull(bytes: Buffer): DecodedRecord[] | null {
  try {
    return decodeBatchRecords(bytes);
  } catch {
    return null;
  }
}

export function keyOf(key: Buffer): string {
  return key.toString('latin1');
}

/**
 * key -> last offset over whole dirty segments, stopping at a segment boundary once maxKeys is reached.
 * Records of aborted transactions (per `transactions`) are left out: they never supersede anything.
 */
export async function buildOffsetMap(
  dirty: readonly LogSegment[],
  maxKeys = MAX_OFFSET_MAP_KEYS,
  transactions?: CleanerTxnTracker,
): Promise<{ offsets: Map<string, bigint>; segmentCount: number }> {
  const offsets = new Map<string, bigint>();
  let segmentCount = 0;
  for (const segment of dirty) {
    if (segmentCount > 0 && offsets.size >= maxKeys) break;
    await forEachStoredBatch(segment, (batch, bytes) => {
      if (isControl(batch.attributes) || transactions?.isAborted(batch)) return;
      for (const record of decodeOrNull(bytes) ?? []) {
        if (record.key !== null) offsets.set(keyOf(record.key), record.offset);
      }
    });
    segmentCount++;
  }
  return { offsets, segmentCount };
}

/** Consecutive segments merged while their total size fits segment.bytes and offsets fit a 32-bit index. */
export function groupSegments(segments: readonly LogSegment[], nextBaseOffsets: readonly bigint[], segmentBytes: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let current: LogSegment[] = [];
  let currentBytes = 0;
  segments.forEach((segment, index) => {
    const fits =
      current.length > 0 &&
      current.length < MAX_SEGMENTS_PER_GROUP &&
      currentBytes + segment.sizeBytes <= segmentBytes &&
      nextBaseOffsets[index] - current[0].baseOffset <= BigInt(INT32_MAX);
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(segment);
    currentBytes += segment.sizeBytes;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

export interface RetentionRules {
  offsets: ReadonlyMap<string, bigint>;
  nowMs: number;
  deleteRetentionMs: number;
  /** The last offset of a live producer's last batch, if the producer is known. */
  producerLastOffset: (producerId: bigint) => bigint | undefined;
  /** Transaction rules for this pass; without it markers and aborted data are kept as they are. */
  transactions?: CleanerTxnTracker;
}

export interface CleanedBatch {
  /** null: drop the batch. */
  bytes: Buffer | null;
  /** The horizon of tombstones (or of a removable marker) kept in it, if any: a pass is due then. */
  deleteHorizonMs: bigint | null;
  /** A transaction marker whose record this pass removed. */
  markerRemoved?: boolean;
}

/** What the cleaner keeps of one stored batch (Kafka's MemoryRecords.filterTo with the cleaner's rules). */
export function cleanBatch(batch: LocatedBatch, bytes: Buffer, rules: RetentionRules): CleanedBatch {
  if (isControl(batch.attributes)) return cleanMarker(batch, bytes, rules);
  const cleaned = rules.transactions?.isAborted(batch)
    ? { bytes: emptyIfProducersLast(batch, rules), deleteHorizonMs: null }
    : cleanDataBatch(batch, bytes, rules);
  if (cleaned.bytes !== null) rules.transactions?.onDataBatchKept(batch);
  return cleaned;
}

function emptyIfProducersLast(batch: LocatedBatch, rules: RetentionRules): Buffer | null {
  const lastBatch = batch.producerId >= 0n && rules.producerLastOffset(batch.producerId) === batchLastOffset(batch);
  return lastBatch ? encodeCleanedBatch(batch, [], null) : null;
}

/** Markers: kept while their transaction has data, then stamped with a horizon, then removed (emptied if the producer's latest). */
function cleanMarker(batch: LocatedBatch, bytes: Buffer, rules: RetentionRules): CleanedBatch {
  const transactions = rules.transactions;
  if (transactions === undefined || transactions.onMarker(batch) === 'keep') return { bytes, deleteHorizonMs: null };
  // Emptied in an earlier pass: kept only while it is its producer's latest.
  if (batch.recordsCount === 0) return { bytes: transactions.latestMarkerOfProducer(batch) ? bytes : null, deleteHorizonMs: null };
  if (!hasDeleteHorizon(batch.attributes)) {
    const horizonMs = BigInt(rules.nowMs) + BigInt(rules.deleteRetentionMs);
    const records = decodeOrNull(bytes);
    if (records === null) return { bytes, deleteHorizonMs: null };
    return { bytes: encodeCleanedBatch(batch, records, horizonMs), deleteHorizonMs: horizonMs };
  }
  if (BigInt(rules.nowMs) < batch.baseTimestamp) return { bytes, deleteHorizonMs: batch.baseTimestamp };
  const emptied = transactions.latestMarkerOfProducer(batch) ? encodeCleanedBatch(batch, [], null) : null;
  return { bytes: emptied, deleteHorizonMs: null, markerRemoved: true };
}

function cleanDataBatch(batch: LocatedBatch, bytes: Buffer, rules: RetentionRules): CleanedBatch {
  const records = decodeOrNull(bytes);
  if (records === null) return { bytes, deleteHorizonMs: null };
  const existingHorizon = hasDeleteHorizon(batch.attributes) ? batch.baseTimestamp : null;
  const kept = records.filter((record) => {
    if (record.key === null) return false;
    const latest = rules.offsets.get(keyOf(record.key));
    if (latest !== undefined && record.offset < latest) return false;
    return !(record.value === null && existingHorizon !== null && BigInt(rules.nowMs) >= existingHorizon);
  });
  const hasTombstones = kept.some((record) => record.value === null);
  const horizon = existingHorizon ?? (hasTombstones ? BigInt(rules.nowMs) + BigInt(rules.deleteRetentionMs) : null);
  const keptHorizon = hasTombstones ? horizon : null;
  if (kept.length === records.length && (existingHorizon !== null || !hasTombstones)) return { bytes, deleteHorizonMs: keptHorizon };
  if (kept.length === 0) return { bytes: emptyIfProducersLast(batch, rules), deleteHorizonMs: null };
  return { bytes: encodeCleanedBatch(batch, kept, keptHorizon === null ? existingHorizon : keptHorizon), deleteHorizonMs: keptHorizon };
}

export interface CleanedLog {
  sizeBytes: number;
  /** The earliest horizon kept (tombstones, removable markers). */
  deleteHorizonMs: bigint | null;
  /** Offsets of the transaction markers removed (or emptied). */
  removedMarkerOffsets: bigint[];
}

/** Writes the cleaned copy of a group to `filePath` (fsynced). */
export async function writeCleanedLog(
  fs: FileSystem,
  filePath: string,
  group: readonly LogSegment[],
  rules: RetentionRules,
): Promise<CleanedLog> {
  const file = await fs.open(filePath);
  let position = 0;
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  let earliestHorizon: bigint | null = null;
  const removedMarkerOffsets: bigint[] = [];
  const flushBuffer = async () => {
    if (bufferedBytes === 0) return;
    await file.write(Buffer.concat(buffered), position);
    position += bufferedBytes;
    buffered = [];
    bufferedBytes = 0;
  };
  try {
    await file.truncate(0);
    for (const segment of group) {
      await forEachStoredBatch(
        segment,
        (batch, bytes) => {
          const cleaned = cleanBatch(batch, bytes, rules);
          if (cleaned.deleteHorizonMs !== null && (earliestHorizon === null || cleaned.deleteHorizonMs < earliestHorizon))
            earliestHorizon = cleaned.deleteHorizonMs;
          if (cleaned.markerRemoved === true) removedMarkerOffsets.push(batch.baseOffset);
          if (cleaned.bytes === null) return;
          buffered.push(cleaned.bytes);
          bufferedBytes += cleaned.bytes.length;
        },
        async () => {
          if (bufferedBytes >= WRITE_BUFFER_BYTES) await flushBuffer();
        },
      );
    }
    await flushBuffer();
    await file.sync();
  } finally {
    await file.close();
  }
  return { sizeBytes: position, deleteHorizonMs: earliestHorizon, removedMarkerOffsets };
}
