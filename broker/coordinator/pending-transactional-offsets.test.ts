import { describe, expect, it } from 'vitest';
import { PendingTransactionalOffsets, type PendingOffsetToStage } from './pending-transactional-offsets.ts';

function offsetOf(value: bigint, partition = 0, offsetsPartition = 0): PendingOffsetToStage {
  return {
    groupId: 'g',
    topic: 't',
    partition,
    offsetsPartition,
    offset: { offset: value, leaderEpoch: -1, metadata: '', commitTimestampMs: 0n },
  };
}

const offsets = (applied: { offset: { offset: bigint } }[]) => applied.map((pending) => pending.offset.offset);

describe('PendingTransactionalOffsets', () => {
  it('applies at COMMIT only what no later committed write replaced, across producers', () => {
    const pending = new PendingTransactionalOffsets();
    pending.stage(1n, offsetOf(10n));
    pending.stage(2n, offsetOf(20n));
    // Producer 2's offset, written after producer 1's, commits first: producer 1's is then the older record.
    expect(offsets(pending.complete(2n, 0, true))).toEqual([20n]);
    expect(pending.has('g', 't', 0)).toBe(true);
    expect(pending.complete(1n, 0, true)).toEqual([]);
    expect(pending.has('g', 't', 0)).toBe(false);

    // The other order: the older record commits first, then the newer one still applies.
    pending.stage(1n, offsetOf(30n));
    pending.stage(2n, offsetOf(40n));
    expect(offsets(pending.complete(1n, 0, true))).toEqual([30n]);
    expect(offsets(pending.complete(2n, 0, true))).toEqual([40n]);
  });

  it("ends only the marker's partition, drops on ABORT, and loses offsets to tombstones and plain commits", () => {
    const pending = new PendingTransactionalOffsets();
    pending.stage(1n, offsetOf(1n, 0, 0));
    pending.stage(1n, offsetOf(2n, 1, 4));
    expect(offsets(pending.complete(1n, 4, true))).toEqual([2n]);
    expect(pending.has('g', 't', 0)).toBe(true);
    expect(pending.complete(1n, 0, false)).toEqual([]);
    expect(pending.has('g', 't', 0)).toBe(false);

    pending.stage(3n, offsetOf(5n));
    pending.committed('g', 't', 0);
    expect(pending.has('g', 't', 0)).toBe(true);
    expect(pending.complete(3n, 0, true)).toEqual([]);
    pending.stage(3n, offsetOf(6n));
    pending.remove('g', 't', 0);
    expect(pending.has('g', 't', 0)).toBe(false);
    expect(pending.complete(3n, 0, true)).toEqual([]);
  });

  it('undoes a failed stage without removing a later one of the same producer', () => {
    const pending = new PendingTransactionalOffsets();
    const failed = pending.stage(1n, offsetOf(1n));
    pending.stage(1n, offsetOf(2n));
    pending.unstage(1n, failed);
    expect(offsets(pending.complete(1n, 0, true))).toEqual([2n]);
    const alone = pending.stage(1n, offsetOf(3n));
    pending.unstage(1n, alone);
    expect(pending.has('g', 't', 0)).toBe(false);
    expect(pending.partitions({ groupId: 'g' })).toEqual([]);
  });
});
