// The transaction state of one partition: the last stable offset (first offset of the earliest open
// transaction, from producer-state.ts) and the aborted transactions (aborted-txn-index.ts) that
// READ_COMMITTED fetches need. Markers written by the transaction coordinator close a producer's open
// transaction here and index it when it aborted. At open the index is completed from the markers
// replayed after the producer snapshot.

import type { BatchHeader } from '../protocol/record-batch.ts';
import { AbortedTxnIndex, type AbortedTxn } from './aborted-txn-index.ts';
import { CleanerTxnTracker } from './cleaner-transactions.ts';
import type { FileSystem } from './file-system.ts';
import type { ReplayedTxnEnd } from './log-recovery.ts';
import type { ProducerStateManager } from './producer-state.ts';
import { CONTROL_TYPE_ABORT, controlTypeOf } from './txn-marker.ts';

export class PartitionTransactions {
  private readonly producers: ProducerStateManager;
  private readonly index: AbortedTxnIndex;

  private constructor(producers: ProducerStateManager, index: AbortedTxnIndex) {
    this.producers = producers;
    this.index = index;
  }

  /** A partition never written: nothing to load. */
  static empty(fs: FileSystem, dir: string, producers: ProducerStateManager): PartitionTransactions {
    return new PartitionTransactions(producers, AbortedTxnIndex.empty(fs, dir));
  }

  /** Loads the aborted-transaction index and adds the aborts among `txnEnds` (replayed at open) it lacks. */
  static async open(
    fs: FileSystem,
    dir: string,
    producers: ProducerStateManager,
    txnEnds: readonly ReplayedTxnEnd[],
    logStartOffset: bigint,
    logEndOffset: bigint,
  ): Promise<PartitionTransactions> {
    const index = await AbortedTxnIndex.open(fs, dir, logStartOffset, logEndOffset);
    for (const ended of txnEnds) {
      if (ended.lastOffset <= index.lastMarkerOffset) continue;
      if (controlTypeOf(await ended.segment.read(ended.position, ended.sizeBytes)) === CONTROL_TYPE_ABORT) await index.append(ended);
    }
    return new PartitionTransactions(producers, index);
  }

  /** The first offset of the earliest open transaction, or the high watermark when none is open. */
  lastStableOffset(highWatermark: bigint): bigint {
    const firstUnstableOffset = this.producers.firstUnstableOffset();
    return firstUnstableOffset !== null && firstUnstableOffset < highWatermark ? firstUnstableOffset : highWatermark;
  }

  /** Aborted transactions with records in [fromOffset, toOffset). */
  abortedTransactions(fromOffset: bigint, toOffset: bigint): AbortedTxn[] {
    return this.index.overlapping(fromOffset, toOffset);
  }

  /** After a marker batch was written: closes its producer's open transaction, indexing it when aborted. */
  async onMarkerAppended(batch: BatchHeader, commit: boolean, nowMs: number): Promise<void> {
    const ended = this.producers.replay(batch, nowMs);
    if (ended !== null && !commit) await this.index.append(ended);
  }

  /** Forgets aborted transactions whose marker lies before the log start offset. */
  dropBefore(logStartOffset: bigint): Promise<void> {
    return this.index.dropBefore(logStartOffset);
  }

  /**
   * The log cleaner removes these markers: their transactions leave the index (their data went a
   * delete.retention.ms earlier). Done before the swap, so no reader meets an entry without its marker.
   */
  async forgetRemovedMarkers(markerOffsets: readonly bigint[]): Promise<void> {
    if (markerOffsets.length === 0) return;
    await this.index.removeMarkers(new Set(markerOffsets));
    await this.index.flush();
  }

  /** A cleaner pass's view of transactions: the aborted ones over [fromOffset, toOffset) and each producer's latest marker. */
  cleanerTracker(fromOffset: bigint, toOffset: bigint): CleanerTxnTracker {
    return new CleanerTxnTracker(this.abortedTransactions(fromOffset, toOffset), (marker) => {
      const entry = this.producers.entry(marker.producerId);
      if (entry === undefined || entry.producerEpoch !== marker.producerEpoch) return false;
      return (entry.batches.at(-1)?.lastOffset ?? -1n) < marker.baseOffset;
    });
  }

  /** fsyncs the index if it holds anything (most partitions never see an abort). */
  async flushIndex(): Promise<void> {
    if (this.index.size > 0) await this.index.flush();
  }

  close(): Promise<void> {
    return this.index.close();
  }
}
