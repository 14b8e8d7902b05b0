// The live tail: one fetch loop per (cluster, topic, isolation level), shared by everyone watching that topic.
// Each viewer has its own bounded queue with its own filter applied here on the server; when a viewer falls
// behind, records are dropped for that viewer only and counted (with the offsets skipped), so a slow page never
// grows server memory or slows the others. A queue holds records as the page will get them (previews, copied
// out of the fetch response, so a queued record never keeps a whole response alive) and is bounded in records
// and in bytes. The loop stops when its last viewer leaves.
import type { ClusterConnection, TopicInfo } from '../../kafka/cluster-client.ts';
import { RecordFetcher, type FetchedRecord, type IsolationLevel } from '../../kafka/record-fetcher.ts';
import type { RecordPredicate } from './record-filter.ts';
import { toRecordView, type PayloadView, type RecordView } from './record-view.ts';

const longPollMaxWaitMs = 500;
const fetchMaxBytes = 8 * 1024 * 1024;
const partitionMaxBytes = 2 * 1024 * 1024;
const retryDelayMs = 1_000;
const maxCatchUpRecords = 5_000;

export interface SkippedRange {
  partition: number;
  fromOffset: string;
  toOffset: string;
}

/** Bytes of previews a viewer may have waiting (besides the record count bound) before records are skipped. */
export const defaultQueueBytesLimit = 4 * 1024 * 1024;

export interface TailBatch {
  records: RecordView[];
  skipped: number;
  skippedRanges: SkippedRange[];
  resumeAt: Map<number, bigint>;
}

/** One viewer's side of the tail: what it wants, what it has been given, what it missed. */
export class TailViewer {
  readonly #predicate: RecordPredicate | null;
  readonly #partitions: Set<number> | null;
  readonly #queueLimit: number;
  readonly #queueBytesLimit: number;
  readonly #queue: { view: RecordView; offset: bigint; bytes: number }[] = [];
  #queuedBytes = 0;
  /** Per partition, the first offset this viewer still wants (records below it were seen or skipped). */
  readonly next = new Map<number, bigint>();
  #skipped = 0;
  readonly #skippedRanges = new Map<number, { from: bigint; to: bigint }>();
  #wake: (() => void) | null = null;
  #error: Error | null = null;

  constructor(options: { predicate: RecordPredicate | null; partitions: number[] | null; queueLimit: number; queueBytesLimit?: number }) {
    this.#predicate = options.predicate;
    this.#partitions = options.partitions ? new Set(options.partitions) : null;
    this.#queueLimit = options.queueLimit;
    this.#queueBytesLimit = options.queueBytesLimit ?? defaultQueueBytesLimit;
  }

  /** What the queue holds now, in bytes of previews. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  wants(partition: number): boolean {
    return this.#partitions === null || this.#partitions.has(partition);
  }

  /** Called by the loop (and the catch-up read) for every record read, in offset order per partition. */
  offer(record: FetchedRecord): void {
    const next = this.next.get(record.partition);
    if (next === undefined || record.offset < next) return;
    this.next.set(record.partition, record.offset + 1n);
    if (this.#predicate && !safely(this.#predicate, record)) return;
    if (this.#queue.length >= this.#queueLimit) {
      this.skip(record.partition, record.offset, record.offset);
      return;
    }
    const view = toRecordView(record);
    const bytes = viewBytes(view);
    // One record always fits an empty queue: however large, a viewer that keeps up sees every record.
    if (this.#queue.length > 0 && this.#queuedBytes + bytes > this.#queueBytesLimit) {
      this.skip(record.partition, record.offset, record.offset);
      return;
    }
    this.#queue.push({ view, offset: record.offset, bytes });
    this.#queuedBytes += bytes;
    this.#signal();
  }

  skip(partition: number, from: bigint, to: bigint, count: bigint = to - from + 1n): void {
    this.#skipped += Number(count);
    const range = this.#skippedRanges.get(partition);
    if (range) range.to = to;
    else this.#skippedRanges.set(partition, { from, to });
    this.#signal();
  }

  fail(error: Error): void {
    this.#error = error;
    this.#signal();
  }

  /** Waits until there is something to hand out or waitMs passed, then hands out at most maxRecords. */
  async take(maxRecords: number, waitMs: number): Promise<TailBatch> {
    if (this.#queue.length === 0 && this.#skipped === 0 && !this.#error) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
    if (this.#error) throw this.#error;
    const taken = this.#queue.splice(0, maxRecords);
    for (const entry of taken) this.#queuedBytes -= entry.bytes;
    const records = taken.map((entry) => entry.view);
    // Where this viewer resumes after a reconnect: per partition, the first record not yet handed out (the
    // first still queued, else the next unread). Everything below it was handed out, filtered out or skipped.
    const resumeAt = new Map(this.next);
    for (let index = this.#queue.length - 1; index >= 0; index--)
      resumeAt.set(this.#queue[index].view.partition, this.#queue[index].offset);
    const skippedRanges = [...this.#skippedRanges].map(([partition, range]) => ({
      partition,
      fromOffset: range.from.toString(),
      toOffset: range.to.toString(),
    }));
    const skipped = this.#skipped;
    this.#skipped = 0;
    this.#skippedRanges.clear();
    return { records, skipped, skippedRanges, resumeAt };
  }

  #signal(): void {
    this.#wake?.();
  }
}

/** What a queued record holds: its previews' base64 text and header names (strings of their own). */
function viewBytes(view: RecordView): number {
  const payload = (value: PayloadView | null) => (value ? value.base64.length : 0);
  let bytes = 200 + payload(view.key) + payload(view.value);
  for (const header of view.headers) bytes += header.name.length * 2 + payload(header.value);
  return bytes;
}

function safely(predicate: RecordPredicate, record: FetchedRecord): boolean {
  try {
    return predicate(record);
  } catch {
    // A CEL expression that fails on one record (a missing field) does not match it.
    return false;
  }
}

class TailLoop {
  readonly viewers = new Set<TailViewer>();
  /** Per partition, the next offset the loop will read. */
  readonly positions = new Map<number, bigint>();
  readonly #fetcher: RecordFetcher;
  readonly #topic: TopicInfo;
  readonly #isolation: IsolationLevel;
  #stopped = false;

  constructor(fetcher: RecordFetcher, topic: TopicInfo, isolation: IsolationLevel) {
    this.#fetcher = fetcher;
    this.#topic = topic;
    this.#isolation = isolation;
  }

  async start(): Promise<void> {
    const bounds = await this.#fetcher.bounds(
      this.#topic.name,
      this.#topic.partitions.map((partition) => partition.partition),
      this.#isolation,
    );
    for (const bound of bounds) this.positions.set(bound.partition, bound.endOffset);
    const byLeader = new Map<number, number[]>();
    for (const partition of this.#topic.partitions)
      byLeader.set(partition.leader, [...(byLeader.get(partition.leader) ?? []), partition.partition]);
    for (const [leader, partitions] of byLeader) void this.#run(leader, partitions);
  }

  stop(): void {
    this.#stopped = true;
    void this.#fetcher.close();
  }

  async #run(leader: number, partitions: number[]): Promise<void> {
    while (!this.#stopped) {
      try {
        const wanted = new Map(partitions.map((partition) => [partition, this.positions.get(partition)!]));
        const chunks = await this.#fetcher.fetchMany({ name: this.#topic.name, id: this.#topic.id }, leader, wanted, {
          isolation: this.#isolation,
          maxBytes: fetchMaxBytes,
          partitionMaxBytes,
          maxWaitMs: longPollMaxWaitMs,
        });
        if (this.#stopped) return;
        // Synchronous from here: a viewer joining sees positions consistent with what was delivered.
        for (const [partition, chunk] of chunks) {
          for (const record of chunk.records) for (const viewer of this.viewers) viewer.offer(record);
          if (chunk.nextOffset > this.positions.get(partition)!) this.positions.set(partition, chunk.nextOffset);
        }
      } catch (error) {
        if (this.#stopped) return;
        for (const viewer of this.viewers) viewer.fail(error instanceof Error ? error : new Error(String(error)));
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  }
}

/**
 * A viewer resuming after a reconnect reads what it missed, [its position, the loop's position), with its own
 * fetcher, at most maxCatchUpRecords; beyond that the rest is counted as skipped.
 */
async function catchUp(
  clusterId: string,
  connection: ClusterConnection,
  topic: TopicInfo,
  isolation: IsolationLevel,
  loop: TailLoop,
  viewer: TailViewer,
): Promise<void> {
  const behind = () => [...viewer.next].filter(([partition, next]) => next < (loop.positions.get(partition) ?? 0n));
  if (behind().length === 0) return;
  const fetcher = new RecordFetcher(clusterId, connection);
  const leaders = new Map(topic.partitions.map((partition) => [partition.partition, partition.leader]));
  let budget = maxCatchUpRecords;
  try {
    for (let lagging = behind(); lagging.length > 0; lagging = behind()) {
      for (const [partition, next] of lagging) {
        const target = loop.positions.get(partition)!;
        if (budget <= 0) {
          viewer.skip(partition, next, target - 1n);
          viewer.next.set(partition, target);
          continue;
        }
        const chunk = await fetcher.fetch({ name: topic.name, id: topic.id, leader: leaders.get(partition)! }, partition, next, {
          isolation,
          maxBytes: partitionMaxBytes,
          maxWaitMs: 0,
        });
        for (const record of chunk.records) viewer.offer(record);
        budget -= chunk.records.length;
        if (chunk.nextOffset > (viewer.next.get(partition) ?? 0n)) viewer.next.set(partition, chunk.nextOffset);
        else if (chunk.records.length === 0) viewer.next.set(partition, target);
      }
    }
  } finally {
    await fetcher.close();
  }
}

export interface TailMembership {
  /** The loop's positions when this viewer joined: records from here on come from the shared loop. */
  joinedAt: Map<number, bigint>;
  leave(): void;
}

export class TailHub {
  readonly #loops = new Map<string, Promise<TailLoop>>();

  /** Loops running now (one per cluster, topic and isolation level being watched). */
  get loopCount(): number {
    return this.#loops.size;
  }

  async join(
    clusterId: string,
    connection: ClusterConnection,
    topic: TopicInfo,
    isolation: IsolationLevel,
    viewer: TailViewer,
    resumeFrom: Map<number, bigint> | null,
  ): Promise<TailMembership> {
    const key = `${clusterId}\u0000${topic.name}\u0000${topic.id}\u0000${isolation}`;
    let pending = this.#loops.get(key);
    if (!pending) {
      const loop = new TailLoop(new RecordFetcher(clusterId, connection), topic, isolation);
      pending = loop.start().then(() => loop);
      this.#loops.set(key, pending);
      pending.catch(() => {
        if (this.#loops.get(key) === pending) this.#loops.delete(key);
        loop.stop();
      });
    }
    const loop = await pending;
    for (const [partition, position] of loop.positions) {
      if (!viewer.wants(partition)) continue;
      const resume = resumeFrom?.get(partition);
      viewer.next.set(partition, resume ?? position);
    }
    if (resumeFrom) await catchUp(clusterId, connection, topic, isolation, loop, viewer);
    // No await between the last catch-up check and joining: every record the loop offers from now on is at
    // or after this viewer's position in each partition, so nothing is missed or repeated.
    const joinedAt = new Map(loop.positions);
    loop.viewers.add(viewer);
    return {
      joinedAt,
      leave: () => {
        loop.viewers.delete(viewer);
        if (loop.viewers.size === 0 && this.#loops.get(key) === pending) {
          this.#loops.delete(key);
          loop.stop();
        }
      },
    };
  }

  close(): void {
    for (const pending of this.#loops.values())
      void pending.then(
        (loop) => loop.stop(),
        () => {},
      );
    this.#loops.clear();
  }
}
