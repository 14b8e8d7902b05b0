// One segment of a partition log: <base offset>.log holding batches exactly as stored, plus its sparse
// .index and .timeindex (see sparse-index.ts). Only the active (last) segment is appended to.
// Invariants: batches are contiguous from position 0, offsets strictly increase, every index entry
// points at the start of a batch inside the .log. File descriptors: the .log handle comes from the
// log's FileSystem (a FileHandleCache in the broker, which closes cold files and reopens them on use);
// the indexes are read into memory and their files opened only to be written. A placeholder segment
// (a partition never written, see PartitionLog.create) has no files at all.

import path from 'node:path';
import { batchLastOffset, readBatchHeader, type LocatedBatch } from '../protocol/record-batch.ts';
import { scanBatches } from './batch-scanner.ts';
import type { FileHandle, FileSystem } from './file-system.ts';
import { SparseIndex, type IndexEntry } from './sparse-index.ts';

export const LOG_FILE_SUFFIX = '.log';
export const OFFSET_INDEX_FILE_SUFFIX = '.index';
export const TIME_INDEX_FILE_SUFFIX = '.timeindex';
/** Kafka's suffix for segment files waiting for file.delete.delay.ms before removal. */
export const DELETED_FILE_SUFFIX = '.deleted';
const INT32_MAX = 0x7fffffff;

export function segmentFileName(baseOffset: bigint, suffix: string): string {
  return baseOffset.toString().padStart(20, '0') + suffix;
}

interface PendingIndexEntries {
  offset: IndexEntry | null;
  time: IndexEntry | null;
}

/** Enough for a few consumers of one partition at different positions. */
const MAX_NEXT_READ_STARTS = 16;

export class LogSegment {
  readonly baseOffset: bigint;
  readonly dir: string;
  /** Null only for a placeholder: an empty segment whose files do not exist yet. */
  private readonly log: FileHandle | null;
  private offsetIndex: SparseIndex;
  private timeIndex: SparseIndex;
  private readonly indexIntervalBytes: number;
  sizeBytes = 0;
  /** One past the last offset stored here; baseOffset while empty. */
  nextOffset: bigint;
  maxTimestampMs = -1n;
  /** Last offset of the batch holding maxTimestampMs (Kafka's shallow offset of max timestamp). */
  offsetOfMaxTimestamp = -1n;
  /** The first batch's max timestamp; segment.ms counts from it (Kafka's rollingBasedTimestamp). */
  firstBatchTimestampMs: bigint | null = null;
  readonly createdAtMs: number;
  private bytesSinceLastIndexEntry = 0;
  /**
   * Positions where a batch is known to start, by the offset a reader will ask for next (the end of each read):
   * a consumer's next fetch then skips the index lookup and the header scan, a disk read. Bounded; forgotten
   * when the file is cut back.
   */
  private readonly nextReadStarts = new Map<bigint, number>();

  private constructor(
    dir: string,
    baseOffset: bigint,
    log: FileHandle | null,
    offsetIndex: SparseIndex,
    timeIndex: SparseIndex,
    indexIntervalBytes: number,
    nowMs: number,
  ) {
    this.dir = dir;
    this.baseOffset = baseOffset;
    this.log = log;
    this.offsetIndex = offsetIndex;
    this.timeIndex = timeIndex;
    this.indexIntervalBytes = indexIntervalBytes;
    this.nextOffset = baseOffset;
    this.createdAtMs = nowMs;
  }

  /**
   * Opens (or creates) the segment. With `recover`, every batch is checked (CRC included), a bad tail is
   * truncated and the indexes are rebuilt; otherwise trusted indexes are loaded and only the bytes after
   * the last index entry are scanned. Returns the bytes truncated away.
   */
  static async open(
    fs: FileSystem,
    dir: string,
    baseOffset: bigint,
    options: { recover: boolean; indexIntervalBytes: number; nowMs: number },
  ): Promise<{ segment: LogSegment; truncatedBytes: number }> {
    const filePath = (suffix: string) => path.join(dir, segmentFileName(baseOffset, suffix));
    const log = await fs.open(filePath(LOG_FILE_SUFFIX));
    const logSizeBytes = await log.sizeBytes();
    if (!options.recover) {
      const offsetIndex = await SparseIndex.load('offset', fs, filePath(OFFSET_INDEX_FILE_SUFFIX), logSizeBytes);
      const timeIndex = await SparseIndex.load('time', fs, filePath(TIME_INDEX_FILE_SUFFIX), INT32_MAX);
      if (offsetIndex !== null && timeIndex !== null) {
        const segment = new LogSegment(dir, baseOffset, log, offsetIndex, timeIndex, options.indexIntervalBytes, options.nowMs);
        if (await segment.loadTrusted(logSizeBytes)) return { segment, truncatedBytes: 0 };
      }
    }
    const offsetIndex = SparseIndex.empty('offset', fs, filePath(OFFSET_INDEX_FILE_SUFFIX));
    const timeIndex = SparseIndex.empty('time', fs, filePath(TIME_INDEX_FILE_SUFFIX));
    const segment = new LogSegment(dir, baseOffset, log, offsetIndex, timeIndex, options.indexIntervalBytes, options.nowMs);
    const truncatedBytes = await segment.recover(logSizeBytes);
    return { segment, truncatedBytes };
  }

  /** An empty segment without files, for a partition never written; replaced by open() at its first write. */
  static placeholder(fs: FileSystem, dir: string, baseOffset: bigint, nowMs: number): LogSegment {
    const filePath = (suffix: string) => path.join(dir, segmentFileName(baseOffset, suffix));
    return new LogSegment(
      dir,
      baseOffset,
      null,
      SparseIndex.empty('offset', fs, filePath(OFFSET_INDEX_FILE_SUFFIX)),
      SparseIndex.empty('time', fs, filePath(TIME_INDEX_FILE_SUFFIX)),
      0,
      nowMs,
    );
  }

  /** The .log handle; only a placeholder has none, and nothing reads or writes a placeholder's bytes. */
  private get logFile(): FileHandle {
    if (this.log === null) throw new Error(`segment ${this.baseOffset} of ${this.dir} has no files yet`);
    return this.log;
  }

  get isEmpty(): boolean {
    return this.sizeBytes === 0;
  }

  get lastOffset(): bigint {
    return this.nextOffset - 1n;
  }

  /** Trusted indexes: scan from the last indexed batch to find the end; false if the data disagrees. */
  private async loadTrusted(logSizeBytes: number): Promise<boolean> {
    const lastOffsetEntry = this.offsetIndex.lastEntry();
    const lastTimeEntry = this.timeIndex.lastEntry();
    if (lastTimeEntry !== null) {
      this.maxTimestampMs = BigInt(lastTimeEntry.key);
      this.offsetOfMaxTimestamp = this.baseOffset + BigInt(lastTimeEntry.value);
    }
    const startPosition = lastOffsetEntry?.value ?? 0;
    const result = await scanBatches(this.logFile, {
      startPosition,
      endPosition: logSizeBytes,
      verifyCrc: false,
      minBaseOffset: this.baseOffset,
      visit: (batch) => {
        this.noteBatch(batch);
        return true;
      },
    });
    if (result.validEndPosition !== logSizeBytes) return false;
    this.bytesSinceLastIndexEntry = logSizeBytes - startPosition;
    this.sizeBytes = logSizeBytes;
    if (logSizeBytes > 0) await this.readFirstBatchTimestamp();
    return true;
  }

  private async recover(logSizeBytes: number): Promise<number> {
    const offsetEntries: IndexEntry[] = [];
    const timeEntries: IndexEntry[] = [];
    const result = await scanBatches(this.logFile, {
      startPosition: 0,
      endPosition: logSizeBytes,
      verifyCrc: true,
      minBaseOffset: this.baseOffset,
      visit: (batch) => {
        const pending = this.noteBatch(batch);
        if (pending.offset !== null) offsetEntries.push(pending.offset);
        if (pending.time !== null) timeEntries.push(pending.time);
        return true;
      },
    });
    this.sizeBytes = result.validEndPosition;
    if (result.validEndPosition < logSizeBytes) await this.logFile.truncate(result.validEndPosition);
    await this.offsetIndex.rewrite(offsetEntries);
    await this.timeIndex.rewrite(timeEntries);
    if (this.sizeBytes > 0) await this.readFirstBatchTimestamp();
    return logSizeBytes - result.validEndPosition;
  }

  private async readFirstBatchTimestamp(): Promise<void> {
    const header = Buffer.alloc(61);
    if ((await this.logFile.read(header, 0)) === header.length) this.firstBatchTimestampMs = readBatchHeader(header, 0).maxTimestamp;
  }

  /** Updates in-memory state for a batch placed at the current end; returns the index entries it earns. */
  private noteBatch(batch: LocatedBatch): PendingIndexEntries {
    const lastOffset = batchLastOffset(batch);
    if (batch.maxTimestamp > this.maxTimestampMs) {
      this.maxTimestampMs = batch.maxTimestamp;
      this.offsetOfMaxTimestamp = lastOffset;
    }
    if (this.firstBatchTimestampMs === null) this.firstBatchTimestampMs = batch.maxTimestamp;
    const pending: PendingIndexEntries = { offset: null, time: null };
    // Like Kafka's LogSegment.append: an entry once more than index.interval.bytes were appended since the last.
    if (this.bytesSinceLastIndexEntry > this.indexIntervalBytes) {
      pending.offset = { key: Number(lastOffset - this.baseOffset), value: batch.position };
      pending.time = { key: Number(this.maxTimestampMs), value: Number(this.offsetOfMaxTimestamp - this.baseOffset) };
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += batch.sizeBytes;
    this.nextOffset = lastOffset + 1n;
    return pending;
  }

  /**
   * Appends batches whose offsets are assigned and whose positions are relative to `records`. The bytes
   * reach the OS before this resolves. On a failed write the segment is cut back to its previous size.
   */
  async append(records: Buffer, batches: readonly LocatedBatch[]): Promise<void> {
    const startPosition = this.sizeBytes;
    try {
      await this.logFile.write(records, startPosition);
    } catch (error) {
      // If cutting back fails too, the error stays unrecoverable and the log refuses further appends.
      this.nextReadStarts.clear();
      await this.logFile.truncate(startPosition);
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { recoverable: true });
    }
    this.sizeBytes += records.length;
    for (const batch of batches) {
      const pending = this.noteBatch({ ...batch, position: startPosition + batch.position });
      if (pending.offset !== null) await this.offsetIndex.append(pending.offset.key, pending.offset.value);
      if (pending.time !== null) await this.timeIndex.append(pending.time.key, pending.time.value);
    }
  }

  /** True if `lastOffset` can not be stored as an int32 offset relative to this segment's base. */
  wouldOverflowIndex(lastOffset: bigint): boolean {
    return lastOffset - this.baseOffset > BigInt(INT32_MAX) || this.offsetIndex.full || this.timeIndex.full;
  }

  /** Visits batches from the one the offset index points to for `offset`, until the visitor stops. */
  async scanFrom(offset: bigint, visit: (batch: LocatedBatch) => boolean): Promise<void> {
    const relative = offset - this.baseOffset;
    const entry = relative > BigInt(INT32_MAX) ? this.offsetIndex.lastEntry() : this.offsetIndex.floor(Number(relative));
    if (this.sizeBytes === 0) return;
    await scanBatches(this.logFile, {
      startPosition: entry?.value ?? 0,
      endPosition: this.sizeBytes,
      verifyCrc: false,
      minBaseOffset: this.baseOffset,
      visit,
    });
  }

  /** The first batch holding an offset >= `offset`, or null if none is in this segment. */
  /** Notes that the first batch holding an offset >= `offset` starts at `position` (see nextReadStarts). */
  noteNextReadStart(offset: bigint, position: number): void {
    if (this.nextReadStarts.size >= MAX_NEXT_READ_STARTS) this.nextReadStarts.delete(this.nextReadStarts.keys().next().value!);
    this.nextReadStarts.set(offset, position);
  }

  /** Where the first batch holding an offset >= `offset` starts, if a read noted it and it is written. */
  knownBatchStart(offset: bigint): number | null {
    const position = this.nextReadStarts.get(offset);
    return position !== undefined && position < this.sizeBytes ? position : null;
  }

  async findBatch(offset: bigint): Promise<LocatedBatch | null> {
    let found: LocatedBatch | null = null;
    await this.scanFrom(offset, (batch) => {
      if (batchLastOffset(batch) < offset) return true;
      found = batch;
      return false;
    });
    return found;
  }

  /** Where to start looking for records with timestamp >= `timestampMs` (Kafka: timeIndex then offsetIndex). */
  startOffsetForTimestamp(timestampMs: bigint): bigint {
    const entry = this.timeIndex.floor(Number(timestampMs));
    return entry === null ? this.baseOffset : this.baseOffset + BigInt(entry.value);
  }

  async read(position: number, lengthBytes: number): Promise<Buffer> {
    const target = Buffer.allocUnsafe(Math.max(0, Math.min(lengthBytes, this.sizeBytes - position)));
    if (target.length === 0) return target;
    const bytesRead = await this.logFile.read(target, position);
    return target.subarray(0, bytesRead);
  }

  /** Adds the final time index entry (Kafka does at roll) so the max timestamp is indexed. */
  async onBecameInactive(): Promise<void> {
    if (this.offsetOfMaxTimestamp >= 0n) {
      await this.timeIndex.append(Number(this.maxTimestampMs), Number(this.offsetOfMaxTimestamp - this.baseOffset));
    }
  }

  async flush(): Promise<void> {
    await this.log?.sync();
    await this.offsetIndex.sync();
    await this.timeIndex.sync();
  }

  async close(): Promise<void> {
    await this.log?.close();
    await this.offsetIndex.close();
    await this.timeIndex.close();
  }

  /** Kafka's async delete, step 1: renames the files to *.deleted; open handles keep serving reads in flight. */
  async renameToDeleted(fs: FileSystem): Promise<void> {
    for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
      const filePath = path.join(this.dir, segmentFileName(this.baseOffset, suffix));
      await fs.rename(filePath, filePath + DELETED_FILE_SUFFIX).catch(() => undefined);
    }
  }

  /** Step 2, after file.delete.delay.ms: closes the handles and removes the *.deleted files. */
  async deleteRenamedFiles(fs: FileSystem): Promise<void> {
    await this.close().catch(() => undefined);
    for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
      await fs.unlink(path.join(this.dir, segmentFileName(this.baseOffset, suffix) + DELETED_FILE_SUFFIX));
    }
  }

  async deleteFiles(fs: FileSystem): Promise<void> {
    await this.close();
    for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
      await fs.unlink(path.join(this.dir, segmentFileName(this.baseOffset, suffix)));
    }
  }
}
