// Opening a partition directory: segments (recovering those after the recovery point), the partition
// checkpoint, and producer state (latest snapshot + the batch headers after it). Kafka's LogLoader.

import path from 'node:path';
import { isTempFile, readChecksummedFile, writeChecksummedFile } from './checksummed-file.ts';
import type { FileSystem } from './file-system.ts';
import { LogSegment, segmentFileName } from './log-segment.ts';
import { ProducerStateManager, type CompletedTxn } from './producer-state.ts';

export const PARTITION_CHECKPOINT_FILE = 'partition.checkpoint';
export const CLEAN_SHUTDOWN_FILE = '.clean-shutdown';
export const SNAPSHOT_FILE_SUFFIX = '.snapshot';
/** Producer snapshots kept; older ones are deleted at each roll. */
const SNAPSHOTS_KEPT = 2;
const SEGMENT_NAME = /^(\d{20})\.log$/;
const SNAPSHOT_NAME = /^(\d{20})\.snapshot$/;

export interface PartitionCheckpoint {
  logStartOffset: bigint;
  /** Everything below it was fsynced: segments wholly below it are not re-checked after a crash. */
  recoveryPoint: bigint;
}

export async function readPartitionCheckpoint(fs: FileSystem, dir: string): Promise<PartitionCheckpoint> {
  const body = await readChecksummedFile(fs, path.join(dir, PARTITION_CHECKPOINT_FILE));
  if (body === null) return { logStartOffset: 0n, recoveryPoint: 0n };
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { logStartOffset: string; recoveryPoint: string };
    return { logStartOffset: BigInt(parsed.logStartOffset), recoveryPoint: BigInt(parsed.recoveryPoint) };
  } catch {
    return { logStartOffset: 0n, recoveryPoint: 0n };
  }
}

export async function writePartitionCheckpoint(fs: FileSystem, dir: string, checkpoint: PartitionCheckpoint): Promise<void> {
  const body = JSON.stringify({ logStartOffset: checkpoint.logStartOffset.toString(), recoveryPoint: checkpoint.recoveryPoint.toString() });
  await writeChecksummedFile(fs, path.join(dir, PARTITION_CHECKPOINT_FILE), Buffer.from(body));
}

export interface LoadedSegments {
  segments: LogSegment[];
  /** Bytes cut from torn or corrupt tails, and whole segments dropped after them. */
  truncatedBytes: number;
}

/**
 * Opens every segment in offset order. Without a clean shutdown, segments that may hold offsets at or
 * above the recovery point are checked batch by batch; after a truncated one, later segments are deleted
 * (their offsets would no longer follow on).
 */
export async function loadSegments(
  fs: FileSystem,
  dir: string,
  options: { cleanShutdown: boolean; recoveryPoint: bigint; logStartOffset: bigint; indexIntervalBytes: number; nowMs: number },
): Promise<LoadedSegments> {
  const names = await fs.readdir(dir);
  for (const name of names) if (isTempFile(name)) await fs.unlink(path.join(dir, name));
  const bases = names
    .map((name) => SEGMENT_NAME.exec(name)?.[1])
    .filter((base): base is string => base !== undefined)
    .map((base) => BigInt(base))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (bases.length === 0) bases.push(options.logStartOffset);
  const segments: LogSegment[] = [];
  let truncatedBytes = 0;
  for (let i = 0; i < bases.length; i++) {
    const nextBase = bases[i + 1];
    const recover = !options.cleanShutdown && (nextBase === undefined || nextBase > options.recoveryPoint);
    const opened = await LogSegment.open(fs, dir, bases[i], {
      recover,
      indexIntervalBytes: options.indexIntervalBytes,
      nowMs: options.nowMs,
    });
    segments.push(opened.segment);
    // A gap before the next segment is normal after compaction; an overlap means the files disagree.
    const discontinuous = nextBase !== undefined && opened.segment.nextOffset > nextBase;
    if (opened.truncatedBytes > 0 || discontinuous) {
      truncatedBytes += opened.truncatedBytes;
      for (const doomed of bases.slice(i + 1)) truncatedBytes += await deleteSegmentFiles(fs, dir, doomed);
      break;
    }
  }
  return { segments, truncatedBytes };
}

async function deleteSegmentFiles(fs: FileSystem, dir: string, baseOffset: bigint): Promise<number> {
  const { segment } = await LogSegment.open(fs, dir, baseOffset, { recover: false, indexIntervalBytes: 4096, nowMs: 0 });
  const sizeBytes = segment.sizeBytes;
  await segment.deleteFiles(fs);
  return sizeBytes;
}

function snapshotPath(dir: string, offset: bigint): string {
  return path.join(dir, segmentFileName(offset, SNAPSHOT_FILE_SUFFIX));
}

async function snapshotOffsets(fs: FileSystem, dir: string): Promise<bigint[]> {
  return (await fs.readdir(dir))
    .map((name) => SNAPSHOT_NAME.exec(name)?.[1])
    .filter((offset): offset is string => offset !== undefined)
    .map((offset) => BigInt(offset))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function writeProducerSnapshot(fs: FileSystem, dir: string, offset: bigint, state: ProducerStateManager): Promise<void> {
  await writeChecksummedFile(fs, snapshotPath(dir, offset), state.toSnapshot());
  const offsets = await snapshotOffsets(fs, dir);
  for (const old of offsets.slice(0, Math.max(0, offsets.length - SNAPSHOTS_KEPT))) await fs.unlink(snapshotPath(dir, old));
}

/** A transaction whose marker was replayed at open: where the marker lies, to read whether it aborted. */
export interface ReplayedTxnEnd extends CompletedTxn {
  segment: LogSegment;
  position: number;
  sizeBytes: number;
}

/** Bound on replayed transaction ends remembered at open (markers beyond it are not re-indexed). */
const MAX_REPLAYED_TXN_ENDS = 1_000_000;

export interface LoadedProducerState {
  state: ProducerStateManager;
  /** Transactions ended by markers in the replayed range, in offset order. */
  txnEnds: ReplayedTxnEnd[];
}

/** Producer state at the log end: the newest usable snapshot, then the batch headers after it. */
export async function loadProducerState(
  fs: FileSystem,
  dir: string,
  segments: readonly LogSegment[],
  logEndOffset: bigint,
  nowMs: number,
): Promise<LoadedProducerState> {
  const txnEnds: ReplayedTxnEnd[] = [];
  let state = new ProducerStateManager();
  let replayFrom = segments[0].baseOffset;
  const offsets = await snapshotOffsets(fs, dir);
  for (const offset of offsets.filter((o) => o > logEndOffset)) await fs.unlink(snapshotPath(dir, offset));
  for (const offset of offsets.filter((o) => o <= logEndOffset && o >= segments[0].baseOffset).reverse()) {
    const body = await readChecksummedFile(fs, snapshotPath(dir, offset));
    if (body === null) continue;
    try {
      state = ProducerStateManager.fromSnapshot(body);
      replayFrom = offset;
      break;
    } catch {}
  }
  for (const segment of segments) {
    if (segment.nextOffset <= replayFrom) continue;
    await segment.scanFrom(replayFrom > segment.baseOffset ? replayFrom : segment.baseOffset, (batch) => {
      if (batch.baseOffset < replayFrom) return true;
      const ended = state.replay(batch, nowMs);
      if (ended !== null && txnEnds.length < MAX_REPLAYED_TXN_ENDS)
        txnEnds.push({ ...ended, segment, position: batch.position, sizeBytes: batch.sizeBytes });
      return true;
    });
  }
  return { state, txnEnds };
}
