import { describe, expect, it } from 'vitest';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { readBatchHeader, type BatchHeader } from '../protocol/record-batch.ts';
import { CleanerTxnTracker } from './cleaner-transactions.ts';

function header(
  baseOffset: bigint,
  options: { producerId: bigint; transactional: boolean; control?: boolean; count?: number },
): BatchHeader {
  const records = Array.from({ length: options.count ?? 1 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  const bytes = buildRecordBatch({
    records,
    producerId: options.producerId,
    producerEpoch: 0,
    baseSequence: options.control ? -1 : 0,
    transactional: options.transactional,
    control: options.control,
  });
  return { ...readBatchHeader(bytes, 0), baseOffset };
}

describe('CleanerTxnTracker', () => {
  it('recognises data of aborted transactions by producer and offset range only', () => {
    const aborted = [
      { producerId: 1n, firstOffset: 20n, lastOffset: 30n },
      { producerId: 1n, firstOffset: 0n, lastOffset: 5n },
      { producerId: 2n, firstOffset: 10n, lastOffset: 12n },
    ];
    const tracker = new CleanerTxnTracker(aborted, () => false);
    expect(tracker.isAborted(header(0n, { producerId: 1n, transactional: true, count: 3 }))).toBe(true);
    expect(tracker.isAborted(header(6n, { producerId: 1n, transactional: true }))).toBe(false);
    expect(tracker.isAborted(header(25n, { producerId: 1n, transactional: true }))).toBe(true);
    expect(tracker.isAborted(header(25n, { producerId: 2n, transactional: true }))).toBe(false);
    expect(tracker.isAborted(header(10n, { producerId: 2n, transactional: false }))).toBe(false);
    expect(tracker.isAborted(header(12n, { producerId: 2n, transactional: true, control: true }))).toBe(false);
  });

  it('keeps a marker while a data batch of its transaction was kept in the pass', () => {
    const tracker = new CleanerTxnTracker([], () => false);
    tracker.onDataBatchKept(header(0n, { producerId: 3n, transactional: true }));
    tracker.onDataBatchKept(header(1n, { producerId: 4n, transactional: false }));
    expect(tracker.onMarker(header(2n, { producerId: 3n, transactional: true, control: true }))).toBe('keep');
    expect(tracker.onMarker(header(3n, { producerId: 4n, transactional: true, control: true }))).toBe('removable');
    // The next transaction of producer 3 starts afresh.
    expect(tracker.onMarker(header(5n, { producerId: 3n, transactional: true, control: true }))).toBe('removable');
  });
});
