// What the log cleaner does with transactions (Kafka's CleanedTransactionMetadata, simplified): records of
// aborted transactions are dropped and never enter the key -> offset map; a transaction marker may go
// once no data batch of its transaction is kept, first stamped with a delete horizon (now +
// delete.retention.ms) and removed by a pass after it, so a consumer that read the data still meets the
// marker. A producer's latest marker is emptied rather than removed (its epoch fences zombies after a
// restart), as Kafka's RETAIN_EMPTY does.
// One tracker serves one cleaner pass, fed every batch of the cleaned range in offset order.

import { batchLastOffset, isControl, isTransactional, type BatchHeader } from '../protocol/record-batch.ts';
import type { AbortedTxn } from './aborted-txn-index.ts';

/** Bound on the aborted transactions one pass considers (the index holds at most as many). */
const MAX_ABORTED_TXNS_PER_PASS = 1_000_000;

export type MarkerVerdict = 'keep' | 'removable';

export class CleanerTxnTracker {
  /** producerId -> its aborted transactions' [firstOffset, marker offset] ranges, in offset order. */
  private readonly aborted = new Map<bigint, AbortedTxn[]>();
  /** Producers whose current transaction has a data batch kept in this pass (its marker must stay). */
  private readonly keptTxnData = new Set<bigint>();
  private readonly isLatestMarker: (marker: BatchHeader) => boolean;

  /**
   * `aborted`: the aborted transactions overlapping the cleaned range (aborted-txn-index.ts);
   * `isLatestMarker`: whether a marker is its live producer's latest batch.
   */
  constructor(aborted: readonly AbortedTxn[], isLatestMarker: (marker: BatchHeader) => boolean) {
    const ordered = [...aborted.slice(0, MAX_ABORTED_TXNS_PER_PASS)].sort((x, y) =>
      x.firstOffset < y.firstOffset ? -1 : x.firstOffset > y.firstOffset ? 1 : 0,
    );
    for (const txn of ordered) {
      const ranges = this.aborted.get(txn.producerId) ?? [];
      ranges.push(txn);
      this.aborted.set(txn.producerId, ranges);
    }
    this.isLatestMarker = isLatestMarker;
  }

  /** A transactional data batch lying in one of its producer's aborted transactions. */
  isAborted(batch: BatchHeader): boolean {
    if (!isTransactional(batch.attributes) || isControl(batch.attributes)) return false;
    const ranges = this.aborted.get(batch.producerId);
    if (ranges === undefined) return false;
    // A producer's transactions follow each other, so its ranges are ordered and disjoint: binary search
    // for the last one starting at or before the batch.
    let low = 0;
    let high = ranges.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (ranges[middle].firstOffset <= batch.baseOffset) low = middle;
      else high = middle - 1;
    }
    const txn = ranges[low];
    return txn.firstOffset <= batch.baseOffset && batchLastOffset(batch) <= txn.lastOffset;
  }

  /** Call for every data batch the pass keeps (even emptied). */
  onDataBatchKept(batch: BatchHeader): void {
    if (isTransactional(batch.attributes) && !isControl(batch.attributes)) this.keptTxnData.add(batch.producerId);
  }

  /** Call for every marker, in offset order: 'removable' when none of its transaction's data is kept. */
  onMarker(marker: BatchHeader): MarkerVerdict {
    const dataKept = this.keptTxnData.delete(marker.producerId);
    return dataKept ? 'keep' : 'removable';
  }

  latestMarkerOfProducer(marker: BatchHeader): boolean {
    return this.isLatestMarker(marker);
  }
}
