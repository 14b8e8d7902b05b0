// Runs record scans off the request path: a request starts a scan and gets its id; the page then polls the
// scan's progress and matches. At most maxRunningPerUser scans run at once for one user and
// maxRunningPerCluster for one cluster; more wait in a bounded queue, so one heavy search cannot starve
// everyone else. Finished scans are kept a few minutes for the page to read, then dropped.
import { randomUUID } from 'node:crypto';
import type { FetchedRecord } from '../../kafka/record-fetcher.ts';
import type { ScanOutcome, ScanProgress } from './record-scan.ts';
import { toRecordView, type RecordView } from './record-view.ts';

export type ScanState = 'queued' | 'running' | 'finished';

export interface ScanLimits {
  maxRunningPerUser: number;
  maxRunningPerCluster: number;
  maxQueued: number;
  keepFinishedMs: number;
}

export const defaultScanLimits: ScanLimits = { maxRunningPerUser: 2, maxRunningPerCluster: 4, maxQueued: 100, keepFinishedMs: 10 * 60_000 };

/** What a scan does once it may run: read records, report them, return how it ended. */
export type ScanWork = (job: ScanJobHandle) => Promise<ScanOutcome>;

export interface ScanJobHandle {
  readonly signal: AbortSignal;
  onMatch(record: FetchedRecord): void;
  onProgress(progress: ScanProgress): void;
}

export interface ScanSnapshot {
  scanId: string;
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
  userId: string;
  clusterId: string;
  state: ScanState;
  work: ScanWork;
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

export class ScanRegistry {
  readonly #limits: ScanLimits;
  readonly #jobs = new Map<string, ScanJob>();
  readonly #queue: ScanJob[] = [];

  constructor(limits: ScanLimits = defaultScanLimits) {
    this.#limits = limits;
  }

  start(owner: { userId: string; clusterId: string }, notes: string[], work: ScanWork): string {
    this.#dropExpired();
    if (this.#queue.length >= this.#limits.maxQueued)
      throw new ScanQueueFullError(`${this.#queue.length} searches are already waiting; try again shortly.`);
    const job: ScanJob = {
      id: randomUUID(),
      userId: owner.userId,
      clusterId: owner.clusterId,
      state: 'queued',
      work,
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
    return job.id;
  }

  /** The scan as its owner sees it; null when unknown, expired or someone else's. */
  snapshot(scanId: string, userId: string, since = 0): ScanSnapshot | null {
    const job = this.#jobs.get(scanId);
    if (!job || job.userId !== userId) return null;
    return {
      scanId: job.id,
      state: job.state,
      queuedBehind: job.state === 'queued' ? this.#queue.indexOf(job) : 0,
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
    job.abort.abort();
    const queuedAt = this.#queue.indexOf(job);
    if (queuedAt >= 0) {
      this.#queue.splice(queuedAt, 1);
      this.#finish(job, { stoppedBy: 'cancelled', cursor: {}, error: null });
    }
    return true;
  }

  /** Stops every scan (shutdown). */
  close(): void {
    for (const job of this.#jobs.values()) job.abort.abort();
    this.#queue.length = 0;
  }

  #running(predicate: (job: ScanJob) => boolean): number {
    let count = 0;
    for (const job of this.#jobs.values()) if (job.state === 'running' && predicate(job)) count++;
    return count;
  }

  #startWaiting(): void {
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
