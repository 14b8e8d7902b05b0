// Reads and writes the internal topic __consumer_offsets: created on first write (internal, compacted),
// each group's records go to the partition Kafka would pick. A write resolves only once the batch is in
// the partition's log file, so an acknowledged commit survives kill -9 (the page cache outlives the process).

import type { TopicRegistry, Topic } from '../topics/topic-registry.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { readBatchHeader, isControl, LOG_OVERHEAD_BYTES, BATCH_HEADER_BYTES } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { offsetsPartitionFor } from './offsets-partition.ts';
import type { OffsetsTopicRecord } from './offsets-topic-records.ts';

export const OFFSETS_TOPIC = '__consumer_offsets';
/** Kafka's offsets topic configs (GroupCoordinatorConfig): compacted, 100 MiB segments. */
const OFFSETS_TOPIC_CONFIGS: Record<string, string> = {
  'cleanup.policy': 'compact',
  'compression.type': 'producer',
  'segment.bytes': '104857600',
};
const REPLAY_READ_BYTES = 1024 * 1024;

export interface OffsetsTopicStoreOptions {
  topics: TopicRegistry;
  /** offsets.topic.num.partitions, used when the topic is created; an existing topic keeps its count. */
  partitionCount: number;
}

export class OffsetsTopicStore {
  private readonly options: OffsetsTopicStoreOptions;
  private creating: Promise<Topic> | null = null;

  constructor(options: OffsetsTopicStoreOptions) {
    this.options = options;
  }

  /** Appends the records of one group as one batch; throws if the log refuses or fails the write. */
  async append(groupId: string, records: OffsetsTopicRecord[], nowMs = Date.now()): Promise<void> {
    if (records.length === 0) return;
    const topic = await this.topic();
    const log = topic.partitions[offsetsPartitionFor(groupId, topic.partitions.length)];
    const batch = buildRecordBatch({ records: records.map(({ key, value }) => ({ key, value })), nowMs });
    const result = await log.append(batch, nowMs);
    if ('message' in result) throw new Error(`writing to ${OFFSETS_TOPIC} failed: ${result.message}`);
  }

  /** Every record of the topic in log order (partition by partition: a group lives in one partition). */
  async *replay(): AsyncGenerator<OffsetsTopicRecord> {
    const topic = this.options.topics.get(OFFSETS_TOPIC);
    if (topic === undefined) return;
    for (const log of topic.partitions) {
      let offset = log.logStartOffset;
      // Each read returns at least one batch (minOneBatch) and `offset` moves past it, so this ends.
      while (offset < log.logEndOffset) {
        const result = await log.read(offset, REPLAY_READ_BYTES, { minOneBatch: true, maxOffset: log.logEndOffset });
        if ('message' in result) throw new Error(`replaying ${OFFSETS_TOPIC}: ${result.message}`);
        const next = yield* this.recordsOf(result.records);
        if (next === null || next <= offset) break;
        offset = next;
      }
    }
  }

  /** Yields the records of the batches in `chunks`; returns the offset after the last batch. */
  private *recordsOf(chunks: Buffer[]): Generator<OffsetsTopicRecord, bigint | null> {
    let nextOffset: bigint | null = null;
    for (const chunk of chunks) {
      let position = 0;
      while (position + BATCH_HEADER_BYTES <= chunk.length) {
        const header = readBatchHeader(chunk, position);
        const end = position + header.batchLength + LOG_OVERHEAD_BYTES;
        if (end > chunk.length) break;
        // Control batches (transaction markers) carry no coordinator records.
        const records = isControl(header.attributes) ? [] : (decodeBatchRecords(chunk.subarray(position, end)) ?? []);
        for (const record of records) {
          if (record.key !== null) yield { key: record.key, value: record.value };
        }
        nextOffset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
        position = end;
      }
    }
    return nextOffset;
  }

  private topic(): Promise<Topic> {
    const existing = this.options.topics.get(OFFSETS_TOPIC);
    if (existing !== undefined) return Promise.resolve(existing);
    this.creating ??= this.options.topics.createTopic(OFFSETS_TOPIC, this.options.partitionCount, { ...OFFSETS_TOPIC_CONFIGS }).finally(() => {
      this.creating = null;
    });
    return this.creating;
  }
}
