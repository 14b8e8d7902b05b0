import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defaultLogConfig, PartitionLog } from '../log/partition-log.ts';
import { FaultInjectingFileSystem } from '../log/test-support/fault-injecting-file-system.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { TransactionCoordinator, type TransactionCoordinatorDeps } from './transaction-coordinator.ts';
import { decodeTransactionLogRecord, stagedOffsetsRecord, type TransactionLogRecord } from './transaction-log-records.ts';
import type { TransactionRecordStore } from './transaction-log-store.ts';
import { TxnState, type StagedOffset } from './transaction-metadata.ts';

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
  const log = await PartitionLog.open('/data/out-0', defaultLogConfig, new FaultInjectingFileSystem());
  const committed: StagedOffset[] = [];
  let nextProducerId = 100n;
  let failMarkers = false;
  const deps: TransactionCoordinatorDeps = {
    store,
    allocateProducerId: async () => nextProducerId++,
    partitionLog: (topic, partition) => {
      if (failMarkers) throw new Error('disk unavailable');
      return topic === 'out' && partition === 0 ? log : undefined;
    },
    onMarkerWritten: () => undefined,
    offsetsPartitionFor: () => ({ topic: '__consumer_offsets', partition: 0 }),
    commitOffsets: async (offsets) => {
      committed.push(...offsets);
    },
    log: () => undefined,
  };
  const coordinator = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, deps);
  return { store, log, committed, deps, coordinator, setFailMarkers: (fail: boolean) => (failMarkers = fail) };
}

describe('TransactionCoordinator', () => {
  it('writes Kafka TransactionLogValue records for each state change', async () => {
    const { coordinator, store } = await setup();
    const init = await coordinator.initProducerId('app-1', 60_000, null);
    expect(init).toEqual({ errorCode: ErrorCode.NONE, producerId: 100n, producerEpoch: 0 });
    expect(await coordinator.addPartitions('app-1', 100n, 0, [{ topic: 'out', partition: 0 }])).toBe(ErrorCode.NONE);
    expect(await coordinator.endTxn('app-1', 100n, 0, true)).toBe(ErrorCode.NONE);
    const states = store.records.map((record) => decodeTransactionLogRecord(record)).map((decoded) => (decoded.kind === 'txn' ? decoded.value?.transactionStatus : null));
    expect(states).toEqual([TxnState.Empty, TxnState.Ongoing, TxnState.PrepareCommit, TxnState.CompleteCommit]);
  });

  it('completes a transaction left prepared when a new coordinator loads the log, committing its staged offsets', async () => {
    const first = await setup();
    await first.coordinator.initProducerId('app-2', 60_000, null);
    await first.coordinator.addPartitions('app-2', 100n, 0, [{ topic: 'out', partition: 0 }, { topic: '__consumer_offsets', partition: 0 }]);
    const appended = await first.log.append(buildRecordBatch({ records: [{ value: 'x' }], producerId: 100n, producerEpoch: 0, baseSequence: 0, transactional: true }));
    expect(appended.errorCode).toBe(0);
    const offset: StagedOffset = { groupId: 'g', topic: 'in', partition: 0, offset: 42n, leaderEpoch: -1, metadata: null };
    expect(await first.coordinator.stageOffsets('app-2', 100n, 0, 'g', [offset])).toBe(ErrorCode.NONE);
    first.setFailMarkers(true);
    // The decision is durable once PrepareCommit is written, so the client is told NONE.
    expect(await first.coordinator.endTxn('app-2', 100n, 0, true)).toBe(ErrorCode.NONE);
    expect(first.coordinator.transaction('app-2')?.state).toBe(TxnState.PrepareCommit);
    expect(first.log.lastStableOffset).toBe(0n);
    expect(first.committed).toEqual([]);

    // A "restarted" coordinator over the same records and log.
    const second = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, { ...first.deps, partitionLog: (topic, partition) => (topic === 'out' && partition === 0 ? first.log : undefined) });
    await second.load(first.store.replay());
    expect(second.transaction('app-2')?.state).toBe(TxnState.PrepareCommit);
    expect(await second.initProducerId('app-2', 60_000, null)).toMatchObject({ errorCode: ErrorCode.CONCURRENT_TRANSACTIONS });
    await second.completePrepared();
    expect(second.transaction('app-2')?.state).toBe(TxnState.CompleteCommit);
    expect(first.log.lastStableOffset).toBe(first.log.highWatermark);
    expect(first.committed).toEqual([offset]);
    expect(await second.initProducerId('app-2', 60_000, null)).toEqual({ errorCode: ErrorCode.NONE, producerId: 100n, producerEpoch: 1 });
  });

  it('drops a deleted topic\'s staged offsets from an ongoing and from a prepared transaction, durably', async () => {
    const { coordinator, store, committed, deps, setFailMarkers } = await setup();
    const staged = (id: string, topic: string): StagedOffset => ({ groupId: `g-${id}`, topic, partition: 0, offset: 5n, leaderEpoch: -1, metadata: null });
    for (const [index, id] of ['ongoing', 'prepared'].entries()) {
      const producerId = 100n + BigInt(index);
      await coordinator.initProducerId(id, 60_000, null);
      await coordinator.addPartitions(id, producerId, 0, [{ topic: 'out', partition: 0 }, { topic: '__consumer_offsets', partition: 0 }]);
      expect(await coordinator.stageOffsets(id, producerId, 0, `g-${id}`, [staged(id, 'doomed'), staged(id, 'kept')])).toBe(ErrorCode.NONE);
    }
    setFailMarkers(true);
    expect(await coordinator.endTxn('prepared', 101n, 0, true)).toBe(ErrorCode.NONE);
    expect(coordinator.transaction('prepared')?.state).toBe(TxnState.PrepareCommit);

    expect(await coordinator.dropStagedOffsets('doomed')).toBe(2);
    expect(coordinator.hasPendingOffsetCommit('g-ongoing', 'doomed', 0)).toBe(false);
    expect(coordinator.hasPendingOffsetCommit('g-ongoing', 'kept', 0)).toBe(true);

    // A coordinator loaded from the log before completion sees both transactions' rewritten offsets.
    const reloaded = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, deps);
    await reloaded.load(store.replay());
    for (const id of ['ongoing', 'prepared']) {
      expect(reloaded.hasPendingOffsetCommit(`g-${id}`, 'doomed', 0)).toBe(false);
      expect(reloaded.hasPendingOffsetCommit(`g-${id}`, 'kept', 0)).toBe(true);
    }

    setFailMarkers(false);
    await coordinator.completePrepared();
    expect(await coordinator.endTxn('ongoing', 100n, 0, true)).toBe(ErrorCode.NONE);
    expect(committed).toEqual([staged('prepared', 'kept'), staged('ongoing', 'kept')]);
    // Both completions cleared their staged records: nothing is pending after a reload.
    const afterCommit = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, deps);
    await afterCommit.load(store.replay());
    expect(['ongoing', 'prepared'].some((id) => afterCommit.hasPendingOffsetCommit(`g-${id}`, 'kept', 0))).toBe(false);
    const tombstones = store.records.map((record) => decodeTransactionLogRecord(record)).filter((decoded) => decoded.kind === 'staged' && decoded.staged === null);
    expect(tombstones).toHaveLength(2);
  });

  it('does not attach staged offsets of a finished transaction to the next one after a restart', async () => {
    const { coordinator, store, committed, deps } = await setup();
    const offset: StagedOffset = { groupId: 'g', topic: 'in', partition: 0, offset: 7n, leaderEpoch: -1, metadata: null };
    await coordinator.initProducerId('app-4', 60_000, null);
    await coordinator.addPartitions('app-4', 100n, 0, [{ topic: 'out', partition: 0 }, { topic: '__consumer_offsets', partition: 0 }]);
    expect(await coordinator.stageOffsets('app-4', 100n, 0, 'g', [offset])).toBe(ErrorCode.NONE);
    expect(await coordinator.endTxn('app-4', 100n, 0, true)).toBe(ErrorCode.NONE);
    // The next transaction of the same producer id and epoch (classic protocol: no bump between them).
    expect(await coordinator.addPartitions('app-4', 100n, 0, [{ topic: 'out', partition: 0 }])).toBe(ErrorCode.NONE);
    expect(committed).toEqual([offset]);

    // Logs where the first transaction's staged record outlived it: its tombstone lost; and, as compaction
    // may leave it, only that record and the latest transaction record (no CompleteCommit between them).
    const decoded = store.records.map((record) => decodeTransactionLogRecord(record));
    const tombstoneLost = store.records.filter((_, index) => !(decoded[index].kind === 'staged' && decoded[index].staged === null));
    const leftover = store.records.find((_, index) => decoded[index].kind === 'staged');
    const latestTxn = store.records.findLast((_, index) => decoded[index].kind === 'txn');
    for (const records of [tombstoneLost, [leftover!, latestTxn!]]) {
      const replayed = new MemoryStore();
      replayed.records.push(...records);
      const restarted = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, { ...deps, store: replayed });
      await restarted.load(replayed.replay());
      expect(restarted.transaction('app-4')?.state).toBe(TxnState.Ongoing);
      expect(restarted.hasPendingOffsetCommit('g', 'in', 0)).toBe(false);
      // The leftover is tombstoned, and committing the next transaction commits no offsets.
      expect(decodeTransactionLogRecord(replayed.records[records.length])).toEqual({ kind: 'staged', transactionalId: 'app-4', staged: null });
      expect(await restarted.endTxn('app-4', 100n, 0, true)).toBe(ErrorCode.NONE);
      expect(committed).toEqual([offset]);
    }
  });

  it('still loads an untagged staged-offsets record written by the current transaction', async () => {
    const { coordinator, store, deps } = await setup();
    await coordinator.initProducerId('app-5', 60_000, null);
    await coordinator.addPartitions('app-5', 100n, 0, [{ topic: '__consumer_offsets', partition: 0 }]);
    // Version 0 value, as written before staged offsets carried their transaction's start timestamp.
    const body = JSON.stringify({ producerId: '100', producerEpoch: 0, offsets: [['g5', 'in', 0, '3', -1, null]] });
    const value = Buffer.concat([Buffer.from([0, 0]), Buffer.from(body, 'utf8')]);
    store.records.push({ key: stagedOffsetsRecord('app-5', null).key, value });
    const restarted = new TransactionCoordinator({ maxTimeoutMs: 900_000 }, deps);
    await restarted.load(store.replay());
    expect(restarted.hasPendingOffsetCommit('g5', 'in', 0)).toBe(true);
  });

  it('refuses timeouts above transaction.max.timeout.ms and fences stale epochs', async () => {
    const { coordinator } = await setup();
    expect((await coordinator.initProducerId('app-3', 900_001, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await coordinator.initProducerId('app-3', 0, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    await coordinator.initProducerId('app-3', 1000, null);
    await coordinator.initProducerId('app-3', 1000, null);
    expect(await coordinator.addPartitions('app-3', 100n, 0, [{ topic: 'out', partition: 0 }])).toBe(ErrorCode.PRODUCER_FENCED);
    expect((await coordinator.initProducerId('app-3', 1000, { producerId: 100n, producerEpoch: 7 })).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    expect(coordinator.verifyProduce(100n, 1, 'out', 0)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(coordinator.verifyProduce(100n, 0, 'out', 0)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });
});
