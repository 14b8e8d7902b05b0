import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defaultLogConfig, PartitionLog } from '../log/partition-log.ts';
import { FaultInjectingFileSystem } from '../log/test-support/fault-injecting-file-system.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { TransactionCoordinator, type TransactionCoordinatorDeps } from './transaction-coordinator.ts';
import { decodeTransactionLogRecord, legacyStagedOffsetsTombstone, type TransactionLogRecord } from './transaction-log-records.ts';
import type { TransactionRecordStore } from './transaction-log-store.ts';
import { TxnState } from './transaction-metadata.ts';
import type { TxnMarker } from '../log/txn-marker.ts';

/** __transaction_state in memory: the records in append order, as a replay would return them. */
class MemoryStore implements TransactionRecordStore {
  readonly records: TransactionLogRecord[] = [];
  async append(_transactionalId: string, records: TransactionLogRecord[]): Promise<void> {
    this.records.push(...records);
  }
  async *replay(): AsyncGenerator<TransactionLogRecord> {
    yield* this.records;
  }
}

async function setup() {
  const store = new MemoryStore();
  const fs = new FaultInjectingFileSystem();
  const log = await PartitionLog.open('/data/out-0', defaultLogConfig, fs);
  const offsetsLog = await PartitionLog.open('/data/__consumer_offsets-0', defaultLogConfig, fs);
  const markers: { topic: string; partition: number; marker: TxnMarker }[] = [];
  let nextProducerId = 100n;
  let failMarkers = false;
  const deps: TransactionCoordinatorDeps = {
    store,
    allocateProducerId: async () => nextProducerId++,
    partitionLog: (topic, partition) => {
      if (failMarkers) throw new Error('disk unavailable');
      if (partition !== 0) return undefined;
      return topic === 'out' ? log : topic === '__consumer_offsets' ? offsetsLog : undefined;
    },
    onMarkerWritten: (topic, partition, marker) => void markers.push({ topic, partition, marker }),
    offsetsPartitionFor: () => ({ topic: '__consumer_offsets', partition: 0 }),
    log: () => undefined,
  };
  const coordinator = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, deps);
  return { store, log, offsetsLog, markers, deps, coordinator, setFailMarkers: (fail: boolean) => (failMarkers = fail) };
}

describe('TransactionCoordinator', () => {
  it('writes Kafka TransactionLogValue records for each state change', async () => {
    const { coordinator, store } = await setup();
    const init = await coordinator.initProducerId('app-1', 60_000, null);
    expect(init).toEqual({ errorCode: ErrorCode.NONE, producerId: 100n, producerEpoch: 0 });
    expect(await coordinator.addPartitions('app-1', 100n, 0, [{ topic: 'out', partition: 0 }])).toBe(ErrorCode.NONE);
    expect(await coordinator.endTxn('app-1', 100n, 0, true)).toBe(ErrorCode.NONE);
    const states = store.records
      .map((record) => decodeTransactionLogRecord(record))
      .map((decoded) => (decoded.kind === 'txn' ? decoded.value?.transactionStatus : null));
    expect(states).toEqual([TxnState.Empty, TxnState.Ongoing, TxnState.PrepareCommit, TxnState.CompleteCommit]);
  });

  it('completes a transaction left prepared when a new coordinator loads the log, with markers in __consumer_offsets too', async () => {
    const first = await setup();
    await first.coordinator.initProducerId('app-2', 60_000, null);
    await first.coordinator.addPartitions('app-2', 100n, 0, [{ topic: 'out', partition: 0 }]);
    expect(await first.coordinator.addOffsets('app-2', 100n, 0, 'g')).toBe(ErrorCode.NONE);
    const appended = await first.log.append(
      buildRecordBatch({ records: [{ value: 'x' }], producerId: 100n, producerEpoch: 0, baseSequence: 0, transactional: true }),
    );
    expect(appended.errorCode).toBe(0);
    expect(first.coordinator.checkTxnOffsetCommit('app-2', 100n, 0, 'g')).toBe(ErrorCode.NONE);
    first.setFailMarkers(true);
    // The decision is durable once PrepareCommit is written, so the client is told NONE.
    expect(await first.coordinator.endTxn('app-2', 100n, 0, true)).toBe(ErrorCode.NONE);
    expect(first.coordinator.transaction('app-2')?.state).toBe(TxnState.PrepareCommit);
    expect(first.log.lastStableOffset).toBe(0n);
    expect(first.markers).toEqual([]);

    // A "restarted" coordinator over the same records and logs.
    first.setFailMarkers(false);
    const second = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, first.deps);
    await second.load(first.store.replay());
    expect(second.transaction('app-2')?.state).toBe(TxnState.PrepareCommit);
    expect(await second.initProducerId('app-2', 60_000, null)).toMatchObject({ errorCode: ErrorCode.CONCURRENT_TRANSACTIONS });
    await second.completePrepared();
    expect(second.transaction('app-2')?.state).toBe(TxnState.CompleteCommit);
    expect(first.log.lastStableOffset).toBe(first.log.highWatermark);
    const commit = { producerId: 100n, producerEpoch: 0, commit: true, coordinatorEpoch: 0 };
    expect(first.markers.sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
      { topic: '__consumer_offsets', partition: 0, marker: commit },
      { topic: 'out', partition: 0, marker: commit },
    ]);
    expect(first.offsetsLog.logEndOffset).toBe(1n);
    expect(await second.initProducerId('app-2', 60_000, null)).toEqual({ errorCode: ErrorCode.NONE, producerId: 100n, producerEpoch: 1 });
  });

  it("lets TxnOffsetCommit through only for the ongoing transaction holding the group's partition", async () => {
    const { coordinator } = await setup();
    await coordinator.initProducerId('app-4', 60_000, null);
    expect(coordinator.checkTxnOffsetCommit('app-4', 100n, 0, 'g')).toBe(ErrorCode.INVALID_TXN_STATE);
    await coordinator.addOffsets('app-4', 100n, 0, 'g');
    expect(coordinator.checkTxnOffsetCommit('app-4', 100n, 0, 'g')).toBe(ErrorCode.NONE);
    expect(coordinator.checkTxnOffsetCommit('app-4', 101n, 0, 'g')).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(coordinator.checkTxnOffsetCommit('app-4', 100n, 1, 'g')).toBe(ErrorCode.PRODUCER_FENCED);
    expect(await coordinator.endTxn('app-4', 100n, 0, false)).toBe(ErrorCode.NONE);
    expect(coordinator.checkTxnOffsetCommit('app-4', 100n, 0, 'g')).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('tombstones the staged-offsets records earlier versions kept in __transaction_state', async () => {
    const { coordinator, store, deps } = await setup();
    await coordinator.initProducerId('app-5', 60_000, null);
    const body = JSON.stringify({ producerId: '100', producerEpoch: 0, offsets: [['g5', 'in', 0, '3', -1, null]] });
    store.records.push({
      key: legacyStagedOffsetsTombstone('app-5').key,
      value: Buffer.concat([Buffer.from([0, 1]), Buffer.from(body, 'utf8')]),
    });
    const restarted = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, deps);
    await restarted.load(store.replay());
    expect(restarted.transaction('app-5')?.state).toBe(TxnState.Empty);
    expect(decodeTransactionLogRecord(store.records[store.records.length - 1])).toEqual({
      kind: 'legacy-staged-offsets',
      transactionalId: 'app-5',
      tombstone: true,
    });
    // Once tombstoned, a later start writes nothing more.
    const count = store.records.length;
    await new TransactionCoordinator({ maxTimeoutMs: 900_000 }, deps).load(store.replay());
    expect(store.records).toHaveLength(count);
  });

  it('refuses timeouts above transaction.max.timeout.ms and fences stale epochs', async () => {
    const { coordinator } = await setup();
    expect((await coordinator.initProducerId('app-3', 900_001, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await coordinator.initProducerId('app-3', 0, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    await coordinator.initProducerId('app-3', 1000, null);
    await coordinator.initProducerId('app-3', 1000, null);
    expect(await coordinator.addPartitions('app-3', 100n, 0, [{ topic: 'out', partition: 0 }])).toBe(ErrorCode.PRODUCER_FENCED);
    expect((await coordinator.initProducerId('app-3', 1000, { producerId: 100n, producerEpoch: 7 })).errorCode).toBe(
      ErrorCode.PRODUCER_FENCED,
    );
    expect(coordinator.verifyProduce(100n, 1, 'out', 0)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(coordinator.verifyProduce(100n, 0, 'out', 0)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });
});
