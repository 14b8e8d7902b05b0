// Reads and writes the internal topic __transaction_state: created on first write (internal, compacted),
// each transactional id's records go to the partition Kafka would pick (abs(hashCode) % partitions).
// A write resolves once the batch is in the partition's log file (the page cache outlives kill -9).

import type { TopicRegistry, Topic } from '../topics/topic-registry.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { readBatchHeader, LOG_OVERHEAD_BYTES, BATCH_HEADER_BYTES } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { offsetsPartitionFor } from '../coordinator/offsets-partition.ts';
import type { TransactionLogRecord } from './transaction-log-records.ts';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';
/** Kafka's transaction log topic configs (TransactionLogConfig): compacted, 100 MiB segments. */
const TRANSACTION_STATE_TOPIC_CONFIGS: Record<string, string> = {
  'cleanup.policy': 'compact',
  'compression.type': 'producer',
  'segment.bytes': '104857600',
};
const REPLAY_READ_BYTES = 1024 * 1024;

export interface TransactionRecordStore {
  append(transactionalId: string, records: TransactionLogRecord[], nowMs?: number): Promise<void>;
}

export class TransactionLogStore implements TransactionRecordStore {
  private readonly topics: TopicRegistry;
  /** transaction.state.log.num.partitions, used when the topic is created. */
  private readonly partitionCount: number;
  private creating: Promise<Topic> | null = null;

  constructor(topics: TopicRegistry, partitionCount: number) {
    this.topics = topics;
    this.partitionCount = partitionCount;
  }

  /** Appends the records as one batch (atomic); throws if the log refuses or fails the write. */
  async append(transactionalId: string, records: TransactionLogRecord[], nowMs = Date.now()): Promise<void> {
    if (records.length === 0) return;
    const topic = await this.topic();
    const log = topic.partitions[offsetsPartitionFor(transactionalId, topic.partitions.length)];
    const batch = buildRecordBatch({ records: records.map(({ key, value }) => ({ key, value })), nowMs });
    const result = await log.append(batch, nowMs);
    if ('message' in result) throw new Error(`writing to ${TRANSACTION_STATE_TOPIC} failed: ${result.message}`);
  }

  /** Every record of the topic in log order, partition by partition (a transactional id lives in one). */
  async *replay(): AsyncGenerator<TransactionLogRecord> {
    const topic = this.topics.get(TRANSACTION_STATE_TOPIC);
    if (topic === undefined) return;
    for (const log of topic.partitions) {
      let offset = log.logStartOffset;
      // Each read returns at least one batch (minOneBatch) and `offset` moves past it, so this ends.
      while (offset < log.logEndOffset) {
        const result = await log.read(offset, REPLAY_READ_BYTES, { minOneBatch: true, maxOffset: log.logEndOffset });
        if ('message' in result) throw new Error(`replaying ${TRANSACTION_STATE_TOPIC}: ${result.message}`);
        const next = yield* recordsOf(result.records);
        if (next === null || next <= offset) break;
        offset = next;
      }
    }
  }

  private topic(): Promise<Topic> {
    const existing = this.topics.get(TRANSACTION_STATE_TOPIC);
    if (existing !== undefined) return Promise.resolve(existing);
    this.creating ??= this.topics.createTopic(TRANSACTION_STATE_TOPIC, this.partitionCount, { ...TRANSACTION_STATE_TOPIC_CONFIGS }).finally(() => {
      this.creating = null;
    });
    return this.creating;
  }
}

/** Yields the keyed records of the batches in `chunks`; returns the offset after the last batch. */
function* recordsOf(chunks: Buffer[]): Generator<TransactionLogRecord, bigint | null> {
  let nextOffset: bigint | null = null;
  for (const chunk of chunks) {
    let position = 0;
    while (position + BATCH_HEADER_BYTES <= chunk.length) {
      const header = readBatchHeader(chunk, position);
      const end = position + header.batchLength + LOG_OVERHEAD_BYTES;
      if (end > chunk.length) break;
      for (const record of decodeBatchRecords(chunk.subarray(position, end)) ?? []) {
        if (record.key !== null) yield { key: record.key, value: record.value };
      }
      nextOffset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
      position = end;
    }
  }
  return nextOffset;
}
