// Runs record scans in worker threads (scan-worker.ts), off the console's event loop: fetching, decoding and
// decompressing record batches and evaluating the filter (CEL, RE2, contains) all happen in a worker, so a
// heavy search never holds another user's page. The main thread only receives matches and progress and
// answers an export's "room?" (its download's back-pressure). The ScanRegistry decides which scans run (its
// per-user and per-cluster bounds); this pool only places them: at most `size` threads, started on use (the
// console keeps one warm: see warm), each scan on the least busy one (a thread of its own while there are as
// many threads as running scans). A thread that dies (an uncaught error, a failed start) fails the scans it
// was running with a message saying so, and is replaced; the console and other threads' scans carry on. No heap
// limit is set on the threads: V8 may abort the whole process rather than stop a thread at its limit (a test
// that tried it: JSON.parse of a huge value under resourceLimits took the test process down with it).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClusterConnection } from '../../kafka/cluster-client.ts';
import type { ScanListener, ScanOutcome, ScanPlan } from './record-scan.ts';
import { fromWireRecord, type FromScanWorker, type ScanRequest, type ToScanWorker } from './scan-worker-messages.ts';

export interface ScanWorkerPoolOptions {
  /** Threads at most. */
  size: number;
  /** The worker's entry; by default scan-worker.ts from the sources (see defaultWorkerEntry). */
  entry?: URL;
}

const workerFileName = 'scan-worker.ts';

interface PoolScan {
  listener: ScanListener;
  signal: AbortSignal;
  onAbort: () => void;
  resolve: (outcome: ScanOutcome) => void;
}

interface WorkerSlot {
  worker: Worker;
  scans: Map<number, PoolScan>;
  /** The error the thread reported before it exited, if any. */
  error: string | null;
}

export class ScanWorkerPool {
  readonly #size: number;
  readonly #entry: URL;
  readonly #slots: WorkerSlot[] = [];
  #nextScanId = 1;
  #closed = false;
  #warm = false;

  constructor(options: ScanWorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new Error(`A scan worker pool needs at least 1 thread, not ${options.size}.`);
    this.#size = options.size;
    this.#entry = options.entry ?? defaultWorkerEntry();
  }

  /**
   * Runs the plan in a worker with its own fetcher on `cluster`; matches and progress reach the listener in
   * order. The worker compiles plan.filter itself: plan.predicate stays on this thread, unused.
   */
  run(
    plan: ScanPlan,
    cluster: { clusterId: string; connection: ClusterConnection },
    listener: ScanListener,
    signal: AbortSignal,
  ): Promise<ScanOutcome> {
    if (this.#closed) return Promise.resolve({ stoppedBy: 'cancelled', cursor: {}, error: 'The console is shutting down.' });
    const { predicate: _compiledHere, ...serializable } = plan;
    const request: ScanRequest = { ...serializable, clusterId: cluster.clusterId, connection: cluster.connection };
    const slot = this.#pick();
    const scanId = this.#nextScanId++;
    return new Promise<ScanOutcome>((resolve) => {
      const onAbort = () => this.#send(slot, { type: 'cancel', scanId });
      signal.addEventListener('abort', onAbort, { once: true });
      slot.scans.set(scanId, { listener, signal, onAbort, resolve });
      if (slot.scans.size === 1) slot.worker.ref();
      try {
        this.#send(slot, { type: 'start', scanId, request, backPressure: listener.waitForRoom !== undefined });
      } catch (error) {
        this.#settle(slot, scanId, { stoppedBy: 'failed', cursor: {}, error: `Cannot start the scan: ${messageOf(error)}` });
      }
    });
  }

  /**
   * Starts a thread now, and again whenever none is left: a thread takes a second or more to load its modules
   * (the Kafka client above all), which the first search after a start or a crash would otherwise wait for.
   */
  warm(): void {
    this.#warm = true;
    if (!this.#closed && this.#slots.length === 0) this.#spawn();
  }

  /** Threads started and scans running on each (tests, diagnostics). */
  threads(): { threadId: number; scans: number }[] {
    return this.#slots.map((slot) => ({ threadId: slot.worker.threadId, scans: slot.scans.size }));
  }

  /**
   * Stops one thread as a crash would: its scans fail and the next scan gets a new thread (tests, and an
   * operator's way out of a scan that no longer answers a cancel). False when there is no such thread.
   */
  async stopThread(threadId: number): Promise<boolean> {
    const slot = this.#slots.find((candidate) => candidate.worker.threadId === threadId);
    if (!slot) return false;
    await slot.worker.terminate();
    return true;
  }

  /** Stops every thread; scans still running end as cancelled. */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    for (const slot of slots)
      for (const scanId of [...slot.scans.keys()])
        this.#settle(slot, scanId, { stoppedBy: 'cancelled', cursor: {}, error: 'The console is shutting down.' });
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** The least busy thread; a new one while below size and every thread has work. */
  #pick(): WorkerSlot {
    let best: WorkerSlot | null = null;
    for (const slot of this.#slots) if (!best || slot.scans.size < best.scans.size) best = slot;
    if (best && (best.scans.size === 0 || this.#slots.length >= this.#size)) return best;
    return this.#spawn();
  }

  #spawn(): WorkerSlot {
    const worker = new Worker(this.#entry);
    // Idle threads must not keep the process alive; a thread with scans does (see run and #settle).
    worker.unref();
    const slot: WorkerSlot = { worker, scans: new Map(), error: null };
    worker.on('message', (message: FromScanWorker) => this.#receive(slot, message));
    worker.on('error', (error) => {
      slot.error = messageOf(error);
    });
    worker.on('messageerror', (error) => {
      slot.error = `a message could not be read (${messageOf(error)})`;
      void worker.terminate();
    });
    worker.on('exit', (exitCode) => this.#exited(slot, exitCode));
    this.#slots.push(slot);
    return slot;
  }

  #receive(slot: WorkerSlot, message: FromScanWorker): void {
    const scan = slot.scans.get(message.scanId);
    if (!scan) return; // Settled already (failed on this side, or the pool closed).
    if (message.type === 'done') {
      this.#settle(slot, message.scanId, message.outcome);
      return;
    }
    try {
      if (message.type === 'progress') {
        for (const record of message.matches) scan.listener.onMatch(fromWireRecord(record));
        if (message.progress) scan.listener.onProgress(message.progress);
      } else if (message.type === 'needRoom') {
        Promise.resolve(scan.listener.waitForRoom?.())
          .then(() => {
            if (slot.scans.has(message.scanId)) this.#send(slot, { type: 'room', scanId: message.scanId });
          })
          .catch((error: unknown) => this.#failOnThisSide(slot, message.scanId, error));
      }
    } catch (error) {
      this.#failOnThisSide(slot, message.scanId, error);
    }
  }

  /** The listener threw (as a scan in this thread would have failed): the worker stops the scan, it ends here. */
  #failOnThisSide(slot: WorkerSlot, scanId: number, error: unknown): void {
    if (!slot.scans.has(scanId)) return;
    this.#send(slot, { type: 'cancel', scanId });
    this.#settle(slot, scanId, { stoppedBy: 'failed', cursor: {}, error: messageOf(error) });
  }

  #exited(slot: WorkerSlot, exitCode: number): void {
    const at = this.#slots.indexOf(slot);
    if (at >= 0) this.#slots.splice(at, 1);
    const why = slot.error ? `failed: ${slot.error}` : `exited with code ${exitCode}`;
    for (const scanId of [...slot.scans.keys()])
      this.#settle(slot, scanId, {
        stoppedBy: 'failed',
        cursor: {},
        error: `The scan stopped: the worker thread running it ${why}. Other searches were not affected; run this one again.`,
      });
    if (this.#warm) this.warm();
  }

  #settle(slot: WorkerSlot, scanId: number, outcome: ScanOutcome): void {
    const scan = slot.scans.get(scanId);
    if (!scan) return;
    slot.scans.delete(scanId);
    scan.signal.removeEventListener('abort', scan.onAbort);
    if (slot.scans.size === 0) slot.worker.unref();
    scan.resolve(outcome);
  }

  #send(slot: WorkerSlot, message: ToScanWorker): void {
    slot.worker.postMessage(message);
  }
}

/**
 * scan-worker.ts beside this module when it runs from the sources (tests, the benchmark, scripts); inside
 * Next's server bundle this module is a compiled chunk under .next/, so the entry is taken from the sources in
 * the working directory, which is the repository (as the database migrations are, server/db/migrate-database.ts).
 * Not `new URL('./scan-worker.ts', import.meta.url)`: the bundler would copy that one file alone into its
 * assets, away from the modules it imports.
 */
export function defaultWorkerEntry(): URL {
  const here = String(import.meta.url);
  const beside =
    here.startsWith('file:') && here.endsWith('/scan-worker-pool.ts') ? path.join(path.dirname(fileURLToPath(here)), workerFileName) : null;
  if (beside && existsSync(beside)) return pathToFileURL(beside);
  return pathToFileURL(path.join(process.cwd(), 'server', 'services', 'messages', workerFileName));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
