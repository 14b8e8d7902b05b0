// One bounded scan over a topic's partitions: reads each partition in order (forward from a start, or backward
// from the end for "newest first"), applies the filter, and merges the partitions' matches by timestamp.
// Bounded by matches (the page size), records examined, bytes read and wall time; it stops at the first bound
// it reaches and says which, with a cursor per partition to continue exactly where it stopped (no record is
// skipped or repeated: a partition's cursor points at its first record not yet handed out).
// The console runs it in a worker thread (scan-worker-pool.ts, scan-worker.ts), never on its own event loop;
// the loop itself is thread-agnostic (the benchmark and tests also run it directly).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { TopicGoneError, type FetchedRecord, type IsolationLevel, type RecordFetcher } from '../../kafka/record-fetcher.ts';
import type { RecordFilter, RecordPredicate } from './record-filter.ts';

export type ScanDirection = 'forward' | 'backward';
export type ScanStop = 'limit' | 'end' | 'maxRecords' | 'maxBytes' | 'maxDuration' | 'cancelled' | 'topicDeleted' | 'failed';

export interface ScanBounds {
  maxMatches: number;
  maxRecords: number;
  maxBytes: number;
  maxDurationMs: number;
}

export interface ScanPartition {
  partition: number;
  leader: number;
  /** Forward: the next offset to read. Backward: the exclusive upper bound (the scan reads below it). */
  start: bigint;
  /** Forward: the exclusive end. Backward: the inclusive lower bound (logStartOffset). */
  stop: bigint;
}

export interface ScanPlan {
  topic: { name: string; id: string };
  isolation: IsolationLevel;
  direction: ScanDirection;
  partitions: ScanPartition[];
  /** The filter's source: what a worker thread compiles (a function cannot cross threads). */
  filter: RecordFilter;
  /** compileRecordFilter(filter), for a scan run on this thread. */
  predicate: RecordPredicate | null;
  bounds: ScanBounds;
}

export interface ScanProgress {
  scanned: number;
  matched: number;
  bytes: number;
  elapsedMs: number;
  /** Per partition, the cursor as it stands (see ScanPartition.start). */
  positions: Record<number, string>;
}

export interface ScanOutcome {
  stoppedBy: ScanStop;
  /** Where to continue, per partition not yet finished; empty when every partition is done. */
  cursor: Record<number, string>;
  error: string | null;
}

export interface ScanListener {
  onMatch(record: FetchedRecord): void;
  onProgress(progress: ScanProgress): void;
  /** Resolves when the consumer of the matches can take more (an export's download): the scan waits. */
  waitForRoom?(): Promise<void>;
}

/**
 * A fetch's records are decoded in one go, holding the thread's event loop (a worker's: its other scans and
 * its cancel messages wait): 1 MiB (about 10,000 records of 100 B) keeps that to a few milliseconds, where
 * 4 MiB held it past 100 ms under load, for little more speed.
 */
const fetchMaxBytes = 1024 * 1024;
const firstBackwardWindowRecords = 64n;
const maxBackwardWindowRecords = 16_384n;
/**
 * A scan yields to the event loop after sliceMs of work (checked every recordsPerCheck records), whatever a
 * record costs to filter: in a worker, so the scans sharing it take turns and a cancel or an export's room
 * arrives within a slice; on the main thread (tests, benchmark), so other requests are not held for long.
 */
const sliceMs = 10;
const recordsPerCheck = 16;

class StopScan extends Error {
  readonly reason: ScanStop;
  constructor(reason: ScanStop, message = reason) {
    super(message);
    this.reason = reason;
  }
}

interface PartitionState extends ScanPartition {
  position: bigint;
  buffer: FetchedRecord[];
  next: number;
  /** Backward: the lower end of the window now in the buffer. */
  windowStart: bigint;
  windowRecords: bigint;
  head: FetchedRecord | null;
  exhausted: boolean;
}

export async function runRecordScan(
  plan: ScanPlan,
  fetcher: RecordFetcher,
  listener: ScanListener,
  signal: AbortSignal,
): Promise<ScanOutcome> {
  const startedAtMs = Date.now();
  const states: PartitionState[] = plan.partitions.map((partition) => ({
    ...partition,
    position: partition.start,
    buffer: [],
    next: 0,
    windowStart: partition.start,
    windowRecords: firstBackwardWindowRecords,
    head: null,
    exhausted: plan.direction === 'forward' ? partition.start >= partition.stop : partition.start <= partition.stop,
  }));
  const counters = { scanned: 0, matched: 0, bytes: 0, sinceCheck: 0, sliceStartMs: performance.now() };
  const progress = (): ScanProgress => ({
    scanned: counters.scanned,
    matched: counters.matched,
    bytes: counters.bytes,
    elapsedMs: Date.now() - startedAtMs,
    positions: cursorOf(states, plan.direction, true),
  });

  const checkBounds = async () => {
    if (signal.aborted) throw new StopScan('cancelled');
    if (counters.scanned >= plan.bounds.maxRecords) throw new StopScan('maxRecords');
    if (counters.bytes >= plan.bounds.maxBytes) throw new StopScan('maxBytes');
    if (++counters.sinceCheck >= recordsPerCheck) {
      counters.sinceCheck = 0;
      if (performance.now() - counters.sliceStartMs < sliceMs) return;
      listener.onProgress(progress());
      await yieldToEventLoop();
      await listener.waitForRoom?.();
      counters.sliceStartMs = performance.now();
      if (signal.aborted) throw new StopScan('cancelled');
      if (Date.now() - startedAtMs >= plan.bounds.maxDurationMs) throw new StopScan('maxDuration');
    }
  };

  const advance = async (state: PartitionState) => {
    while (!state.head && !state.exhausted) {
      if (state.next >= state.buffer.length) {
        if (Date.now() - startedAtMs >= plan.bounds.maxDurationMs) throw new StopScan('maxDuration');
        await listener.waitForRoom?.();
        await fill(plan, fetcher, state);
        // The fetch's wait let everything else run: a new slice starts here.
        counters.sliceStartMs = performance.now();
        listener.onProgress(progress());
        continue;
      }
      await checkBounds();
      const record = state.buffer[state.next++];
      counters.scanned++;
      counters.bytes += record.sizeBytes;
      state.position = plan.direction === 'forward' ? record.offset + 1n : record.offset;
      if (state.next >= state.buffer.length && (plan.direction === 'forward' ? state.position >= state.stop : state.position <= state.stop))
        state.exhausted = true;
      if (!plan.predicate || plan.predicate(record)) state.head = record;
    }
  };

  let stoppedBy: ScanStop = 'end';
  let error: string | null = null;
  try {
    while (counters.matched < plan.bounds.maxMatches) {
      for (const state of states) await advance(state);
      const best = pickNext(states, plan.direction);
      if (!best) break;
      listener.onMatch(best.head!);
      best.head = null;
      counters.matched++;
    }
    if (counters.matched >= plan.bounds.maxMatches && states.some((state) => state.head || !state.exhausted)) stoppedBy = 'limit';
  } catch (caught) {
    if (caught instanceof StopScan) stoppedBy = caught.reason;
    else if (caught instanceof TopicGoneError) [stoppedBy, error] = ['topicDeleted', caught.message];
    else [stoppedBy, error] = ['failed', caught instanceof Error ? caught.message : String(caught)];
  }
  listener.onProgress(progress());
  return { stoppedBy, cursor: cursorOf(states, plan.direction, false), error };
}

/** Forward: the earliest timestamp next; backward: the latest. Ties go to the lower partition. */
function pickNext(states: PartitionState[], direction: ScanDirection): PartitionState | null {
  let best: PartitionState | null = null;
  for (const state of states) {
    if (!state.head) continue;
    if (!best) best = state;
    else if (direction === 'forward' ? state.head.timestampMs < best.head!.timestampMs : state.head.timestampMs > best.head!.timestampMs)
      best = state;
  }
  return best;
}

function cursorOf(states: PartitionState[], direction: ScanDirection, includeFinished: boolean): Record<number, string> {
  const cursor: Record<number, string> = {};
  for (const state of states) {
    if (!includeFinished && state.exhausted && !state.head) continue;
    const at = state.head ? (direction === 'forward' ? state.head.offset : state.head.offset + 1n) : state.position;
    cursor[state.partition] = at.toString();
  }
  return cursor;
}

async function fill(plan: ScanPlan, fetcher: RecordFetcher, state: PartitionState): Promise<void> {
  state.buffer = [];
  state.next = 0;
  if (plan.direction === 'forward') return fillForward(plan, fetcher, state);
  return fillBackward(plan, fetcher, state);
}

async function fillForward(plan: ScanPlan, fetcher: RecordFetcher, state: PartitionState): Promise<void> {
  if (state.position >= state.stop) {
    state.exhausted = true;
    return;
  }
  const chunk = await fetcher.fetch({ ...plan.topic, leader: state.leader }, state.partition, state.position, {
    isolation: plan.isolation,
    maxBytes: fetchMaxBytes,
    maxWaitMs: 0,
  });
  state.buffer = chunk.records.filter((record) => record.offset >= state.position && record.offset < state.stop);
  if (state.buffer.length === 0) {
    // Only control records, aborted transactions or a compacted gap here: step over them.
    if (chunk.nextOffset <= state.position) state.exhausted = true;
    else state.position = chunk.nextOffset < state.stop ? chunk.nextOffset : state.stop;
    if (state.position >= state.stop) state.exhausted = true;
  }
}

async function fillBackward(plan: ScanPlan, fetcher: RecordFetcher, state: PartitionState): Promise<void> {
  const upper = state.position;
  if (upper <= state.stop) {
    state.exhausted = true;
    return;
  }
  const lower = upper - state.windowRecords > state.stop ? upper - state.windowRecords : state.stop;
  if (state.windowRecords < maxBackwardWindowRecords) state.windowRecords *= 2n;
  const window: FetchedRecord[] = [];
  for (let at = lower; at < upper; ) {
    const chunk = await fetcher.fetch({ ...plan.topic, leader: state.leader }, state.partition, at, {
      isolation: plan.isolation,
      maxBytes: fetchMaxBytes,
      maxWaitMs: 0,
    });
    for (const record of chunk.records) if (record.offset >= lower && record.offset < upper) window.push(record);
    if (chunk.nextOffset <= at) break;
    at = chunk.nextOffset;
  }
  state.buffer = window.reverse();
  state.windowStart = lower;
  // Records of this window that are not data (control, aborted) are skipped by moving below the window.
  if (state.buffer.length === 0) state.position = lower;
  if (state.buffer.length === 0 && lower <= state.stop) state.exhausted = true;
}
