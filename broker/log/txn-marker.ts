// Transaction markers (Kafka's EndTransactionMarker): a control batch (transactional + control bits,
// the producer's id and epoch, no sequence) holding one record whose key is `int16 version 0, int16 type`
// (0 ABORT, 1 COMMIT) and whose value is `int16 version 0, int32 coordinatorEpoch`.

import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { decodeBatchRecords } from './batch-records.ts';

export const CONTROL_TYPE_ABORT = 0;
export const CONTROL_TYPE_COMMIT = 1;

export interface TxnMarker {
  producerId: bigint;
  producerEpoch: number;
  commit: boolean;
  coordinatorEpoch: number;
}

export function buildTxnMarkerBatch(marker: TxnMarker, nowMs: number): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(marker.commit ? CONTROL_TYPE_COMMIT : CONTROL_TYPE_ABORT, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(marker.coordinatorEpoch, 2);
  return buildRecordBatch({
    records: [{ key, value, timestampMs: nowMs }],
    producerId: marker.producerId,
    producerEpoch: marker.producerEpoch,
    baseSequence: -1,
    transactional: true,
    control: true,
    nowMs,
  });
}

/** The control type of a stored control batch (0 ABORT, 1 COMMIT, ...), or null if unreadable. */
export function controlTypeOf(batch: Buffer): number | null {
  try {
    const key = decodeBatchRecords(batch)?.[0]?.key;
    return key !== null && key !== undefined && key.length >= 4 ? key.readInt16BE(2) : null;
  } catch {
    return null;
  }
}
