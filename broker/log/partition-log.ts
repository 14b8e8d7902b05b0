// The durable, segmented log of one partition: <dataDir>/<topic>-<partition>/ with Kafka-style segments.
// Appends are validated, checked against idempotent producer state, given offsets in place and written
// as received; reads return whole stored batches as file ranges. Records are decoded on produce only
// where a topic config needs them (compacted topics' keys, message.timestamp.before/after.max.ms), and
// the log is never held in memory (only the segments' sparse indexes). Retention and DeleteRecords
// remove whole segments (renamed *.deleted, removed after file.delete.delay.ms); compact() runs the log
// cleaner (log-cleaner.ts) beside appends and reads.
//
// Offsets: logStartOffset <= lastStableOffset <= highWatermark = logEndOffset (single node: the high
// watermark follows the log end as soon as an append reached the OS).
//
// Transactions: transactional batches open a transaction per producer (producer-state.ts), markers
// written by the transaction coordinator (appendTxnMarker) close it; the earliest open transaction's
// first offset is the last stable offset, and aborted ones are kept in the aborted-transaction index
// for READ_COMMITTED fetches (both in partition-transactions.ts), rebuilt at open from the producer
// snapshot plus the batches after it. Settings: log-config.ts; lookups by time: timestamp-lookup.ts.

import { ErrorCode } from '../protocol/error-codes.ts';
import {
  assignOffsets,
  BATCH_HEADER_BYTES,
  BATCH_OFFSET_OF_BATCH_LENGTH,
  batchLastOffset,
  LOG_OVERHEAD_BYTES,
  readBatchHeader,
  validateProducedRecords,
  type AppendOrigin,
  type LocatedBatch,
} from '../protocol/record-batch.ts';
import { nodeFileSystem, type FileSystem } from './file-system.ts';
import {
  CLEAN_SHUTDOWN_FILE,
  loadProducerState,
  loadSegments,
  readPartitionCheckpoint,
  writePartitionCheckpoint,
  writeProducerSnapshot,
} from './log-recovery.ts';
import { LOG_FILE_SUFFIX, LogSegment, OFFSET_INDEX_FILE_SUFFIX, segmentFileName, TIME_INDEX_FILE_SUFFIX } from './log-segment.ts';
import { ProducerStateManager } from './producer-state.ts';
import { selectSegmentsToDelete } from './retention.ts';
import { SerialQueue } from './serial-queue.ts';
import { SegmentDeletions } from './segment-deletions.ts';
import { checkRecordPolicy, type RecordError } from './record-policy-checks.ts';
import {
  buildOffsetMap,
  groupSegments,
  MAX_OFFSET_MAP_KEYS,
  planCleaning,
  readCleanerCheckpoint,
  writeCleanedLog,
  writeCleanerCheckpoint,
  type CleanerCheckpoint,
} from './log-cleaner.ts';
import { cleanedLogPath, recoverSegmentFiles, swapInCleanedLog } from './segment-swap.ts';
import path from 'node:path';
import type { AbortedTxn } from './aborted-txn-index.ts';
import { buildTxnMarkerBatch, type TxnMarker } from './txn-marker.ts';
import { PartitionTransactions } from './partition-transactions.ts';
import { maxTimestampOffset, offsetForTimestamp, type TimestampAndOffset } from './timestamp-lookup.ts';
import type { LogConfig } from './log-config.ts';

export { defaultLogConfig, type LogConfig } from './log-config.ts';
export type { TimestampAndOffset } from './timestamp-lookup.ts';

/** Bound on one read's buffer, whatever maxBytes a client asks for (a first oversized batch is still served whole). */
const MAX_READ_BYTES = 32 * 1024 * 1024;

export type AppendResult =
  | { errorCode: 0; baseOffset: bigint; lastOffset: bigint; logAppendTimeMs: bigint; logStartOffset: bigint; duplicate: boolean }
  | { errorCode: number; message: string; logStartOffset: bigint; recordErrors?: RecordError[] };

export interface AppendOptions {
  /** Produce v3+: exactly one batch per partition. */
  requireSingleBatch?: boolean;
  /** Who wrote the batch (Kafka's AppendOrigin): 'coordinator' batches are checked for their producer epoch only. */
  origin?: AppendOrigin;
}

export type ReadResult =
  | { errorCode: 0; records: Buffer[]; highWatermark: bigint; logStartOffset: bigint; lastStableOffset: bigint }
  | { errorCode: number; message: string; highWatermark: bigint; logStartOffset: bigint; lastStableOffset: bigint };

export interface ReadOptions {
  /** KIP-74: return the first batch even if it is larger than maxBytes. */
  minOneBatch: boolean;
  /** Exclusive bound (high watermark or last stable offset); defaults to the high watermark. */
  maxOffset?: bigint;
}

export class PartitionLog {
  readonly dir: string;
  private config: LogConfig;
  private readonly fs: FileSystem;
  private segments: LogSegment[];
  private producers: ProducerStateManager;
  private startOffset: bigint;
  private recoveryPoint: bigint;
  private readonly queue: SerialQueue;
  private unflushedMessages = 0;
  private lastFlushMs: number;
  private failure: Error | null = null;
  private closed = false;
  private cleaning = false;
  private cleanerCheckpoint: CleanerCheckpoint | null = null;
  private readonly deletions: SegmentDeletions;
  private readonly txns: PartitionTransactions;
  /**
   * Never written: made by create() (or opened on an empty directory), its only segment a placeholder
   * without files. The first write creates the files (materialize); until then closing writes nothing,
   * so a broker hosting many idle partitions creates, stops and restarts without touching them.
   */
  private pristine = false;

  private constructor(
    dir: string,
    config: LogConfig,
    fs: FileSystem,
    segments: LogSegment[],
    producers: ProducerStateManager,
    txns: PartitionTransactions,
    logStartOffset: bigint,
    nowMs: number,
  ) {
    this.txns = txns;
    this.dir = dir;
    this.config = config;
    this.fs = fs;
    this.segments = segments;
    this.producers = producers;
    this.startOffset = logStartOffset;
    this.recoveryPoint = this.logEndOffset;
    this.queue = new SerialQueue(config.maxQueuedAppends);
    this.deletions = new SegmentDeletions(fs);
    this.lastFlushMs = nowMs;
  }

  /**
   * A new, empty partition: only its directory is made (the caller makes that durable); the files appear
   * with the first write. The directory must not hold another partition's files.
   */
  static async create(dir: string, config: LogConfig, fs: FileSystem = nodeFileSystem, nowMs = Date.now()): Promise<PartitionLog> {
    await fs.mkdir(dir);
    return PartitionLog.pristine(dir, config, fs, nowMs);
  }

  private static pristine(dir: string, config: LogConfig, fs: FileSystem, nowMs: number): PartitionLog {
    const producers = new ProducerStateManager();
    const txns = PartitionTransactions.empty(fs, dir, producers);
    const log = new PartitionLog(dir, config, fs, [LogSegment.placeholder(fs, dir, 0n, nowMs)], producers, txns, 0n, nowMs);
    log.pristine = true;
    return log;
  }

  /** Opens or creates the partition directory, recovering after an unclean shutdown. */
  static async open(dir: string, config: LogConfig, fs: FileSystem = nodeFileSystem, nowMs = Date.now()): Promise<PartitionLog> {
    const entries = await fs.readdir(dir).catch(async (error: NodeJS.ErrnoException): Promise<string[]> => {
      if (error.code !== 'ENOENT') throw error;
      await fs.mkdir(dir);
      return [];
    });
    // An empty directory is a partition never written (create() made it): nothing to load or recover.
    if (entries.length === 0) return PartitionLog.pristine(dir, config, fs, nowMs);
    await recoverSegmentFiles(fs, dir);
    const checkpoint = await readPartitionCheckpoint(fs, dir);
    const names = await fs.readdir(dir);
    const cleanShutdown = names.includes(CLEAN_SHUTDOWN_FILE);
    const { segments } = await loadSegments(fs, dir, {
      cleanShutdown,
      recoveryPoint: checkpoint.recoveryPoint,
      logStartOffset: checkpoint.logStartOffset,
      indexIntervalBytes: config.indexIntervalBytes,
      nowMs,
    });
    const logEndOffset = segments[segments.length - 1].nextOffset;
    const { state: producers, txnEnds } = await loadProducerState(fs, dir, segments, logEndOffset, nowMs);
    let logStartOffset = checkpoint.logStartOffset > segments[0].baseOffset ? checkpoint.logStartOffset : segments[0].baseOffset;
    if (logStartOffset > logEndOffset) logStartOffset = logEndOffset;
    const txns = await PartitionTransactions.open(fs, dir, producers, txnEnds, logStartOffset, logEndOffset);
    const log = new PartitionLog(dir, config, fs, segments, producers, txns, logStartOffset, nowMs);
    // Recovered bytes may only be in the page cache: make them durable before trusting them as recovered.
    if (!cleanShutdown) await log.activeSegment.flush();
    await log.writeCheckpoint();
    await fs.unlink(path.join(dir, CLEAN_SHUTDOWN_FILE));
    await fs.syncDir(dir);
    return log;
  }

  get logStartOffset(): bigint {
    return this.startOffset;
  }

  get logEndOffset(): bigint {
    return this.activeSegment.nextOffset;
  }

  /** Single node, no followers: everything written to the OS is "replicated". */
  get highWatermark(): bigint {
    return this.logEndOffset;
  }

  /** The first offset of the earliest open transaction, or the high watermark when none is open. */
  get lastStableOffset(): bigint {
    return this.txns.lastStableOffset(this.highWatermark);
  }

  /** READ_COMMITTED fetches: aborted transactions with records in [fromOffset, toOffset). */
  abortedTransactions(fromOffset: bigint, toOffset: bigint): AbortedTxn[] {
    return this.txns.abortedTransactions(fromOffset, toOffset);
  }

  /**
   * Writes a COMMIT or ABORT marker for a producer (transaction coordinator only): closes the producer's
   * open transaction here, and indexes it when aborted. A producer without an open transaction still
   * gets the marker (it may be a retry), as in Kafka.
   */
  appendTxnMarker(marker: TxnMarker, nowMs = Date.now()): Promise<AppendResult> {
    return this.serialized(() => this.appendMarkerNow(marker, nowMs));
  }

  private async appendMarkerNow(marker: TxnMarker, nowMs: number): Promise<AppendResult> {
    if (this.closed) return this.refusal(ErrorCode.KAFKA_STORAGE_ERROR, 'the log is closed');
    if (this.failure !== null) return this.refusal(ErrorCode.KAFKA_STORAGE_ERROR, `the log failed earlier: ${this.failure.message}`);
    const records = buildTxnMarkerBatch(marker, nowMs);
    const batch: LocatedBatch = { ...readBatchHeader(records, 0), position: 0, sizeBytes: records.length };
    try {
      await this.materialize(nowMs);
      const baseOffset = this.logEndOffset;
      await this.maybeRoll(records.length, baseOffset, batch.maxTimestamp, nowMs);
      assignOffsets(records, [batch], this.logEndOffset, { partitionLeaderEpoch: this.config.leaderEpoch });
      await this.activeSegment.append(records, [batch]);
      await this.txns.onMarkerAppended(batch, marker.commit, nowMs);
      return {
        errorCode: 0,
        baseOffset: batch.baseOffset,
        lastOffset: batch.baseOffset,
        logAppendTimeMs: -1n,
        logStartOffset: this.startOffset,
        duplicate: false,
      };
    } catch (error) {
      return this.refusal(ErrorCode.KAFKA_STORAGE_ERROR, this.storageFailure(error));
    }
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.sizeBytes, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** The producer state, for the transaction coordinator and tests. */
  get producerState(): ProducerStateManager {
    return this.producers;
  }

  get currentConfig(): Readonly<LogConfig> {
    return this.config;
  }

  /** Applies changed topic configs (AlterConfigs); takes effect for the next append or retention pass. */
  updateConfig(config: LogConfig): void {
    this.config = config;
  }

  private get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  append(records: Buffer, nowMs = Date.now(), options: AppendOptions = {}): Promise<AppendResult> {
    // The batch checks (CRC-32C over every byte) need no log state, so they run now, on the request's own turn:
    // a pipelined request is checked while the append before it is still being written.
    const validation = validateProducedRecords(records, {
      maxMessageBytes: this.config.maxMessageBytes,
      requireSingleBatch: options.requireSingleBatch,
      origin: options.origin,
    });
    if (!validation.ok) return Promise.resolve(this.refusal(validation.errorCode, validation.message));
    const queued = this.queue.run(() => this.appendNow(records, validation.batches, nowMs, options));
    if (queued !== null) return queued;
    return Promise.resolve(this.refusal(ErrorCode.REQUEST_TIMED_OUT, 'too many appends queued for this partition'));
  }

  private refusal(errorCode: number, message: string): AppendResult {
    return { errorCode, message, logStartOffset: this.startOffset };
  }

  private async appendNow(records: Buffer, batches: LocatedBatch[], nowMs: number, options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return this.refusal(ErrorCode.KAFKA_STORAGE_ERROR, 'the log is closed');
    if (this.failure !== null) return this.refusal(ErrorCode.KAFKA_STORAGE_ERROR, `the log failed earlier: ${this.failure.message}`);
    const violation = checkRecordPolicy(records, batches, this.config, nowMs, path.basename(this.dir));
    if (violation !== null) return { ...this.refusal(violation.errorCode, violation.message), recordErrors: violation.recordErrors };

    // Offsets are known before writing (appends are serialized), so producer state is checked with them.
    const prospective = withOffsets(batches, this.logEndOffset);
    const check = this.producers.check(prospective, nowMs, options.origin ?? 'client');
    if (check.kind === 'error') return this.refusal(check.errorCode, check.message);
    if (check.kind === 'duplicate') {
      return {
        errorCode: 0,
        baseOffset: check.firstOffset,
        lastOffset: check.lastOffset,
        logAppendTimeMs: -1n,
        logStartOffset: this.startOffset,
        duplicate: true,
      };
    }
    try {
      await this.materialize(nowMs);
      const lastOffset = batchLastOffset(prospective[prospective.length - 1]);
      await this.maybeRoll(records.length, lastOffset, maxTimestampOf(batches), nowMs);
      const logAppendTimeMs = this.config.messageTimestampType === 'LogAppendTime' ? BigInt(nowMs) : undefined;
      const baseOffset = this.logEndOffset;
      assignOffsets(records, batches, baseOffset, { partitionLeaderEpoch: this.config.leaderEpoch, logAppendTimeMs });
      await this.activeSegment.append(records, batches);
      check.commit();
      await this.maybeFlush(
        batches.reduce((sum, b) => sum + b.recordsCount, 0),
        nowMs,
      );
      return {
        errorCode: 0,
        baseOffset,
        lastOffset,
        logAppendTimeMs: logAppendTimeMs ?? -1n,
        logStartOffset: this.startOffset,
        duplicate: false,
      };
    } catch (error) {
      return this.refusal(ErrorCode.KAFKA_STORAGE_ERROR, this.storageFailure(error));
    }
  }

  /** The first write to a pristine partition: its first segment's files, created durably. */
  private async materialize(nowMs: number): Promise<void> {
    if (!this.pristine) return;
    const { segment } = await LogSegment.open(this.fs, this.dir, this.startOffset, {
      recover: true,
      indexIntervalBytes: this.config.indexIntervalBytes,
      nowMs,
    });
    await this.fs.syncDir(this.dir);
    this.segments = [segment];
    this.pristine = false;
  }

  /** A failed write was cut back by the segment; a failed fsync or roll leaves the log unusable. */
  private storageFailure(error: unknown): string {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (!(failure as { recoverable?: boolean }).recoverable) this.failure = failure;
    return failure.message;
  }

  private async maybeRoll(incomingBytes: number, lastOffset: bigint, incomingMaxTimestampMs: bigint, nowMs: number): Promise<void> {
    const active = this.activeSegment;
    if (active.isEmpty && !active.wouldOverflowIndex(lastOffset)) return;
    const full = active.sizeBytes + incomingBytes > this.config.segmentBytes;
    const firstTimestampMs = active.firstBatchTimestampMs ?? -1n;
    // Kafka's LogSegment.shouldRoll: compares message time with message time when the segment has one.
    const waitedMs = firstTimestampMs >= 0n ? Number(incomingMaxTimestampMs - firstTimestampMs) : nowMs - active.createdAtMs;
    if (full || waitedMs > this.config.segmentMs || active.wouldOverflowIndex(lastOffset)) await this.roll(nowMs);
  }

  /** Closes the active segment (fsynced, final index entries) and starts a new one at the log end. */
  private async roll(nowMs: number): Promise<void> {
    const previous = this.activeSegment;
    const baseOffset = previous.nextOffset;
    await previous.onBecameInactive();
    await previous.flush();
    for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
      await this.fs.unlink(path.join(this.dir, segmentFileName(baseOffset, suffix)));
    }
    const { segment } = await LogSegment.open(this.fs, this.dir, baseOffset, {
      recover: true,
      indexIntervalBytes: this.config.indexIntervalBytes,
      nowMs,
    });
    if (previous.isEmpty) {
      this.segments.pop();
      await previous.deleteFiles(this.fs);
    }
    this.segments.push(segment);
    await this.fs.syncDir(this.dir);
    this.recoveryPoint = baseOffset;
    // The snapshot below replaces the replay that would rebuild index entries: make those durable first.
    await this.txns.flushIndex();
    this.producers.removeExpired(nowMs, this.config.producerIdExpirationMs);
    await writeProducerSnapshot(this.fs, this.dir, baseOffset, this.producers);
    await this.writeCheckpoint();
  }

  private async maybeFlush(appendedMessages: number, nowMs: number): Promise<void> {
    this.unflushedMessages += appendedMessages;
    if (this.unflushedMessages >= this.config.flushMessages || nowMs - this.lastFlushMs >= this.config.flushMs) await this.flushNow(nowMs);
  }

  private async flushNow(nowMs: number): Promise<void> {
    await this.activeSegment.flush();
    await this.txns.flushIndex();
    this.unflushedMessages = 0;
    this.lastFlushMs = nowMs;
    this.recoveryPoint = this.logEndOffset;
  }

  /** fsyncs everything appended so far. */
  flush(nowMs = Date.now()): Promise<void> {
    return this.serialized(() => this.flushNow(nowMs));
  }

  /** For the broker's periodic task: fsync if flush.ms has passed since the last fsync. */
  flushIfDue(nowMs = Date.now()): Promise<void> {
    // Checked before queueing too: the broker calls this every second for every partition, most of them idle.
    if (this.unflushedMessages === 0) return Promise.resolve();
    return this.serialized(async () => {
      if (this.unflushedMessages > 0 && nowMs - this.lastFlushMs >= this.config.flushMs) await this.flushNow(nowMs);
    });
  }

  /** Runs maintenance work in the append order; waits even when the append queue is full. */
  private async serialized<T>(task: () => Promise<T>): Promise<T> {
    // Bounded retries: the queue drains at the disk's pace; maintenance callers are few.
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const queued = this.queue.run(task);
      if (queued !== null) return queued;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('partition log queue stayed full');
  }

  async read(fetchOffset: bigint, maxBytes: number, options: ReadOptions): Promise<ReadResult> {
    const offsets = { highWatermark: this.highWatermark, logStartOffset: this.startOffset, lastStableOffset: this.lastStableOffset };
    if (fetchOffset < this.startOffset || fetchOffset > this.logEndOffset) {
      return {
        errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
        message: `offset ${fetchOffset} is outside [${this.startOffset}, ${this.logEndOffset}]`,
        ...offsets,
      };
    }
    try {
      return {
        errorCode: 0,
        records: await this.readRecords(fetchOffset, maxBytes, options, options.maxOffset ?? offsets.highWatermark),
        ...offsets,
      };
    } catch (error) {
      // Retention may delete (close) a segment while a read is on it: then the offset is gone.
      if (fetchOffset < this.startOffset)
        return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, message: `offset ${fetchOffset} was deleted`, ...offsets };
      throw error;
    }
  }

  private async readRecords(fetchOffset: bigint, maxBytes: number, options: ReadOptions, upperOffset: bigint): Promise<Buffer[]> {
    const segments = this.segments;
    for (let i = this.segmentIndexFor(fetchOffset); i < segments.length && fetchOffset < upperOffset; i++) {
      const segment = segments[i];
      const start = await this.firstBatchAt(segment, fetchOffset);
      if (start === null) continue;
      if (start.baseOffset !== null && start.baseOffset >= upperOffset) return [];
      // One read of the whole candidate range, then cut it to whole batches in memory: cheaper than
      // scanning headers on disk first and reading the data a second time.
      const wanted = Math.min(maxBytes, MAX_READ_BYTES);
      let bytes = await segment.read(start.position, options.minOneBatch ? Math.max(wanted, start.sizeBytes, BATCH_HEADER_BYTES) : wanted);
      // A first batch larger than maxBytes is still returned whole (KIP-74): read again at its size.
      if (options.minOneBatch && bytes.length >= BATCH_HEADER_BYTES && batchSizeAt(bytes) > bytes.length) {
        bytes = await segment.read(start.position, batchSizeAt(bytes));
      }
      const whole = wholeBatches(bytes, maxBytes, options.minOneBatch, upperOffset);
      if (whole.lengthBytes === 0) return [];
      segment.noteNextReadStart(whole.endOffset, start.position + whole.lengthBytes);
      return [bytes.subarray(0, whole.lengthBytes)];
    }
    return [];
  }

  /** Where the first batch holding an offset >= fetchOffset starts: noted by an earlier read, or looked up. */
  private async firstBatchAt(
    segment: LogSegment,
    fetchOffset: bigint,
  ): Promise<{ position: number; sizeBytes: number; baseOffset: bigint | null } | null> {
    const known = segment.knownBatchStart(fetchOffset);
    if (known !== null) return { position: known, sizeBytes: 0, baseOffset: null };
    const found = await segment.findBatch(fetchOffset);
    return found === null ? null : { position: found.position, sizeBytes: found.sizeBytes, baseOffset: found.baseOffset };
  }

  /** Index of the segment with the greatest base offset <= offset (binary search). */
  private segmentIndexFor(offset: bigint): number {
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.segments[middle].baseOffset <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** ListOffsets by timestamp: the first record with timestamp >= timestampMs (timestamp-lookup.ts). */
  offsetForTimestamp(timestampMs: bigint): Promise<TimestampAndOffset | null> {
    return offsetForTimestamp(this.segments, this.startOffset, timestampMs);
  }

  /** ListOffsets -3: the record with the largest timestamp (first one if tied), or offset -1 on an empty log. */
  maxTimestampOffset(): Promise<TimestampAndOffset> {
    return maxTimestampOffset(this.segments, this.startOffset);
  }

  earliest(): TimestampAndOffset {
    return { offset: this.startOffset, timestamp: -1n };
  }

  latest(): TimestampAndOffset {
    return { offset: this.highWatermark, timestamp: -1n };
  }

  /** Retention: deletes whole old segments by retention.ms / retention.bytes / log start offset. */
  deleteOldSegments(nowMs = Date.now()): Promise<number> {
    return this.serialized(async () => {
      if (this.pristine) return 0;
      // Without "delete" in cleanup.policy only DeleteRecords' log start offset removes segments (Kafka).
      const policy = {
        nowMs,
        retentionMs: this.config.cleanupDelete ? this.config.retentionMs : -1,
        retentionBytes: this.config.cleanupDelete ? this.config.retentionBytes : -1,
        logStartOffset: this.startOffset,
        highWatermark: this.highWatermark,
      };
      const { count } = selectSegmentsToDelete(this.segments, policy);
      if (count === 0) return 0;
      if (count === this.segments.length) await this.roll(nowMs);
      const doomed = this.segments.slice(0, count);
      this.segments = this.segments.slice(count);
      this.startOffset = bigMax(this.startOffset, this.segments[0].baseOffset);
      await this.writeCheckpoint();
      await this.txns.dropBefore(this.startOffset);
      await this.scheduleDeletion(doomed);
      return count;
    });
  }

  /**
   * One log cleaner pass (cleanup.policy with "compact"), run in the background: the heavy work (offset
   * map, recopying) runs beside appends and reads; only each swap of cleaned segments waits its turn in
   * the append queue. Returns how many old segments were replaced.
   */
  async compact(nowMs = Date.now()): Promise<number> {
    if (!this.config.cleanupCompact || this.closed || this.failure !== null || this.cleaning || this.pristine) return 0;
    this.cleaning = true;
    try {
      this.cleanerCheckpoint ??= await readCleanerCheckpoint(this.fs, this.dir);
      const checkpoint = this.cleanerCheckpoint;
      const firstDirtyOffset = bigMax(checkpoint.firstDirtyOffset, this.startOffset);
      const state = { firstDirtyOffset, lastStableOffset: this.lastStableOffset, deleteHorizonDueMs: checkpoint.deleteHorizonDueMs, nowMs };
      const plan = planCleaning(this.segments, state, this.config);
      if (plan === null) return 0;
      const transactions = this.txns.cleanerTracker(plan.segments[0].baseOffset, plan.nextBaseOffsets[plan.nextBaseOffsets.length - 1]);
      const mapped = await buildOffsetMap(plan.segments.slice(plan.cleanCount), MAX_OFFSET_MAP_KEYS, transactions);
      const count = plan.cleanCount + mapped.segmentCount;
      const endOffset = count > plan.cleanCount ? plan.nextBaseOffsets[count - 1] : firstDirtyOffset;
      const rules = {
        offsets: mapped.offsets,
        nowMs,
        deleteRetentionMs: this.config.deleteRetentionMs,
        producerLastOffset: (producerId: bigint) => this.producers.entry(producerId)?.batches.at(-1)?.lastOffset,
        transactions,
      };
      let replaced = 0;
      let horizonMs: bigint | null = null;
      for (const group of groupSegments(plan.segments.slice(0, count), plan.nextBaseOffsets, this.config.segmentBytes)) {
        const cleanedPath = cleanedLogPath(this.dir, group[0].baseOffset);
        const cleaned = await writeCleanedLog(this.fs, cleanedPath, group, rules);
        if (cleaned.deleteHorizonMs !== null && (horizonMs === null || cleaned.deleteHorizonMs < horizonMs))
          horizonMs = cleaned.deleteHorizonMs;
        if (!(await this.serialized(() => this.swapIn(group, cleaned.removedMarkerOffsets, nowMs)))) {
          await this.fs.unlink(cleanedPath);
          return replaced;
        }
        replaced += group.length;
      }
      this.cleanerCheckpoint = { firstDirtyOffset: endOffset, deleteHorizonDueMs: horizonMs === null ? null : Number(horizonMs) };
      await writeCleanerCheckpoint(this.fs, this.dir, this.cleanerCheckpoint);
      return replaced;
    } finally {
      this.cleaning = false;
    }
  }

  /** Replaces `group` by its cleaned copy, unless retention or a close changed the segments meanwhile. */
  private async swapIn(group: readonly LogSegment[], removedMarkerOffsets: readonly bigint[], nowMs: number): Promise<boolean> {
    const first = this.segments.indexOf(group[0]);
    const intact =
      first >= 0 && first + group.length < this.segments.length && group.every((segment, i) => this.segments[first + i] === segment);
    if (this.closed || !intact) return false;
    await this.txns.forgetRemovedMarkers(removedMarkerOffsets);
    const baseOffsets = group.map((segment) => segment.baseOffset);
    await swapInCleanedLog(this.fs, this.dir, group[0].baseOffset, baseOffsets, async () => {
      for (const segment of group) await segment.renameToDeleted(this.fs);
    });
    const { segment } = await LogSegment.open(this.fs, this.dir, group[0].baseOffset, {
      recover: true,
      indexIntervalBytes: this.config.indexIntervalBytes,
      nowMs,
    });
    this.segments = [...this.segments.slice(0, first), segment, ...this.segments.slice(first + group.length)];
    this.deletions.schedule(group, this.config.fileDeleteDelayMs);
    return true;
  }

  /** DeleteRecords: raises the log start offset to `offset` (-1: the high watermark). Returns the low watermark. */
  deleteRecordsBefore(offset: bigint): Promise<{ errorCode: number; lowWatermark: bigint }> {
    return this.serialized(async () => {
      const target = offset === -1n ? this.highWatermark : offset;
      if (target < 0n || target > this.highWatermark) return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, lowWatermark: this.startOffset };
      if (target > this.startOffset) {
        this.startOffset = target;
        await this.writeCheckpoint();
        let count = 0;
        while (count + 1 < this.segments.length && this.segments[count + 1].baseOffset <= this.startOffset) count++;
        const doomed = this.segments.slice(0, count);
        this.segments = this.segments.slice(count);
        await this.txns.dropBefore(this.startOffset);
        await this.scheduleDeletion(doomed);
      }
      return { errorCode: 0, lowWatermark: this.startOffset };
    });
  }

  private scheduleDeletion(doomed: readonly LogSegment[]): Promise<void> {
    return this.deletions.renameAndSchedule(this.dir, doomed, this.config.fileDeleteDelayMs);
  }

  private writeCheckpoint(): Promise<void> {
    return writePartitionCheckpoint(this.fs, this.dir, { logStartOffset: this.startOffset, recoveryPoint: this.recoveryPoint });
  }

  /** Flushes, writes the producer snapshot and checkpoint, marks a clean shutdown, closes the files. */
  close(): Promise<void> {
    return this.serialized(async () => {
      if (this.closed) return;
      this.closed = true;
      // A pristine partition has no files: the next open finds its empty directory and starts it pristine again.
      if (this.failure === null && !this.pristine) {
        const active = this.activeSegment;
        await active.onBecameInactive();
        await active.flush();
        this.recoveryPoint = this.logEndOffset;
        await this.txns.flushIndex();
        await writeProducerSnapshot(this.fs, this.dir, this.logEndOffset, this.producers);
        await this.writeCheckpoint();
        const marker = await this.fs.open(path.join(this.dir, CLEAN_SHUTDOWN_FILE));
        await marker.sync();
        await marker.close();
        await this.fs.syncDir(this.dir);
      }
      for (const segment of this.segments) await segment.close();
      await this.txns.close();
      await this.deletions.cancelAll();
    });
  }

  /** DeleteTopics: closes the log and removes its directory. */
  async delete(): Promise<void> {
    await this.serialized(async () => {
      this.closed = true;
      for (const segment of this.segments) await segment.close().catch(() => undefined);
      await this.txns.close().catch(() => undefined);
      await this.deletions.cancelAll();
    });
    await this.fs.removeDir(this.dir);
  }
}

function withOffsets(batches: readonly LocatedBatch[], firstOffset: bigint): LocatedBatch[] {
  let next = firstOffset;
  return batches.map((batch) => {
    const placed = { ...batch, baseOffset: next };
    next += BigInt(batch.lastOffsetDelta) + 1n;
    return placed;
  });
}

function maxTimestampOf(batches: readonly LocatedBatch[]): bigint {
  return batches.reduce((max, batch) => (batch.maxTimestamp > max ? batch.maxTimestamp : max), -1n);
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Length of the leading whole batches in `bytes` that fit `maxBytes` (at least one with minOneBatch) and start below `upperOffset`. */
/** The whole batches at the start of `bytes` a read returns, and the offset after the last of them. */
function wholeBatches(
  bytes: Buffer,
  maxBytes: number,
  minOneBatch: boolean,
  upperOffset: bigint,
): { lengthBytes: number; endOffset: bigint } {
  let lengthBytes = 0;
  let endOffset = -1n;
  // Each iteration consumes one whole batch or stops.
  while (lengthBytes + BATCH_HEADER_BYTES <= bytes.length) {
    const header = readBatchHeader(bytes, lengthBytes);
    const sizeBytes = header.batchLength + LOG_OVERHEAD_BYTES;
    if (header.baseOffset >= upperOffset || lengthBytes + sizeBytes > bytes.length) break;
    if (lengthBytes + sizeBytes > maxBytes && !(lengthBytes === 0 && minOneBatch)) break;
    lengthBytes += sizeBytes;
    endOffset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
  }
  return { lengthBytes, endOffset };
}

function batchSizeAt(bytes: Buffer): number {
  return bytes.readInt32BE(BATCH_OFFSET_OF_BATCH_LENGTH) + LOG_OVERHEAD_BYTES;
}
