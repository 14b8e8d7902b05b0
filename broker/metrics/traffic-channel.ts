// Per-topic traffic published by Produce and Fetch for the metrics exporter (no metrics code in handlers).
// Counting reads only batch headers: records stay bytes on the produce -> fetch path.

import diagnosticsChannel from 'node:diagnostics_channel';
import {
  BATCH_HEADER_BYTES,
  BATCH_OFFSET_OF_BATCH_LENGTH,
  BATCH_OFFSET_OF_RECORDS_COUNT,
  LOG_OVERHEAD_BYTES,
  MIN_BATCH_LENGTH,
} from '../protocol/record-batch.ts';

export const trafficChannel = diagnosticsChannel.channel('samsa.broker.traffic');

export interface TrafficEvent {
  /** 'in': appended by Produce; 'out': returned by Fetch. */
  direction: 'in' | 'out';
  topic: string;
  partition: number;
  bytes: number;
  records: number;
}

/** Sum of the recordsCount fields of the whole v2 batches laid end to end in `buffers`. */
export function countBatchRecords(buffers: readonly Buffer[]): number {
  let records = 0;
  for (const buffer of buffers) {
    let position = 0;
    // Each step advances by at least a batch header, so the loop ends within buffer.length / 61 steps.
    while (position + BATCH_HEADER_BYTES <= buffer.length) {
      records += Math.max(0, buffer.readInt32BE(position + BATCH_OFFSET_OF_RECORDS_COUNT));
      position += LOG_OVERHEAD_BYTES + Math.max(MIN_BATCH_LENGTH, buffer.readInt32BE(position + BATCH_OFFSET_OF_BATCH_LENGTH));
    }
  }
  return records;
}

/** Publishes one partition's traffic when someone listens (the count costs a header walk otherwise saved). */
export function publishTraffic(direction: TrafficEvent['direction'], topic: string, partition: number, buffers: readonly Buffer[]): void {
  if (!trafficChannel.hasSubscribers) return;
  let bytes = 0;
  for (const buffer of buffers) bytes += buffer.length;
  if (bytes === 0) return;
  trafficChannel.publish({ direction, topic, partition, bytes, records: countBatchRecords(buffers) } satisfies TrafficEvent);
}
