// An internal, compacted topic that a coordinator keeps its state in (__consumer_offsets,
// __transaction_state): created on first write, each key's records in the partition Kafka would pick
// (abs(javaHashCode(key)) % partitions), replayed in log order at start-up. A write resolves only once the
// batch is in the partition's log file, so an acknowledged change survives kill -9 (the page cache outlives
// the process).

import type { TopicRegistry, Topic } from '../topics/topic-registry.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { readBatchHeader, isControl, LOG_OVERHEAD_BYTES, BATCH_HEADER_BYTES } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { offsetsPartitionFor } from './offsets-partition.ts';

/** A coordinator record: key and value bytes, each starting with its int16 schema version; null value = tombstone. */
export interface CoordinatorRecord {
  key: Buffer;
  value: Buffer | null;
}

/** Kafka's configs for its coordinator topics: compacted, 100 MiB segments. */
const COORDINATOR_TOPIC_CONFIGS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'compact',
  'compression.type': 'producer',
  'segment.bytes': '104857600',
};
const REPLAY_READ_BYTES = 1024 * 1024;

export class CoordinatorTopicLog {
  readonly name: string;
  private readonly topics: TopicRegistry;
  /** Used when the topic is created; an existing topic keeps its count. */
  private readonly partitionCount: number;
  private creating: Promise<Topic> | null = null;

  constructor(topics: TopicRegistry, name: string, partitionCount: number) {
    this.topics = topics;
    this.name = name;
    this.partitionCount = partitionCount;
  }

  /** Appends the records of one key (group, transactional id) as one atomic batch; throws if the log refuses or fails the write. */
  async append(key: string, records: readonly CoordinatorRecord[], nowMs = Date.now()): Promise<void> {
    if (records.length === 0) return;
    const topic = await this.topic();
    const log = topic.partitions[offsetsPartitionFor(key, topic.partitions.length)];
    const batch = buildRecordBatch({ records: records.map(({ key: recordKey, value }) => ({ key: recordKey, value })), nowMs });
    const result = await log.append(batch, nowMs);
    if ('message' in result) throw new Error(`writing to ${this.name} failed: ${result.message}`);
  }

  /** Every keyed record of the topic in log order, partition by partition (a key lives in one partition). */
  async *replay(): AsyncGenerator<CoordinatorRecord> {
    const topic = this.topics.get(this.name);
    if (topic === undefined) return;
    for (const log of topic.partitions) {
      let offset = log.logStartOffset;
      // Each read returns at least one batch (minOneBatch) and `offset` moves past it, so this ends.
      while (offset < log.logEndOffset) {
        const result = await log.read(offset, REPLAY_READ_BYTES, { minOneBatch: true, maxOffset: log.logEndOffset });
        if ('message' in result) throw new Error(`replaying ${this.name}: ${result.message}`);
        const next = yield* recordsOf(result.records);
        if (next === null || next <= offset) break;
        offset = next;
      }
    }
  }

  private topic(): Promise<Topic> {
    const existing = this.topics.get(this.name);
    if (existing !== undefined) return Promise.resolve(existing);
    this.creating ??= this.topics.createTopic(this.name, this.partitionCount, { ...COORDINATOR_TOPIC_CONFIGS }).finally(() => {
      this.creating = null;
    });
    return this.creating;
  }
}

/** Yields the keyed records of the batches in `chunks`; returns the offset after the last batch. */
function* recordsOf(chunks: Buffer[]): Generator<CoordinatorRecord, bigint | null> {
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
