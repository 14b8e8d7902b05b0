// Records in the audit log the changes other tools make to the built-in broker over the Kafka protocol.
// The broker appends one JSON record per change to its admin-change topic; this job tails that topic and
// appends each change as a completed audit record attributed to the Kafka client id and address.
//
// Invariants:
// - exactly once: the audit rows of a batch and the position after it commit in one transaction, and the
//   position only moves by compare-and-set (broker-change-position.ts);
// - the console's own changes are skipped: recordChange audited them already, with the signed-in user. They
//   are the changes made with the SASL principal the console logs in as (never recognised by client id);
//   without a console login nothing is skipped, so a change may be recorded twice but never missed;
// - a gap (changes removed by retention or a cut log before they were read) is audited as audit.detectGap,
//   in the transaction that moves the position past it, and shown by /api/health; never only logged;
// - nothing stops the console: failures are logged and shown by status(), then retried with backoff;
// - clusters without the topic (Apache Kafka as the built-in cluster) are skipped quietly and re-checked.
import type { Database } from '../db/database.ts';
import type { ClusterConnection } from '../kafka/cluster-client.ts';
import { appendExternalChanges, type ExternalChange } from '../services/audit/append-external-changes.ts';
import { appendChangeFeedGap, type ChangeFeedGap } from '../services/audit/change-feed-gap.ts';
import { AdminChangeTopicReader, type AdminChangeRead } from './admin-change-topic-reader.ts';
import { adminChangesTopic, auditEntryForBrokerChange, madeByConsole, parseBrokerChange } from './broker-change-audit-entry.ts';
import { advanceBrokerChangePosition, loadBrokerChangePosition, type BrokerChangePosition } from './broker-change-position.ts';

export interface BrokerChangeRecorderOptions {
  db: Database;
  clusterId: string;
  /** The console's connection to the cluster; its SASL user is the principal whose changes are skipped. */
  connection: ClusterConnection;
  /** Defaults to console.log / console.error. */
  log?: (line: string) => void;
  logError?: (line: string) => void;
  /** Audit rows per transaction. */
  maxRecordsPerTransaction?: number;
  maxBytesPerFetch?: number;
  /** When caught up, how long one read waits for the next change (the broker's long poll). */
  idleWaitMs?: number;
  /** How often a cluster without the topic is checked again. */
  absentRecheckMs?: number;
  maxRetryDelayMs?: number;
}

export type BrokerChangeRecorderState = 'stopped' | 'starting' | 'recording' | 'topicAbsent' | 'failing';

export interface BrokerChangeRecorderStatus {
  state: BrokerChangeRecorderState;
  /** The next offset of the admin-change topic to record, as last seen. */
  nextOffset: string | null;
  recordedCount: number;
  skippedOwnCount: number;
  /** Gaps found since start (each is audited; /api/health reads the latest from the audit log). */
  gapCount: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** What one pass did. `consumed` counts topic records moved past (recorded, own or unreadable). */
export type BrokerChangePass =
  | { kind: 'absent' }
  | { kind: 'recorded'; consumed: number; recorded: number }
  | { kind: 'repositioned'; from: bigint | null; to: bigint }
  | { kind: 'raced' };

class PositionMovedError extends Error {}

const defaults = {
  maxRecordsPerTransaction: 500,
  maxBytesPerFetch: 1024 * 1024,
  idleWaitMs: 1_000,
  absentRecheckMs: 30_000,
  maxRetryDelayMs: 30_000,
};
const connectTimeoutMs = 5_000;
const requestTimeoutMs = 15_000;
/** recordUntilCaughtUp gives up after this many passes. */
const maxCatchUpPasses = 10_000;
const maxErrorChars = 500;

export class BrokerChangeRecorder {
  readonly #db: Database;
  readonly #clusterId: string;
  readonly #consolePrincipal: string | null;
  readonly #reader: AdminChangeTopicReader;
  readonly #options: typeof defaults;
  readonly #log: (line: string) => void;
  readonly #logError: (line: string) => void;
  #status: BrokerChangeRecorderStatus = {
    state: 'stopped',
    nextOffset: null,
    recordedCount: 0,
    skippedOwnCount: 0,
    gapCount: 0,
    lastError: null,
    lastErrorAt: null,
  };
  #loop: Promise<void> | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;

  constructor(options: BrokerChangeRecorderOptions) {
    this.#db = options.db;
    this.#clusterId = options.clusterId;
    this.#options = { ...defaults, ...definedOnly(options) };
    this.#log = options.log ?? ((line) => console.log(line));
    this.#logError = options.logError ?? ((line) => console.error(line));
    this.#consolePrincipal = options.connection.sasl?.username ?? null;
    this.#reader = new AdminChangeTopicReader(options.connection, {
      clientId: 'samsa-console-audit-recorder',
      connectTimeoutMs,
      requestTimeoutMs: requestTimeoutMs + this.#options.idleWaitMs,
    });
  }

  status(): BrokerChangeRecorderStatus {
    return { ...this.#status };
  }

  /** Starts the background loop; a stopped recorder is not started again (make a new one). */
  start(): void {
    if (this.#loop || this.#stopping) return;
    this.#status.state = 'starting';
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    // Closing the reader ends a waiting long poll at once.
    await this.#reader.close();
    await this.#loop;
    this.#status.state = 'stopped';
  }

  /** Passes until a read finds nothing new; returns the number of changes recorded. */
  async recordUntilCaughtUp(): Promise<number> {
    let recorded = 0;
    for (let pass = 0; pass < maxCatchUpPasses; pass++) {
      const result = await this.recordNextBatch(0);
      if (result.kind === 'absent') return recorded;
      if (result.kind === 'recorded') {
        recorded += result.recorded;
        if (result.consumed === 0) return recorded;
      }
    }
    throw new Error(`${adminChangesTopic}: not caught up after ${maxCatchUpPasses} passes`);
  }

  /** One read from the stored position and the recording of what it returned. */
  async recordNextBatch(maxWaitMs: number): Promise<BrokerChangePass> {
    const position = await loadBrokerChangePosition(this.#db, this.#clusterId);
    const read = await this.#reader.read(position?.nextOffset ?? 0n, { maxBytes: this.#options.maxBytesPerFetch, maxWaitMs });
    if (read.kind === 'absent') return { kind: 'absent' };
    if (position && read.topicId !== position.topicId) {
      this.#log(`${adminChangesTopic} was recreated (the broker's data was reset?): recording it from its start`);
      return this.#reposition(position, { topicId: read.topicId, nextOffset: 0n });
    }
    if (read.kind === 'outOfRange') return this.#repositionOutOfRange(position, read);
    return this.#recordRead(position, read);
  }

  async #repositionOutOfRange(
    position: BrokerChangePosition | null,
    read: Extract<AdminChangeRead, { kind: 'outOfRange' }>,
  ): Promise<BrokerChangePass> {
    const from = position?.nextOffset ?? 0n;
    if (from < read.logStartOffset) {
      const gap: ChangeFeedGap = {
        clusterId: this.#clusterId,
        topic: adminChangesTopic,
        fromOffset: from,
        toOffset: read.logStartOffset - 1n,
        detectedAt: new Date(),
      };
      this.#logError(
        `${adminChangesTopic}: ${read.logStartOffset - from} change(s) at offsets ${from}..${gap.toOffset} were removed before they were recorded; audited as audit.detectGap`,
      );
      return this.#reposition(position, { topicId: read.topicId, nextOffset: read.logStartOffset }, gap);
    }
    // Past the end with the same topic id: the broker lost its tail. Later changes are appended from here.
    this.#logError(`${adminChangesTopic}: position ${from} is past the end (${read.highWatermark}); continuing from the end`);
    return this.#reposition(position, { topicId: read.topicId, nextOffset: read.highWatermark });
  }

  /** Moves the position without recording records; a gap being skipped is audited in the same transaction. */
  async #reposition(position: BrokerChangePosition | null, next: BrokerChangePosition, gap?: ChangeFeedGap): Promise<BrokerChangePass> {
    try {
      await this.#db.transaction(async (transaction) => {
        if (gap) await appendChangeFeedGap(transaction, gap);
        if (!(await advanceBrokerChangePosition(transaction, this.#clusterId, position, next))) throw new PositionMovedError();
      });
    } catch (error) {
      // Another recorder moved first (and audited the gap, if any); ours was rolled back.
      if (error instanceof PositionMovedError) return { kind: 'raced' };
      throw error;
    }
    if (gap) this.#status.gapCount += 1;
    this.#status.nextOffset = next.nextOffset.toString();
    return { kind: 'repositioned', from: position?.nextOffset ?? null, to: next.nextOffset };
  }

  async #recordRead(position: BrokerChangePosition | null, read: Extract<AdminChangeRead, { kind: 'records' }>): Promise<BrokerChangePass> {
    let current = position;
    let consumed = 0;
    let recorded = 0;
    const chunkSize = this.#options.maxRecordsPerTransaction;
    for (let start = 0; start < read.records.length || (start === 0 && needsAdvance(current, read.nextOffset)); start += chunkSize) {
      const chunk = read.records.slice(start, start + chunkSize);
      const isLast = start + chunkSize >= read.records.length;
      const next: BrokerChangePosition = {
        topicId: read.topicId,
        nextOffset: isLast ? read.nextOffset : chunk[chunk.length - 1].offset + 1n,
      };
      const entries = this.#auditEntries(chunk);
      try {
        await this.#db.transaction(async (transaction) => {
          await appendExternalChanges(transaction, entries);
          if (!(await advanceBrokerChangePosition(transaction, this.#clusterId, current, next))) throw new PositionMovedError();
        });
      } catch (error) {
        // Another recorder recorded these first; its rows stand and ours were rolled back.
        if (error instanceof PositionMovedError) return { kind: 'raced' };
        throw error;
      }
      current = next;
      consumed += chunk.length;
      recorded += entries.length;
      this.#status.recordedCount += entries.length;
      this.#status.skippedOwnCount += chunk.length - entries.length;
      this.#status.nextOffset = next.nextOffset.toString();
    }
    return { kind: 'recorded', consumed, recorded };
  }

  #auditEntries(records: Extract<AdminChangeRead, { kind: 'records' }>['records']): ExternalChange[] {
    const entries: ExternalChange[] = [];
    for (const record of records) {
      const parsed = parseBrokerChange(record.value);
      if (!parsed.ok) {
        this.#logError(`${adminChangesTopic}@${record.offset}: not recorded, ${parsed.reason}`);
        continue;
      }
      if (madeByConsole(parsed.change, this.#consolePrincipal)) continue;
      entries.push(auditEntryForBrokerChange(parsed.change, { clusterId: this.#clusterId, offset: record.offset }));
    }
    return entries;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      let waitMs = 0;
      try {
        const startedAtMs = Date.now();
        const pass = await this.recordNextBatch(this.#options.idleWaitMs);
        if (failures > 0) this.#log(`broker change recorder: recording again after ${failures} failed attempt(s)`);
        failures = 0;
        this.#noteState(pass.kind === 'absent' ? 'topicAbsent' : 'recording');
        if (pass.kind === 'absent') waitMs = this.#options.absentRecheckMs;
        // A broker that answers at once instead of long-polling must not make this loop spin.
        else if (pass.kind === 'recorded' && pass.consumed === 0)
          waitMs = Math.max(0, this.#options.idleWaitMs - (Date.now() - startedAtMs));
      } catch (error) {
        if (this.#stopping) break;
        failures += 1;
        this.#noteFailure(error);
        waitMs = Math.min(this.#options.maxRetryDelayMs, 1_000 * 2 ** Math.min(failures - 1, 10));
      }
      if (waitMs > 0) await this.#sleep(waitMs);
    }
  }

  #noteState(state: BrokerChangeRecorderState): void {
    if (state === 'topicAbsent' && this.#status.state !== 'topicAbsent') {
      this.#log(
        `broker change recorder: cluster ${this.#clusterId} has no ${adminChangesTopic} topic (not a Samsa broker?); checking again every ${this.#options.absentRecheckMs} ms`,
      );
    }
    this.#status.state = state;
  }

  #noteFailure(error: unknown): void {
    const summary = describeError(error);
    // Logged when it starts or changes, not on every retry.
    if (this.#status.state !== 'failing' || this.#status.lastError !== summary) this.#logError(`broker change recorder: ${summary}`);
    this.#status = { ...this.#status, state: 'failing', lastError: summary, lastErrorAt: new Date().toISOString() };
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

/** The message with its cause's (drizzle puts the database's reason there), bounded for logs and health. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, maxErrorChars);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  const message = cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
  return message.slice(0, maxErrorChars);
}

function needsAdvance(position: BrokerChangePosition | null, nextOffset: bigint): boolean {
  return position === null || nextOffset > position.nextOffset;
}

function definedOnly(options: BrokerChangeRecorderOptions): Partial<typeof defaults> {
  const picked: Partial<typeof defaults> = {};
  for (const key of Object.keys(defaults) as (keyof typeof defaults)[]) {
    const value = options[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
