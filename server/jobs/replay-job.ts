// One running replay: reads the planned offset ranges of the source topic (READ_COMMITTED, so aborted records
// are never copied), applies the filter, and writes each chunk with its new source position in one Kafka
// transaction (kafka/replay-writer.ts). The position is read back from Kafka at every (re)start, so a crash,
// a pause or a cluster outage resumes exactly after the last committed chunk: nothing twice, nothing skipped.
// - a cluster error is retried with backoff (1 s doubling to 30 s); the error is on the row and audited once
//   per outage (replay.interrupt), and the recovery too (replay.recover);
// - records deleted (retention, DeleteRecords) before they were copied end the job as failed, with what was
//   lost and what was copied (replay.finish, failed); so does a target topic that no longer exists;
// - a stop request (pause, cancel, shutdown) is honoured between transactions.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { replays } from '../db/schema/index.ts';
import { ClusterError } from '../kafka/cluster-error.ts';
import { type FetchedRecord, RecordFetcher } from '../kafka/record-fetcher.ts';
import { type CommittedReplayPosition, type RecordToCopy, ReplayWriter } from '../kafka/replay-writer.ts';
import type { ClusterRegistry } from '../services/clusters/cluster-registry.ts';
import { compileRecordFilter, type RecordPredicate } from '../services/messages/record-filter.ts';
import type { ReplayPlan, ReplayProgress, ReplaySettings } from '../services/replays/replay-model.ts';
import { replayEtaSeconds } from '../../domain/replay.ts';
import { auditReplayEvent } from './replay-audit.ts';
import { createTargetPartitioner, type TargetPartitioner } from './replay-target-partition.ts';

export interface ReplayJobRow {
  id: string;
  clusterId: string;
  sourceTopic: string;
  targetTopic: string;
  settings: ReplaySettings;
  plan: ReplayPlan;
}

export interface ReplayJobDeps {
  db: Database;
  clusters: ClusterRegistry;
}

/** The job cannot go on: records were lost before they were copied, or the target is gone. */
export class ReplayCannotContinueError extends Error {
  override name = 'ReplayCannotContinueError';
}

class StopRequested extends Error {}

const MAX_RECORDS_PER_TRANSACTION = 1_000;
const MAX_FETCH_BYTES = 1024 * 1024;
const MIN_FETCH_BYTES = 16 * 1024;
const FETCH_MAX_WAIT_MS = 500;
const FIRST_RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 30_000;
const PROGRESS_WRITE_INTERVAL_MS = 1_000;
const RATE_WINDOW_MS = 10_000;
/** Waits for records below the planned end to become readable (an open transaction holds the last stable offset). */
const STALL_DELAY_MS = 200;

interface PartitionState {
  partition: number;
  endOffset: number;
  position: CommittedReplayPosition;
}

export class ReplayJob {
  private stopRequested = false;
  private readonly wakeSleepers = new Set<() => void>();
  private states: PartitionState[] = [];
  private readonly rateSamples: { atMs: number; read: number; bytes: number }[] = [];
  private lastProgressWriteMs = 0;
  private readonly predicate: RecordPredicate | null;
  private outage: { since: Date; errors: number } | null = null;
  private readonly row: ReplayJobRow;
  private readonly deps: ReplayJobDeps;

  constructor(row: ReplayJobRow, deps: ReplayJobDeps) {
    this.row = row;
    this.deps = deps;
    this.predicate = row.settings.filter ? compileRecordFilter(row.settings.filter) : null;
  }

  get id(): string {
    return this.row.id;
  }

  /** Ends the job after the transaction in flight (pause, cancel, shutdown). */
  requestStop(): void {
    this.stopRequested = true;
    for (const wake of this.wakeSleepers) wake();
  }

  /** Copies until done, stopped, or unable to go on; cluster errors are retried. Never throws. */
  async run(): Promise<void> {
    let retryDelayMs = FIRST_RETRY_DELAY_MS;
    while (!this.stopRequested) {
      try {
        await this.copy();
        return;
      } catch (error) {
        if (error instanceof StopRequested || this.stopRequested) break;
        if (error instanceof ReplayCannotContinueError) {
          await this.fail(error.message).catch((failure) => console.error(`replay ${this.id}: could not record its failure:`, failure));
          return;
        }
        await this.recordOutage(error).catch((failure) => console.error(`replay ${this.id}: could not record an error:`, failure));
        await this.sleep(retryDelayMs);
        retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
      }
    }
    await this.writeProgress(true).catch(() => {});
  }

  private async copy(): Promise<void> {
    const { clusterId, sourceTopic, targetTopic } = this.row;
    const client = await this.deps.clusters.client(clusterId);
    const connection = await this.deps.clusters.connection(clusterId);
    const writer = new ReplayWriter(client, connection, this.row.id);
    const fetcher = new RecordFetcher(clusterId, connection);
    try {
      await writer.open();
      const committed = await writer.committedPositions(sourceTopic);
      this.states = this.row.plan.partitions.map((planned) => ({
        partition: planned.partition,
        endOffset: planned.endOffset,
        position: committed.get(planned.partition) ?? { nextOffset: BigInt(planned.startOffset), recordsWritten: 0, bytesWritten: 0 },
      }));
      const metadata = await this.deps.clusters.metadata(clusterId, { fresh: true });
      const source = metadata.topics.find((topic) => topic.name === sourceTopic);
      const target = metadata.topics.find((topic) => topic.name === targetTopic);
      if (!target) throw new ReplayCannotContinueError(`${this.countsSoFar()} The target topic ${targetTopic} no longer exists.`);
      if (!source) throw new ReplayCannotContinueError(`${this.countsSoFar()} The source topic ${sourceTopic} no longer exists.`);
      const partitioner = createTargetPartitioner(this.row.settings.partitioning, target.partitionCount);
      await this.recoverFromOutage();
      const startedMs = Date.now();
      let written = { records: 0, bytes: 0 };
      for (;;) {
        const pending = this.states.filter((state) => state.position.nextOffset < BigInt(state.endOffset));
        if (pending.length === 0) break;
        for (const state of pending) {
          if (this.stopRequested) throw new StopRequested();
          const leader = source.partitions.find((partition) => partition.partition === state.partition)?.leader ?? -1;
          const chunk = await this.copyChunk(writer, fetcher, { name: sourceTopic, id: source.id, leader }, state, partitioner);
          written = { records: written.records + chunk.records, bytes: written.bytes + chunk.bytes };
          await this.writeProgress(false);
          await this.honourRateLimit(startedMs, written);
        }
      }
      if (this.stopRequested) throw new StopRequested();
      await this.complete();
    } finally {
      await writer.close();
      await fetcher.close().catch(() => {});
    }
  }

  /** Reads one chunk of a partition and commits it; returns what was written. */
  private async copyChunk(
    writer: ReplayWriter,
    fetcher: RecordFetcher,
    topic: { name: string; id: string; leader: number },
    state: PartitionState,
    partitioner: TargetPartitioner,
  ): Promise<{ records: number; bytes: number }> {
    const from = state.position.nextOffset;
    const end = BigInt(state.endOffset);
    let chunk: { records: FetchedRecord[]; nextOffset: bigint };
    try {
      chunk = await fetcher.fetch(topic, state.partition, from, {
        isolation: 'READ_COMMITTED',
        maxBytes: this.fetchBytes(),
        maxWaitMs: FETCH_MAX_WAIT_MS,
      });
    } catch (error) {
      await this.checkNotLost(fetcher, state);
      throw error;
    }
    if (chunk.records.length === 0 && chunk.nextOffset <= from) {
      await this.checkNotLost(fetcher, state);
      await this.sleep(STALL_DELAY_MS);
      return { records: 0, bytes: 0 };
    }
    let inRange = chunk.records.filter((record) => record.offset < end);
    let next = chunk.nextOffset < end ? chunk.nextOffset : end;
    const maxRecords = this.recordsPerTransaction();
    if (inRange.length > maxRecords) {
      inRange = inRange.slice(0, maxRecords);
      next = inRange[inRange.length - 1].offset + 1n;
    }
    const selected = this.predicate ? inRange.filter(this.predicate) : inRange;
    const keepTimestamps = this.row.settings.keepTimestamps;
    const copies: RecordToCopy[] = selected.map((record) => ({
      partition: partitioner(record),
      key: record.key,
      value: record.value,
      headers: record.headers,
      timestampMs: keepTimestamps ? record.timestampMs : null,
    }));
    const bytes = selected.reduce((sum, record) => sum + record.sizeBytes, 0);
    const position: CommittedReplayPosition = {
      nextOffset: next,
      recordsWritten: state.position.recordsWritten + copies.length,
      bytesWritten: state.position.bytesWritten + bytes,
    };
    await writer.commit(copies, this.row.targetTopic, { topic: topic.name, partition: state.partition, position });
    state.position = position;
    return { records: copies.length, bytes };
  }

  /** Records below the log start (retention, DeleteRecords) or past a truncated end are gone: the job stops. */
  private async checkNotLost(fetcher: RecordFetcher, state: PartitionState): Promise<void> {
    const [bounds] = await fetcher.bounds(this.row.sourceTopic, [state.partition], 'READ_UNCOMMITTED');
    const from = state.position.nextOffset;
    const end = BigInt(state.endOffset);
    if (bounds.logStartOffset > from) {
      const lostTo = bounds.logStartOffset < end ? bounds.logStartOffset : end;
      throw new ReplayCannotContinueError(
        `Records ${from}..${lostTo - 1n} of partition ${state.partition} of ${this.row.sourceTopic} were deleted (retention or a records deletion) before they were copied. ${this.countsSoFar()}`,
      );
    }
    if (bounds.endOffset <= from && from < end) {
      throw new ReplayCannotContinueError(
        `Partition ${state.partition} of ${this.row.sourceTopic} now ends at offset ${bounds.endOffset}, before the planned end ${end} (the topic was truncated or recreated). ${this.countsSoFar()}`,
      );
    }
  }

  private countsSoFar(): string {
    const progress = this.progress();
    return `Copied ${progress.recordsWritten} records (${progress.bytesWritten} bytes) from ${progress.recordsRead} source offsets before stopping; nothing was written twice.`;
  }

  private fetchBytes(): number {
    const limit = this.row.settings.rateLimit.bytesPerSecond;
    if (!limit) return MAX_FETCH_BYTES;
    return Math.max(MIN_FETCH_BYTES, Math.min(MAX_FETCH_BYTES, Math.floor(limit / 4)));
  }

  private recordsPerTransaction(): number {
    const limit = this.row.settings.rateLimit.recordsPerSecond;
    if (!limit) return MAX_RECORDS_PER_TRANSACTION;
    return Math.max(1, Math.min(MAX_RECORDS_PER_TRANSACTION, Math.ceil(limit / 4)));
  }

  /** Sleeps until the records and bytes written since startedMs fit the rate limit. */
  private async honourRateLimit(startedMs: number, written: { records: number; bytes: number }): Promise<void> {
    const { recordsPerSecond, bytesPerSecond } = this.row.settings.rateLimit;
    const dueMs = Math.max(
      recordsPerSecond ? (written.records / recordsPerSecond) * 1000 : 0,
      bytesPerSecond ? (written.bytes / bytesPerSecond) * 1000 : 0,
    );
    const waitMs = startedMs + dueMs - Date.now();
    if (waitMs > 0) await this.sleep(waitMs);
  }

  progress(): ReplayProgress {
    const partitions = this.states.map((state) => ({
      partition: state.partition,
      position: Number(state.position.nextOffset),
      recordsWritten: state.position.recordsWritten,
      bytesWritten: state.position.bytesWritten,
    }));
    const planned = new Map(this.row.plan.partitions.map((partition) => [partition.partition, partition]));
    let recordsRead = 0;
    for (const partition of partitions)
      recordsRead += partition.position - (planned.get(partition.partition)?.startOffset ?? partition.position);
    const recordsWritten = partitions.reduce((sum, partition) => sum + partition.recordsWritten, 0);
    const bytesWritten = partitions.reduce((sum, partition) => sum + partition.bytesWritten, 0);
    const nowMs = Date.now();
    this.rateSamples.push({ atMs: nowMs, read: recordsRead, bytes: bytesWritten });
    while (this.rateSamples.length > 2 && this.rateSamples[0].atMs < nowMs - RATE_WINDOW_MS) this.rateSamples.shift();
    const oldest = this.rateSamples[0];
    const seconds = (nowMs - oldest.atMs) / 1000;
    const recordsPerSecond = seconds > 0 ? Math.round((recordsRead - oldest.read) / seconds) : 0;
    const bytesPerSecond = seconds > 0 ? Math.round((bytesWritten - oldest.bytes) / seconds) : 0;
    return {
      partitions,
      recordsRead,
      recordsWritten,
      bytesWritten,
      recordsPerSecond,
      bytesPerSecond,
      etaSeconds: replayEtaSeconds(this.row.plan.totalRecords - recordsRead, recordsPerSecond),
      updatedAtMs: nowMs,
    };
  }

  private async writeProgress(force: boolean): Promise<void> {
    if (this.states.length === 0) return;
    const nowMs = Date.now();
    if (!force && nowMs - this.lastProgressWriteMs < PROGRESS_WRITE_INTERVAL_MS) return;
    this.lastProgressWriteMs = nowMs;
    await this.deps.db.update(replays).set({ progress: this.progress(), updatedAt: new Date() }).where(eq(replays.id, this.id));
  }

  private async complete(): Promise<void> {
    const progress = this.progress();
    await auditReplayEvent(this.deps.db, this.row, { action: 'replay.finish', after: countsOf(progress) }, async () => {
      const moved = await this.deps.db
        .update(replays)
        .set({ status: 'completed', progress, finishedAt: new Date(), updatedAt: new Date(), lastError: null, lastErrorAt: null })
        .where(and(eq(replays.id, this.id), eq(replays.status, 'running')))
        .returning({ id: replays.id });
      return moved.length > 0;
    });
  }

  private async fail(message: string): Promise<void> {
    const progress = this.states.length > 0 ? this.progress() : null;
    await auditReplayEvent(this.deps.db, this.row, { action: 'replay.finish', after: countsOf(progress), error: message }, async () => {
      const moved = await this.deps.db
        .update(replays)
        .set({
          status: 'failed',
          outcomeMessage: message,
          finishedAt: new Date(),
          updatedAt: new Date(),
          ...(progress ? { progress } : {}),
        })
        .where(and(eq(replays.id, this.id), eq(replays.status, 'running')))
        .returning({ id: replays.id });
      return moved.length > 0;
    });
  }

  /** The error on the row every time; in the audit log once per outage (replay.interrupt). */
  private async recordOutage(error: unknown): Promise<void> {
    const message = error instanceof ClusterError || error instanceof Error ? error.message : String(error);
    console.error(`replay ${this.id}: ${message} (retrying)`);
    const firstOfOutage = this.outage === null;
    this.outage ??= { since: new Date(), errors: 0 };
    this.outage.errors++;
    const update = async () => {
      await this.deps.db
        .update(replays)
        .set({ lastError: message, lastErrorAt: new Date(), updatedAt: new Date() })
        .where(eq(replays.id, this.id));
      return true;
    };
    if (firstOfOutage) await auditReplayEvent(this.deps.db, this.row, { action: 'replay.interrupt', error: message }, update);
    else await update();
  }

  private async recoverFromOutage(): Promise<void> {
    if (!this.outage) return;
    const outage = this.outage;
    this.outage = null;
    await auditReplayEvent(
      this.deps.db,
      this.row,
      { action: 'replay.recover', after: { interruptedSince: outage.since.toISOString(), failedAttempts: outage.errors } },
      async () => {
        await this.deps.db
          .update(replays)
          .set({ lastError: null, lastErrorAt: null, updatedAt: new Date() })
          .where(eq(replays.id, this.id));
        return true;
      },
    );
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeSleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeSleepers.add(wake);
    });
  }
}

function countsOf(progress: ReplayProgress | null) {
  return {
    recordsRead: progress?.recordsRead ?? 0,
    recordsWritten: progress?.recordsWritten ?? 0,
    bytesWritten: progress?.bytesWritten ?? 0,
  };
}
