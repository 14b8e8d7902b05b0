import { describe, expect, it } from 'vitest';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { isControl, readBatchHeader } from '../protocol/record-batch.ts';
import { defaultLogConfig, PartitionLog, type LogConfig } from './partition-log.ts';
import { FaultInjectingFileSystem } from './test-support/fault-injecting-file-system.ts';
import { controlTypeOf, CONTROL_TYPE_COMMIT } from './txn-marker.ts';

const DIR = '/data/txn-0';
const smallSegments: LogConfig = { ...defaultLogConfig, segmentBytes: 1024, indexIntervalBytes: 128 };

function txnBatch(producerId: bigint, baseSequence: number, count = 2, producerEpoch = 0): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${baseSequence + i}-${'x'.repeat(30)}` }));
  return buildRecordBatch({ records, producerId, producerEpoch, baseSequence, transactional: true });
}

function plainBatch(): Buffer {
  return buildRecordBatch({ records: [{ value: 'plain' }] });
}

async function append(log: PartitionLog, records: Buffer): Promise<bigint> {
  const result = await log.append(records);
  if ('message' in result) throw new Error(result.message);
  return result.baseOffset;
}

describe('PartitionLog transactions', () => {
  it('holds the last stable offset at the first open transaction until its marker', async () => {
    const log = await PartitionLog.open(DIR, defaultLogConfig, new FaultInjectingFileSystem());
    await append(log, plainBatch());
    const first = await append(log, txnBatch(7n, 0));
    await append(log, plainBatch());
    expect(log.lastStableOffset).toBe(first);
    expect(log.highWatermark).toBe(4n);
    const marker = await log.appendTxnMarker({ producerId: 7n, producerEpoch: 0, commit: true, coordinatorEpoch: 0 });
    if ('message' in marker) throw new Error(marker.message);
    expect(marker.baseOffset).toBe(4n);
    expect(log.lastStableOffset).toBe(log.highWatermark);
    expect(log.abortedTransactions(0n, 100n)).toEqual([]);
    const read = await log.read(4n, 10_000, { minOneBatch: true });
    if (!('records' in read)) throw new Error('read failed');
    const header = readBatchHeader(read.records[0], 0);
    expect(isControl(header.attributes)).toBe(true);
    expect(header.producerId).toBe(7n);
    expect(controlTypeOf(read.records[0])).toBe(CONTROL_TYPE_COMMIT);
    await log.close();
  });

  it('indexes aborted transactions and reports those overlapping a range', async () => {
    const log = await PartitionLog.open(DIR, defaultLogConfig, new FaultInjectingFileSystem());
    await append(log, txnBatch(1n, 0)); // 0-1
    await append(log, txnBatch(2n, 0)); // 2-3
    await log.appendTxnMarker({ producerId: 1n, producerEpoch: 0, commit: false, coordinatorEpoch: 0 }); // 4
    expect(log.lastStableOffset).toBe(2n);
    await log.appendTxnMarker({ producerId: 2n, producerEpoch: 0, commit: true, coordinatorEpoch: 0 }); // 5
    await append(log, plainBatch()); // 6
    expect(log.abortedTransactions(0n, 7n)).toEqual([{ producerId: 1n, firstOffset: 0n, lastOffset: 4n }]);
    expect(log.abortedTransactions(5n, 7n)).toEqual([]);
    expect(log.abortedTransactions(3n, 4n)).toEqual([{ producerId: 1n, firstOffset: 0n, lastOffset: 4n }]);
    await log.close();
  });

  it('rejects data from an epoch older than the last marker', async () => {
    const log = await PartitionLog.open(DIR, defaultLogConfig, new FaultInjectingFileSystem());
    await append(log, txnBatch(3n, 0));
    await log.appendTxnMarker({ producerId: 3n, producerEpoch: 1, commit: false, coordinatorEpoch: 0 });
    const zombie = await log.append(txnBatch(3n, 2));
    expect(zombie.errorCode).toBe(47);
    await log.close();
  });

  it('rebuilds open transactions and the aborted index after a clean restart and after a crash', async () => {
    const fs = new FaultInjectingFileSystem();
    let log = await PartitionLog.open(DIR, smallSegments, fs);
    let sequence = 0;
    for (let round = 0; round < 6; round++) {
      await append(log, txnBatch(5n, sequence));
      sequence += 2;
      await log.appendTxnMarker({ producerId: 5n, producerEpoch: 0, commit: round % 2 === 0, coordinatorEpoch: 0 });
    }
    const open = await append(log, txnBatch(6n, 0));
    const aborted = log.abortedTransactions(0n, log.logEndOffset);
    expect(aborted).toHaveLength(3);
    await log.close();

    log = await PartitionLog.open(DIR, smallSegments, fs);
    expect(log.lastStableOffset).toBe(open);
    expect(log.abortedTransactions(0n, log.logEndOffset)).toEqual(aborted);
    await log.appendTxnMarker({ producerId: 6n, producerEpoch: 0, commit: false, coordinatorEpoch: 0 });
    const afterMarker = log.abortedTransactions(0n, log.logEndOffset);
    expect(afterMarker).toHaveLength(4);

    fs.crash('process');
    log = await PartitionLog.open(DIR, smallSegments, fs);
    expect(log.lastStableOffset).toBe(log.highWatermark);
    expect(log.abortedTransactions(0n, log.logEndOffset)).toEqual(afterMarker);
    await log.close();
  });
});
