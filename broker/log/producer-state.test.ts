import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { BatchHeader } from '../protocol/record-batch.ts';
import { BATCHES_RETAINED_PER_PRODUCER, ProducerStateManager } from './producer-state.ts';

function header(baseOffset: bigint, baseSequence: number, records = 1, producerEpoch = 0, producerId = 1n): BatchHeader {
  return {
    baseOffset,
    batchLength: 100,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: 0,
    lastOffsetDelta: records - 1,
    baseTimestamp: 0n,
    maxTimestamp: 0n,
    producerId,
    producerEpoch,
    baseSequence,
    recordsCount: records,
  };
}

function appendOk(state: ProducerStateManager, batch: BatchHeader): void {
  const check = state.check([batch], 0);
  if (check.kind !== 'ok') throw new Error(`expected ok, got ${check.kind}`);
  check.commit();
}

describe('ProducerStateManager', () => {
  it("checks only the epoch of a coordinator's unsequenced batches, which therefore fences an aborted producer", () => {
    const state = new ProducerStateManager();
    const coordinatorBatch = (baseOffset: bigint, producerEpoch: number) => ({
      ...header(baseOffset, -1, 1, producerEpoch),
      attributes: 0x10,
    });
    appendOk(state, header(0n, 0, 1, 1));
    // Two batches with no sequence are not duplicates of each other, and need not follow the client's sequence.
    expect(state.check([coordinatorBatch(1n, 1)], 0, 'coordinator').kind).toBe('ok');
    const first = state.check([coordinatorBatch(1n, 1)], 0, 'coordinator');
    if (first.kind !== 'ok') throw new Error('expected ok');
    first.commit();
    expect(state.check([coordinatorBatch(2n, 1)], 0, 'coordinator').kind).toBe('ok');
    expect(state.check([coordinatorBatch(2n, 0)], 0, 'coordinator')).toMatchObject({
      kind: 'error',
      errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
    });
  });

  it('accepts any first sequence from a producer it has no state for', () => {
    const state = new ProducerStateManager();
    expect(state.check([header(0n, 500)], 0).kind).toBe('ok');
  });

  it('wraps sequences from INT32_MAX to 0', () => {
    const state = new ProducerStateManager();
    appendOk(state, header(0n, 0x7ffffffe, 2));
    expect(state.check([header(2n, 0)], 0).kind).toBe('ok');
    expect(state.check([header(2n, 1)], 0).kind).toBe('error');
  });

  it('recognises duplicates only within the last five batches', () => {
    const state = new ProducerStateManager();
    for (let i = 0; i < BATCHES_RETAINED_PER_PRODUCER + 1; i++) appendOk(state, header(BigInt(i * 2), i * 2, 2));
    expect(state.check([header(0n, 2, 2)], 0)).toMatchObject({ kind: 'duplicate', firstOffset: 2n, lastOffset: 3n });
    expect(state.check([header(0n, 0, 2)], 0)).toMatchObject({ kind: 'error', errorCode: 45 });
  });

  it('checks each batch of one append against the ones before it and changes nothing before commit', () => {
    const state = new ProducerStateManager();
    expect(state.check([header(0n, 0), header(1n, 1)], 0).kind).toBe('ok');
    expect(state.check([header(0n, 0), header(1n, 5)], 0)).toMatchObject({ kind: 'error', errorCode: 45 });
    expect(state.entry(1n)).toBeUndefined();
  });

  it('survives a snapshot round trip', () => {
    const state = new ProducerStateManager();
    appendOk(state, header(0n, 0, 3, 2, 77n));
    const restored = ProducerStateManager.fromSnapshot(state.toSnapshot());
    expect(restored.check([header(9n, 0, 3, 2, 77n)], 0)).toMatchObject({ kind: 'duplicate', firstOffset: 0n, lastOffset: 2n });
    expect(restored.check([header(9n, 3, 1, 1, 77n)], 0)).toMatchObject({ kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
  });

  it('forgets producers idle longer than the expiration', () => {
    const state = new ProducerStateManager();
    appendOk(state, header(0n, 0));
    state.removeExpired(1000, 500);
    expect(state.producerCount).toBe(0);
  });
});
