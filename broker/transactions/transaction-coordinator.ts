// The transaction coordinator (Kafka's TransactionCoordinator, classic "transaction version 1" flow):
// transactional ids -> producer id/epoch and transaction state, every change written to
// __transaction_state before it takes effect. EndTxn writes a PrepareCommit/PrepareAbort record (the
// decision is then durable), COMMIT/ABORT markers into every partition of the transaction, then the
// CompleteCommit/CompleteAbort record; the client is answered after all of it. A transaction found prepared at start-up, or whose completion
// failed, is completed by the periodic sweep, which also aborts transactions older than their timeout
// (with an epoch bump that fences the old producer).
// Errors are Kafka's; handlers map PRODUCER_FENCED to INVALID_PRODUCER_EPOCH for old API versions.
// The partitions include the __consumer_offsets partitions added by AddOffsetsToTxn: TxnOffsetCommit wrote
// the offsets there as transactional records (coordinator/transactional-offsets.ts), and the marker written
// there is what makes them the group's committed offsets or discards them, live and on replay.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { PartitionLog } from '../log/partition-log.ts';
import type { TxnMarker } from '../log/txn-marker.ts';
import {
  decodeTransactionLogRecord,
  legacyStagedOffsetsTombstone,
  transactionRecord,
  type TransactionLogRecord,
} from './transaction-log-records.ts';
import type { TransactionRecordStore } from './transaction-log-store.ts';
import { newTransactionMetadata, TxnState, type TransactionMetadata } from './transaction-metadata.ts';

/** Kafka bumps to a new producer id when the epoch would pass Short.MAX_VALUE - 1. */
const MAX_PRODUCER_EPOCH = 32766;
/** Single node: the coordinator epoch never changes. */
const COORDINATOR_EPOCH = 0;
/** Bound on transactional ids kept (Kafka expires idle ones after transactional.id.expiration.ms). */
export const MAX_TRANSACTIONAL_IDS = 100_000;

export interface TransactionCoordinatorConfig {
  /** transaction.max.timeout.ms (Kafka 900000): larger client timeouts get INVALID_TRANSACTION_TIMEOUT. */
  maxTimeoutMs: number;
}

export interface TransactionCoordinatorDeps {
  store: TransactionRecordStore;
  allocateProducerId: () => Promise<bigint>;
  partitionLog: (topic: string, partition: number) => PartitionLog | undefined;
  /**
   * Called after a marker was written: wakes READ_COMMITTED fetches waiting on that partition and, in a
   * __consumer_offsets partition, ends the producer's pending transactional offsets there.
   */
  onMarkerWritten: (topic: string, partition: number, marker: TxnMarker) => void;
  /** Where a group's offsets live: the __consumer_offsets partition a transaction adds for AddOffsetsToTxn. */
  offsetsPartitionFor: (groupId: string) => { topic: string; partition: number };
  log: (line: string) => void;
  now?: () => number;
}

export interface ProducerIdAndEpoch {
  errorCode: number;
  producerId: bigint;
  producerEpoch: number;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

type TxnUpdate = Partial<
  Pick<
    TransactionMetadata,
    'producerId' | 'producerEpoch' | 'lastProducerEpoch' | 'timeoutMs' | 'state' | 'partitions' | 'startTimestampMs'
  >
>;

export class TransactionCoordinator {
  private readonly txns = new Map<string, TransactionMetadata>();
  private readonly byProducerId = new Map<bigint, TransactionMetadata>();
  private readonly config: TransactionCoordinatorConfig;
  private readonly deps: TransactionCoordinatorDeps;
  private readonly now: () => number;
  /** Completions running in the background (init-triggered aborts, the sweep), awaited by close(). */
  private readonly background = new Set<Promise<unknown>>();

  constructor(config: TransactionCoordinatorConfig, deps: TransactionCoordinatorDeps) {
    this.config = config;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  get size(): number {
    return this.txns.size;
  }

  transaction(transactionalId: string): Readonly<TransactionMetadata> | undefined {
    return this.txns.get(transactionalId);
  }

  /** Every transactional id's metadata, read-only (ListTransactions). */
  transactions(): IterableIterator<Readonly<TransactionMetadata>> {
    return this.txns.values();
  }

  // ---- loading ---------------------------------------------------------------------------------------

  /**
   * Replays __transaction_state (latest record per transactional id wins). Records of the staged-offsets
   * type earlier versions wrote here (key version 0x5341) are tombstoned so compaction removes them; their
   * offsets, never visible, are dropped (those versions kept them nowhere else).
   */
  async load(records: AsyncIterable<TransactionLogRecord>): Promise<void> {
    const legacy = new Set<string>();
    for await (const record of records) {
      let decoded;
      try {
        decoded = decodeTransactionLogRecord(record);
      } catch (error) {
        this.deps.log(`skipping a malformed __transaction_state record: ${String(error)}`);
        continue;
      }
      if (decoded.kind === 'legacy-staged-offsets') {
        if (decoded.tombstone) legacy.delete(decoded.transactionalId);
        else legacy.add(decoded.transactionalId);
      } else if (decoded.kind === 'txn') {
        if (decoded.value === null) {
          this.txns.delete(decoded.transactionalId);
          continue;
        }
        const value = decoded.value;
        const txn =
          this.txns.get(decoded.transactionalId) ?? newTransactionMetadata(decoded.transactionalId, value.transactionTimeoutMs, this.now());
        txn.producerId = value.producerId;
        txn.producerEpoch = value.producerEpoch;
        txn.timeoutMs = value.transactionTimeoutMs;
        txn.state = value.transactionStatus as TxnState;
        txn.partitions = new Map((value.transactionPartitions ?? []).map((p) => [p.topic, new Set(p.partitionIds)]));
        txn.startTimestampMs = Number(value.transactionStartTimestampMs);
        txn.lastUpdateMs = Number(value.transactionLastUpdateTimestampMs);
        this.txns.set(decoded.transactionalId, txn);
      }
    }
    for (const txn of this.txns.values()) this.byProducerId.set(txn.producerId, txn);
    for (const transactionalId of legacy) {
      this.deps.log(`dropping the staged offsets an earlier version kept for ${transactionalId} in __transaction_state`);
      try {
        await this.deps.store.append(transactionalId, [legacyStagedOffsetsTombstone(transactionalId)]);
      } catch (error) {
        // Harmless if lost: the next replay writes it again.
        this.deps.log(`could not tombstone the legacy staged offsets of ${transactionalId}: ${String(error)}`);
      }
    }
  }

  /** Completes transactions left prepared (the decision was durable, the markers maybe not). */
  async completePrepared(): Promise<void> {
    for (const txn of this.txns.values()) {
      if ((txn.state === TxnState.PrepareCommit || txn.state === TxnState.PrepareAbort) && !txn.busy) {
        txn.busy = true;
        await this.finish(txn);
      }
    }
  }

  // ---- requests --------------------------------------------------------------------------------------

  async initProducerId(
    transactionalId: string,
    timeoutMs: number,
    expected: { producerId: bigint; producerEpoch: number } | null,
  ): Promise<ProducerIdAndEpoch> {
    const fail = (errorCode: number): ProducerIdAndEpoch => ({ errorCode, producerId: -1n, producerEpoch: -1 });
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (timeoutMs <= 0 || timeoutMs > this.config.maxTimeoutMs) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    const existing = this.txns.get(transactionalId);
    if (existing === undefined) return this.initNew(transactionalId, timeoutMs);
    const txn = existing;
    if (txn.busy) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    if (expected !== null && expected.producerId >= 0n) {
      const epochKnown = expected.producerEpoch === txn.producerEpoch || expected.producerEpoch === txn.lastProducerEpoch;
      if (expected.producerId !== txn.producerId || !epochKnown) return fail(ErrorCode.PRODUCER_FENCED);
    }
    switch (txn.state) {
      case TxnState.Ongoing:
        // Kafka: fence the previous incarnation by aborting its transaction with a bumped epoch; the client retries.
        this.inBackground(this.complete(txn, false, true));
        return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
      case TxnState.Empty:
      case TxnState.CompleteCommit:
      case TxnState.CompleteAbort:
        return this.bumpEpoch(txn, timeoutMs);
      default:
        return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    }
  }

  private async initNew(transactionalId: string, timeoutMs: number): Promise<ProducerIdAndEpoch> {
    if (this.txns.size >= MAX_TRANSACTIONAL_IDS)
      return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1n, producerEpoch: -1 };
    const txn = newTransactionMetadata(transactionalId, timeoutMs, this.now());
    txn.busy = true;
    this.txns.set(transactionalId, txn);
    try {
      const producerId = await this.deps.allocateProducerId();
      await this.write(txn, { producerId, producerEpoch: 0, timeoutMs, state: TxnState.Empty });
      this.byProducerId.set(producerId, txn);
      return { errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
    } catch (error) {
      this.deps.log(`InitProducerId for ${transactionalId} failed: ${String(error)}`);
      this.txns.delete(transactionalId);
      return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1n, producerEpoch: -1 };
    } finally {
      txn.busy = false;
    }
  }

  private async bumpEpoch(txn: TransactionMetadata, timeoutMs: number): Promise<ProducerIdAndEpoch> {
    txn.busy = true;
    try {
      const exhausted = txn.producerEpoch >= MAX_PRODUCER_EPOCH;
      const producerId = exhausted ? await this.deps.allocateProducerId() : txn.producerId;
      const producerEpoch = exhausted ? 0 : txn.producerEpoch + 1;
      const previousId = txn.producerId;
      await this.write(txn, {
        producerId,
        producerEpoch,
        lastProducerEpoch: txn.producerEpoch,
        timeoutMs,
        state: TxnState.Empty,
        partitions: new Map(),
        startTimestampMs: -1,
      });
      if (previousId !== producerId) {
        this.byProducerId.delete(previousId);
        this.byProducerId.set(producerId, txn);
      }
      return { errorCode: ErrorCode.NONE, producerId, producerEpoch };
    } catch (error) {
      this.deps.log(`InitProducerId for ${txn.transactionalId} failed: ${String(error)}`);
      return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1n, producerEpoch: -1 };
    } finally {
      txn.busy = false;
    }
  }

  /** AddPartitionsToTxn: one error code for all partitions (the handler reports unknown partitions itself). */
  async addPartitions(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    partitions: readonly TopicPartition[],
  ): Promise<number> {
    const checked = this.checkProducer(transactionalId, producerId, producerEpoch);
    if (typeof checked === 'number') return checked;
    const txn = checked;
    if (txn.state === TxnState.PrepareCommit || txn.state === TxnState.PrepareAbort || txn.state === TxnState.PrepareEpochFence)
      return ErrorCode.CONCURRENT_TRANSACTIONS;
    if (txn.state === TxnState.Dead) return ErrorCode.INVALID_TXN_STATE;
    const ongoing = txn.state === TxnState.Ongoing;
    if (ongoing && partitions.every(({ topic, partition }) => txn.partitions.get(topic)?.has(partition))) return ErrorCode.NONE;
    const merged = new Map<string, Set<number>>();
    if (ongoing) for (const [topic, ids] of txn.partitions) merged.set(topic, new Set(ids));
    for (const { topic, partition } of partitions) {
      const ids = merged.get(topic) ?? new Set<number>();
      ids.add(partition);
      merged.set(topic, ids);
    }
    txn.busy = true;
    try {
      const startTimestampMs = ongoing ? txn.startTimestampMs : this.now();
      await this.write(txn, { state: TxnState.Ongoing, partitions: merged, startTimestampMs });
      return ErrorCode.NONE;
    } catch (error) {
      this.deps.log(`AddPartitionsToTxn for ${transactionalId} failed: ${String(error)}`);
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    } finally {
      txn.busy = false;
    }
  }

  /** AddOffsetsToTxn: adds the group's __consumer_offsets partition to the transaction. */
  addOffsets(transactionalId: string, producerId: bigint, producerEpoch: number, groupId: string): Promise<number> {
    return this.addPartitions(transactionalId, producerId, producerEpoch, [this.deps.offsetsPartitionFor(groupId)]);
  }

  /**
   * TxnOffsetCommit, before the group coordinator writes the offsets: the producer's ongoing transaction must
   * hold the group's __consumer_offsets partition (AddOffsetsToTxn). NONE when the offsets may be written.
   */
  checkTxnOffsetCommit(transactionalId: string, producerId: bigint, producerEpoch: number, groupId: string): number {
    const txn = this.txns.get(transactionalId);
    if (txn === undefined || txn.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (producerEpoch !== txn.producerEpoch) return ErrorCode.PRODUCER_FENCED;
    const { topic, partition } = this.deps.offsetsPartitionFor(groupId);
    // Not refused while busy: librdkafka pipelines TxnOffsetCommit beside AddPartitionsToTxn for new partitions.
    if (txn.state !== TxnState.Ongoing || !txn.partitions.get(topic)?.has(partition)) return ErrorCode.INVALID_TXN_STATE;
    return ErrorCode.NONE;
  }

  async endTxn(transactionalId: string, producerId: bigint, producerEpoch: number, commit: boolean): Promise<number> {
    const checked = this.checkProducer(transactionalId, producerId, producerEpoch);
    if (typeof checked === 'number') return checked;
    const txn = checked;
    switch (txn.state) {
      case TxnState.Ongoing:
        return this.complete(txn, commit, false);
      case TxnState.CompleteCommit:
        return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case TxnState.CompleteAbort:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      case TxnState.PrepareCommit:
        return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
      case TxnState.PrepareAbort:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
      default:
        return ErrorCode.INVALID_TXN_STATE;
    }
  }

  /** Produce of a transactional batch: the partition must be in the producer's ongoing transaction. */
  verifyProduce(producerId: bigint, producerEpoch: number, topic: string, partition: number): number {
    const txn = this.byProducerId.get(producerId);
    if (txn === undefined || txn.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (producerEpoch !== txn.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (txn.state !== TxnState.Ongoing || !txn.partitions.get(topic)?.has(partition)) return ErrorCode.INVALID_TXN_STATE;
    return ErrorCode.NONE;
  }

  /** The periodic sweep: aborts timed-out transactions (epoch bump) and retries unfinished completions. */
  sweep(): number {
    const nowMs = this.now();
    let started = 0;
    for (const txn of this.txns.values()) {
      if (txn.busy) continue;
      if (txn.state === TxnState.Ongoing && nowMs - txn.startTimestampMs > txn.timeoutMs) {
        this.deps.log(`aborting transaction ${txn.transactionalId}: older than its timeout of ${txn.timeoutMs} ms`);
        this.inBackground(this.complete(txn, false, true));
        started++;
      } else if (txn.state === TxnState.PrepareCommit || txn.state === TxnState.PrepareAbort) {
        txn.busy = true;
        this.inBackground(this.finish(txn));
        started++;
      }
    }
    return started;
  }

  /** Waits for background completions (before the logs close). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  // ---- internals -------------------------------------------------------------------------------------

  private checkProducer(transactionalId: string, producerId: bigint, producerEpoch: number): TransactionMetadata | number {
    const txn = this.txns.get(transactionalId);
    if (txn === undefined || txn.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (producerEpoch !== txn.producerEpoch) return ErrorCode.PRODUCER_FENCED;
    if (txn.busy) return ErrorCode.CONCURRENT_TRANSACTIONS;
    return txn;
  }

  /** Writes the prepare record (the durable decision), then finishes; NONE once the decision is durable. */
  private async complete(txn: TransactionMetadata, commit: boolean, bumpEpoch: boolean): Promise<number> {
    txn.busy = true;
    try {
      const bump: TxnUpdate = bumpEpoch ? { producerEpoch: txn.producerEpoch + 1, lastProducerEpoch: txn.producerEpoch } : {};
      await this.write(txn, { ...bump, state: commit ? TxnState.PrepareCommit : TxnState.PrepareAbort });
    } catch (error) {
      txn.busy = false;
      this.deps.log(`ending transaction ${txn.transactionalId} failed: ${String(error)}`);
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
    await this.finish(txn);
    return ErrorCode.NONE;
  }

  /** Markers, then the complete record; on failure the transaction stays prepared for the sweep. Clears busy. */
  private async finish(txn: TransactionMetadata): Promise<void> {
    const commit = txn.state === TxnState.PrepareCommit;
    try {
      await this.writeMarkers(txn, commit);
      await this.write(txn, { state: commit ? TxnState.CompleteCommit : TxnState.CompleteAbort, partitions: new Map() });
    } catch (error) {
      this.deps.log(`completing transaction ${txn.transactionalId} failed, will retry: ${String(error)}`);
    } finally {
      txn.busy = false;
    }
  }

  private async writeMarkers(txn: TransactionMetadata, commit: boolean): Promise<void> {
    const writes: Promise<void>[] = [];
    const marker: TxnMarker = { producerId: txn.producerId, producerEpoch: txn.producerEpoch, commit, coordinatorEpoch: COORDINATOR_EPOCH };
    for (const [topic, ids] of txn.partitions) {
      for (const partition of ids) {
        const log = this.deps.partitionLog(topic, partition);
        // A deleted topic needs no marker, nor a __consumer_offsets not yet created (no offsets were written).
        if (log === undefined) continue;
        // A retried completion writes a marker again where one already is: it then ends nothing (as in Kafka).
        writes.push(
          log.appendTxnMarker(marker, this.now()).then((result) => {
            if ('message' in result) throw new Error(`marker for ${topic}-${partition}: ${result.message}`);
            this.deps.onMarkerWritten(topic, partition, marker);
          }),
        );
      }
    }
    const results = await Promise.allSettled(writes);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }

  /** Writes the transaction with `update` applied, then applies it. */
  private async write(txn: TransactionMetadata, update: TxnUpdate): Promise<void> {
    const lastUpdateMs = this.now();
    const target: TransactionMetadata = { ...txn, ...update, lastUpdateMs };
    await this.deps.store.append(txn.transactionalId, [transactionRecord(target)], lastUpdateMs);
    Object.assign(txn, update, { lastUpdateMs });
  }

  private inBackground(task: Promise<unknown>): void {
    const tracked = task
      .catch((error: unknown) => this.deps.log(`transaction background task failed: ${String(error)}`))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}
