// Runs record scans (searches and exports) off the request path: a request starts a scan and gets its id; the
// page then polls the scan's progress and matches. At most maxRunningPerUser scans run at once for one user
// and maxRunningPerCluster for one cluster; more wait in a bounded queue (bounded per user too, so one user
// cannot fill it for everyone), so one heavy search cannot starve everyone else. A search whose page stopped
// reading it (tab closed) is cancelled, freeing its place. Finished scans are kept a few minutes for the page
// to read, then dropped. The registry decides when a scan runs; a scan's work runs it in one of the
// registry's worker threads (`workers`, scan-worker-pool.ts), so running scans never hold the event loop.
import { randomUUID } from 'node:crypto';
import type { FetchedRecord } from '../../kafka/record-fetcher.ts';
import type { ScanOutcome, ScanProgress } from './record-scan.ts';
import { ScanWorkerPool } from './scan-worker-pool.ts';
import { toRecordView, type RecordView } from './record-view.ts';

export type ScanState = 'queued' | 'running' | 'finished';

export interface ScanLimits {
  maxRunningPerUser: number;
  maxRunningPerCluster: number;
  maxQueued: number;
  maxQueuedPerUser: number;
  keepFinishedMs: number;
  /** A watched scan (a search the page polls) not read for this long is cancelled. */
  abandonAfterMs: number;
}

export const defaultScanLimits: ScanLimits = {
  maxRunningPerUser: 2,
  maxRunningPerCluster: 4,
  maxQueued: 100,
  maxQueuedPerUser: 10,
  keepFinishedMs: 10 * 60_000,
  abandonAfterMs: 30_000,
};

export type ScanKind = 'search' | 'export';

export interface ScanOptions {
  /** A caller-chosen id (a page that polls an export it started as a download); random when absent. */
  id?: string;
  kind?: ScanKind;
  /** Cancel the scan when its owner has not read it for abandonAfterMs (searches; an export has its download). */
  watched?: boolean;
  /** Frees what the work would have freed, for a scan whose work never ran (cancelled while queued, shutdown). */
  release?: () => void | Promise<void>;
}

/** What a scan does once it may run: read records, report them, return how it ended. */
export type ScanWork = (job: ScanJobHandle) => Promise<ScanOutcome>;

export interface ScanJobHandle {
  readonly signal: AbortSignal;
  onMatch(record: FetchedRecord): void;
  onProgress(progress: ScanProgress): void;
}

export interface ScanSnapshot {
  scanId: string;
  kind: ScanKind;
  state: ScanState;
  /** Scans ahead of this one in the queue (0 once running). */
  queuedBehind: number;
  progress: ScanProgress;
  /** Matches from index `since` on, in page order. */
  matches: RecordView[];
  matchCount: number;
  outcome: ScanOutcome | null;
  notes: string[];
}

interface ScanJob {
  id: string;
  kind: ScanKind;
  userId: string;
  clusterId: string;
  state: ScanState;
  work: ScanWork;
  options: ScanOptions;
  lastReadMs: number;
  abort: AbortController;
  progress: ScanProgress;
  matches: RecordView[];
  outcome: ScanOutcome | null;
  notes: string[];
  finishedAtMs: number | null;
}

export class ScanQueueFullError extends Error {
  override name = 'ScanQueueFullError';
}

export class ScanIdInUseError extends Error {
  override name = 'ScanIdInUseError';
}

export class ScanRegistry {
  /**
   * Where scans run: threads started on first use, as many as one cluster may run scans at once, so each of
   * a busy cluster's scans has a thread of its own (scans of several busy clusters share them).
   */
  readonly workers: ScanWorkerPool;
  readonly #limits: ScanLimits;
  readonly #jobs = new Map<string, ScanJob>();
  readonly #queue: ScanJob[] = [];
  #sweeper: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(limits: Partial<ScanLimits> = {}) {
    this.#limits = { ...defaultScanLimits, ...limits };
    this.workers = new ScanWorkerPool({ size: this.#limits.maxRunningPerCluster });
  }

  /** Queues a scan (it starts at once when its user and cluster have room); its id. */
  start(owner: { userId: string; clusterId: string }, notes: string[], work: ScanWork, options: ScanOptions = {}): string {
    if (this.#closed) throw new ScanQueueFullError('The console is shutting down.');
    this.#dropExpired();
    if (this.#queue.length >= this.#limits.maxQueued)
      throw new ScanQueueFullError(`${this.#queue.length} searches are already waiting; try again shortly.`);
    const queuedForUser = this.#queue.filter((job) => job.userId === owner.userId).length;
    if (queuedForUser >= this.#limits.maxQueuedPerUser)
      throw new ScanQueueFullError(
        `You already have ${queuedForUser} searches or exports waiting behind your running ones; cancel one or wait for them.`,
      );
    if (options.id !== undefined && this.#jobs.has(options.id)) throw new ScanIdInUseError(`Scan id ${options.id} is already in use.`);
    const job: ScanJob = {
      id: options.id ?? randomUUID(),
      kind: options.kind ?? 'search',
      userId: owner.userId,
      clusterId: owner.clusterId,
      state: 'queued',
      work,
      options,
      lastReadMs: Date.now(),
      abort: new AbortController(),
      progress: { scanned: 0, matched: 0, bytes: 0, elapsedMs: 0, positions: {} },
      matches: [],
      outcome: null,
      notes,
      finishedAtMs: null,
    };
    this.#jobs.set(job.id, job);
    this.#queue.push(job);
    this.#startWaiting();
    if (options.watched) this.#startSweeper();
    return job.id;
  }

  /** The scan as its owner sees it; null when unknown, expired or someone else's. */
  snapshot(scanId: string, userId: string, since = 0): ScanSnapshot | null {
    const job = this.#jobs.get(scanId);
    if (!job || job.userId !== userId) return null;
    job.lastReadMs = Date.now();
    return {
      scanId: job.id,
      kind: job.kind,
      state: job.state,
      queuedBehind: job.state === 'queued' ? this.#waitingAhead(job) : 0,
      progress: job.progress,
      matches: job.matches.slice(since),
      matchCount: job.matches.length,
      outcome: job.outcome,
      notes: job.notes,
    };
  }

  /** Cancels a queued or running scan of this user; false when there is none. */
  cancel(scanId: string, userId: string): boolean {
    const job = this.#jobs.get(scanId);
    if (!job || job.userId !== userId) return false;
    this.#cancel(job);
    return true;
  }

  /** Scans running and waiting now, for one user or in all (tests, metrics). */
  counts(userId?: string): { running: number; queued: number } {
    const mine = (job: ScanJob) => userId === undefined || job.userId === userId;
    return { running: this.#running(mine), queued: this.#queue.filter(mine).length };
  }

  /** Stops every scan and the worker threads (shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = null;
    for (const job of [...this.#jobs.values()]) this.#cancel(job);
    await this.workers.close();
  }

  #cancel(job: ScanJob): void {
    job.abort.abort();
    const queuedAt = this.#queue.indexOf(job);
    if (queuedAt < 0) return;
    this.#queue.splice(queuedAt, 1);
    this.#release(job);
    this.#finish(job, { stoppedBy: 'cancelled', cursor: {}, error: null });
  }

  #release(job: ScanJob): void {
    try {
      void Promise.resolve(job.options.release?.()).catch(() => {});
    } catch {
      // Releasing is best effort: the job is over either way.
    }
  }

  /** Waiting scans that will start before this one: those ahead of it in the queue for its user or cluster. */
  #waitingAhead(job: ScanJob): number {
    let ahead = 0;
    for (const other of this.#queue) {
      if (other === job) break;
      if (other.userId === job.userId || other.clusterId === job.clusterId) ahead++;
    }
    return ahead;
  }

  #startSweeper(): void {
    if (this.#sweeper) return;
    const every = Math.max(100, Math.min(5_000, Math.floor(this.#limits.abandonAfterMs / 3)));
    this.#sweeper = setInterval(() => this.#cancelAbandoned(), every);
    this.#sweeper.unref();
  }

  #cancelAbandoned(): void {
    const now = Date.now();
    let watched = 0;
    for (const job of this.#jobs.values()) {
      if (!job.options.watched || job.state === 'finished') continue;
      if (now - job.lastReadMs > this.#limits.abandonAfterMs) {
        job.notes = [...job.notes, 'Cancelled: the page showing this search stopped reading it.'];
        this.#cancel(job);
      } else watched++;
    }
    if (watched === 0 && this.#sweeper) {
      clearInterval(this.#sweeper);
      this.#sweeper = null;
    }
  }

  #running(predicate: (job: ScanJob) => boolean): number {
    let count = 0;
    for (const job of this.#jobs.values()) if (job.state === 'running' && predicate(job)) count++;
    return count;
  }

  #startWaiting(): void {
    if (this.#closed) return;
    for (let index = 0; index < this.#queue.length; ) {
      const job = this.#queue[index];
      const userBusy = this.#running((other) => other.userId === job.userId) >= this.#limits.maxRunningPerUser;
      const clusterBusy = this.#running((other) => other.clusterId === job.clusterId) >= this.#limits.maxRunningPerCluster;
      if (userBusy || clusterBusy) {
        index++;
        continue;
      }
      this.#queue.splice(index, 1);
      this.#run(job);
    }
  }

  #run(job: ScanJob): void {
    job.state = 'running';
    const handle: ScanJobHandle = {
      signal: job.abort.signal,
      onMatch: (record) => job.matches.push(toRecordView(record)),
      onProgress: (progress) => {
        job.progress = progress;
      },
    };
    job
      .work(handle)
      .then((outcome) => this.#finish(job, outcome))
      .catch((error: unknown) =>
        this.#finish(job, { stoppedBy: 'failed', cursor: {}, error: error instanceof Error ? error.message : String(error) }),
      );
  }

  #finish(job: ScanJob, outcome: ScanOutcome): void {
    job.outcome = outcome;
    job.state = 'finished';
    job.finishedAtMs = Date.now();
    this.#startWaiting();
  }

  #dropExpired(): void {
    const now = Date.now();
    for (const [id, job] of this.#jobs) {
      if (job.finishedAtMs !== null && now - job.finishedAtMs > this.#limits.keepFinishedMs) this.#jobs.delete(id);
    }
  }
}
