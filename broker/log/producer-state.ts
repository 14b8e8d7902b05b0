// Idempotent producer state of one partition (Kafka's ProducerStateManager / ProducerAppendInfo):
// per producer id the epoch and its last 5 batches' sequence ranges and offsets, to reject gaps and old
// epochs and to acknowledge a retried batch once with its original offsets. Rebuilt after a restart from
// a snapshot plus the batch headers written after it.

import { ErrorCode } from '../protocol/error-codes.ts';
import {
  batchLastOffset,
  batchLastSequence,
  isControl,
  isTransactional,
  type AppendOrigin,
  type BatchHeader,
} from '../protocol/record-batch.ts';

/** Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN: clients keep at most 5 batches in flight. */
export const BATCHES_RETAINED_PER_PRODUCER = 5;
/** Bound on tracked producers; the least recently active one is forgotten beyond it. */
export const MAX_PRODUCERS_PER_PARTITION = 50_000;
const NO_SEQUENCE = -1;
const INT32_MAX = 0x7fffffff;

export interface ProducerBatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: bigint;
  lastOffset: bigint;
}

export interface ProducerEntry {
  producerId: bigint;
  producerEpoch: number;
  /** Oldest first, at most BATCHES_RETAINED_PER_PRODUCER. */
  batches: ProducerBatchMetadata[];
  lastAppendMs: number;
  /** First offset of the producer's open transaction in this partition (bounds the last stable offset). */
  currentTxnFirstOffset: bigint | null;
}

/** A transaction ended by a marker in this partition: its data lies in [firstOffset, lastOffset (the marker)]. */
export interface CompletedTxn {
  producerId: bigint;
  firstOffset: bigint;
  lastOffset: bigint;
}

export type ProducerCheck =
  | { kind: 'ok'; commit: () => void }
  | { kind: 'duplicate'; firstOffset: bigint; lastOffset: bigint }
  | { kind: 'error'; errorCode: number; message: string };

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

function cloneEntry(entry: ProducerEntry): ProducerEntry {
  return { ...entry, batches: [...entry.batches] };
}

export class ProducerStateManager {
  private readonly entries = new Map<bigint, ProducerEntry>();
  /** producerId -> first offset of its open transaction: a small map, so the LSO is cheap to compute. */
  private readonly ongoing = new Map<bigint, bigint>();

  get producerCount(): number {
    return this.entries.size;
  }

  entry(producerId: bigint): ProducerEntry | undefined {
    return this.entries.get(producerId);
  }

  /**
   * Checks idempotent batches whose offsets are already known (assigned or prospective) against the state,
   * each against the state left by the ones before it. Nothing changes until `commit` (after the write).
   * A coordinator's batches carry no sequence: only their epoch is checked (Kafka's AppendOrigin.COORDINATOR),
   * which fences a write of a producer whose transaction was aborted with an epoch bump meanwhile.
   */
  check(batches: readonly BatchHeader[], nowMs: number, origin: AppendOrigin = 'client'): ProducerCheck {
    const staged = new Map<bigint, ProducerEntry>();
    for (const batch of batches) {
      if (batch.producerId < 0n) continue;
      const current = staged.get(batch.producerId) ?? this.entries.get(batch.producerId);
      const duplicate = current === undefined || origin === 'coordinator' ? undefined : findDuplicate(current, batch);
      if (duplicate !== undefined) return { kind: 'duplicate', firstOffset: duplicate.firstOffset, lastOffset: duplicate.lastOffset };
      const problem = origin === 'coordinator' ? checkEpoch(current, batch) : checkEpochAndSequence(current, batch);
      if (problem !== null) return problem;
      staged.set(batch.producerId, applyBatch(current, batch, nowMs));
    }
    return { kind: 'ok', commit: () => staged.forEach((entry) => this.put(entry)) };
  }

  /**
   * Replays a batch read back from the log (recovery) or written by the broker itself (transaction
   * markers): no checks, like Kafka's replication/coordinator origins. A marker that ends an open
   * transaction returns it.
   */
  replay(batch: BatchHeader, nowMs: number): CompletedTxn | null {
    if (batch.producerId < 0n) return null;
    const current = this.entries.get(batch.producerId);
    const firstOffset = current?.currentTxnFirstOffset ?? null;
    this.put(applyBatch(current, batch, nowMs));
    if (!isControl(batch.attributes) || firstOffset === null) return null;
    return { producerId: batch.producerId, firstOffset, lastOffset: batch.baseOffset };
  }

  /** The first offset of the earliest open transaction, or null when none is open. */
  firstUnstableOffset(): bigint | null {
    let first: bigint | null = null;
    for (const offset of this.ongoing.values()) if (first === null || offset < first) first = offset;
    return first;
  }

  /** Open transactions: producerId -> first offset. */
  get ongoingTransactions(): ReadonlyMap<bigint, bigint> {
    return this.ongoing;
  }

  /** Forgets producers idle for longer than `expirationMs` (Kafka: producer.id.expiration.ms), except those with an open transaction. */
  removeExpired(nowMs: number, expirationMs: number): void {
    for (const [producerId, entry] of this.entries) {
      if (nowMs - entry.lastAppendMs >= expirationMs && entry.currentTxnFirstOffset === null) this.entries.delete(producerId);
    }
  }

  clear(): void {
    this.entries.clear();
    this.ongoing.clear();
  }

  toSnapshot(): Buffer {
    const producers = [...this.entries.values()].map((entry) => ({
      producerId: entry.producerId.toString(),
      producerEpoch: entry.producerEpoch,
      lastAppendMs: entry.lastAppendMs,
      currentTxnFirstOffset: entry.currentTxnFirstOffset?.toString() ?? null,
      batches: entry.batches.map((b) => [b.firstSeq, b.lastSeq, b.firstOffset.toString(), b.lastOffset.toString()]),
    }));
    return Buffer.from(JSON.stringify({ version: 1, producers }));
  }

  /** Throws on a malformed snapshot; the caller then rebuilds from the log instead. */
  static fromSnapshot(body: Buffer): ProducerStateManager {
    const parsed = JSON.parse(body.toString('utf8')) as { version: number; producers: SnapshotProducer[] };
    if (parsed.version !== 1 || !Array.isArray(parsed.producers)) throw new Error('unknown producer snapshot version');
    const state = new ProducerStateManager();
    for (const producer of parsed.producers.slice(0, MAX_PRODUCERS_PER_PARTITION)) {
      state.put({
        producerId: BigInt(producer.producerId),
        producerEpoch: producer.producerEpoch,
        lastAppendMs: producer.lastAppendMs,
        currentTxnFirstOffset: producer.currentTxnFirstOffset === null ? null : BigInt(producer.currentTxnFirstOffset),
        batches: producer.batches.slice(-BATCHES_RETAINED_PER_PRODUCER).map(([firstSeq, lastSeq, firstOffset, lastOffset]) => ({
          firstSeq,
          lastSeq,
          firstOffset: BigInt(firstOffset),
          lastOffset: BigInt(lastOffset),
        })),
      });
    }
    return state;
  }

  private put(entry: ProducerEntry): void {
    // Re-inserting keeps the Map in least-recently-active order, so eviction drops the idlest producer.
    this.entries.delete(entry.producerId);
    this.entries.set(entry.producerId, entry);
    if (entry.currentTxnFirstOffset === null) this.ongoing.delete(entry.producerId);
    else this.ongoing.set(entry.producerId, entry.currentTxnFirstOffset);
    if (this.entries.size > MAX_PRODUCERS_PER_PARTITION) {
      const idlest = this.entries.keys().next().value;
      if (idlest !== undefined) {
        this.entries.delete(idlest);
        this.ongoing.delete(idlest);
      }
    }
  }
}

interface SnapshotProducer {
  producerId: string;
  producerEpoch: number;
  lastAppendMs: number;
  currentTxnFirstOffset: string | null;
  batches: [number, number, string, string][];
}

function findDuplicate(entry: ProducerEntry, batch: BatchHeader): ProducerBatchMetadata | undefined {
  if (entry.producerEpoch !== batch.producerEpoch) return undefined;
  const lastSeq = batchLastSequence(batch);
  return entry.batches.find((b) => b.firstSeq === batch.baseSequence && b.lastSeq === lastSeq);
}

/** ProducerAppendInfo.checkProducerEpoch. */
function checkEpoch(entry: ProducerEntry | undefined, batch: BatchHeader): ProducerCheck | null {
  if (entry === undefined || batch.producerEpoch >= entry.producerEpoch) return null;
  return {
    kind: 'error',
    errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
    message: `epoch ${batch.producerEpoch} of producer ${batch.producerId} is older than ${entry.producerEpoch}`,
  };
}

/** ProducerAppendInfo.checkProducerEpoch + checkSequence, for batches from clients. */
function checkEpochAndSequence(entry: ProducerEntry | undefined, batch: BatchHeader): ProducerCheck | null {
  // No state (new producer, or its records were all deleted): Kafka accepts any sequence (KIP-360).
  if (entry === undefined) return null;
  const stale = checkEpoch(entry, batch);
  if (stale !== null) return stale;
  if (batch.producerEpoch !== entry.producerEpoch) {
    if (batch.baseSequence === 0) return null;
    return {
      kind: 'error',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      message: `new epoch ${batch.producerEpoch} of producer ${batch.producerId} must start at sequence 0, got ${batch.baseSequence}`,
    };
  }
  const lastSeq = entry.batches.length > 0 ? entry.batches[entry.batches.length - 1].lastSeq : NO_SEQUENCE;
  if (lastSeq === NO_SEQUENCE || inSequence(lastSeq, batch.baseSequence)) return null;
  return {
    kind: 'error',
    errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    message: `out of order sequence ${batch.baseSequence} for producer ${batch.producerId}, expected ${lastSeq + 1}`,
  };
}

function applyBatch(current: ProducerEntry | undefined, batch: BatchHeader, nowMs: number): ProducerEntry {
  const sameEpoch = current !== undefined && current.producerEpoch === batch.producerEpoch;
  const entry: ProducerEntry =
    current === undefined
      ? { producerId: batch.producerId, producerEpoch: batch.producerEpoch, batches: [], lastAppendMs: nowMs, currentTxnFirstOffset: null }
      : cloneEntry(current);
  if (!sameEpoch) entry.batches = [];
  entry.producerEpoch = batch.producerEpoch;
  entry.lastAppendMs = nowMs;
  // Kafka's ProducerAppendInfo: a marker closes the open transaction; transactional data opens one.
  if (isControl(batch.attributes)) entry.currentTxnFirstOffset = null;
  else if (isTransactional(batch.attributes) && entry.currentTxnFirstOffset === null) entry.currentTxnFirstOffset = batch.baseOffset;
  if (batch.baseSequence >= 0) {
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: batchLastSequence(batch),
      firstOffset: batch.baseOffset,
      lastOffset: batchLastOffset(batch),
    });
    if (entry.batches.length > BATCHES_RETAINED_PER_PRODUCER) entry.batches.shift();
  }
  return entry;
}
