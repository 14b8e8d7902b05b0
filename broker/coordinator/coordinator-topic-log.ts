// An internal, compacted topic that a coordinator keeps its state in (__consumer_offsets,
// __transaction_state): created on first write, each key's records in the partition Kafka would pick
// (abs(javaHashCode(key)) % partitions), replayed in log order at start-up. A write resolves only once the
// batch is in the partition's log file, so an acknowledged change survives kill -9 (the page cache outlives
// the process). The group coordinator also writes transactional batches here (TxnOffsetCommit: the
// producer's id and epoch, no sequence), which the transaction coordinator's COMMIT/ABORT markers in the
// same partition end; the replay hands both to the loader, in log order.

import type { TopicRegistry, Topic } from '../topics/topic-registry.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { readBatchHeader, isControl, isTransactional, LOG_OVERHEAD_BYTES, BATCH_HEADER_BYTES } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { CONTROL_TYPE_ABORT, CONTROL_TYPE_COMMIT, controlTypeOf } from '../log/txn-marker.ts';
import { offsetsPartitionFor } from './offsets-partition.ts';

/** A coordinator record: key and value bytes, each starting with its int16 schema version; null value = tombstone. */
export interface CoordinatorRecord {
  key: Buffer;
  value: Buffer | null;
}

/** The producer of a transactional batch a coordinator writes (TxnOffsetCommit). */
export interface TransactionalWriter {
  producerId: bigint;
  producerEpoch: number;
}

/** What a replay yields, in log order within each partition (a key lives in one partition). */
export type CoordinatorLogEntry =
  | { kind: 'record'; partition: number; record: CoordinatorRecord /** -1n unless written in a transaction. */; producerId: bigint }
  | { kind: 'marker'; partition: number; producerId: bigint; commit: boolean };

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

  /** The partition holding `key`'s records (of the existing topic, or of the one it would create). */
  partitionFor(key: string): number {
    return offsetsPartitionFor(key, this.topics.get(this.name)?.partitions.length ?? this.partitionCount);
  }

  /**
   * Appends the records of one key (group, transactional id) as one atomic batch, transactional when a
   * `writer` is given (its epoch is checked against the partition's producer state, which fences a producer
   * whose transaction was aborted meanwhile); throws if the log refuses or fails the write.
   */
  async append(
    key: string,
    records: readonly CoordinatorRecord[],
    nowMs = Date.now(),
    writer: TransactionalWriter | null = null,
  ): Promise<void> {
    if (records.length === 0) return;
    const topic = await this.topic();
    const log = topic.partitions[offsetsPartitionFor(key, topic.partitions.length)];
    const batch = buildRecordBatch({
      records: records.map(({ key: recordKey, value }) => ({ key: recordKey, value })),
      nowMs,
      ...(writer === null
        ? {}
        : { producerId: writer.producerId, producerEpoch: writer.producerEpoch, baseSequence: -1, transactional: true }),
    });
    const result = await log.append(batch, nowMs, { origin: 'coordinator' });
    if ('message' in result)
      throw Object.assign(new Error(`writing to ${this.name} failed: ${result.message}`), { errorCode: result.errorCode });
  }

  /** Every keyed record and transaction marker of the topic in log order, partition by partition. */
  async *replay(): AsyncGenerator<CoordinatorLogEntry> {
    const topic = this.topics.get(this.name);
    if (topic === undefined) return;
    for (const [partition, log] of topic.partitions.entries()) {
      let offset = log.logStartOffset;
      // Each read returns at least one batch (minOneBatch) and `offset` moves past it, so this ends.
      while (offset < log.logEndOffset) {
        const result = await log.read(offset, REPLAY_READ_BYTES, { minOneBatch: true, maxOffset: log.logEndOffset });
        if ('message' in result) throw new Error(`replaying ${this.name}: ${result.message}`);
        const next = yield* entriesOf(partition, result.records);
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

/** Yields the keyed records and markers of the batches in `chunks`; returns the offset after the last batch. */
function* entriesOf(partition: number, chunks: Buffer[]): Generator<CoordinatorLogEntry, bigint | null> {
  let nextOffset: bigint | null = null;
  for (const chunk of chunks) {
    let position = 0;
    while (position + BATCH_HEADER_BYTES <= chunk.length) {
      const header = readBatchHeader(chunk, position);
      const end = position + header.batchLength + LOG_OVERHEAD_BYTES;
      if (end > chunk.length) break;
      const batch = chunk.subarray(position, end);
      if (isControl(header.attributes)) {
        // Other control types (none written here) are not transaction markers.
        const type = controlTypeOf(batch);
        if (type === CONTROL_TYPE_COMMIT || type === CONTROL_TYPE_ABORT) {
          yield { kind: 'marker', partition, producerId: header.producerId, commit: type === CONTROL_TYPE_COMMIT };
        }
      } else {
        const producerId = isTransactional(header.attributes) ? header.producerId : -1n;
        for (const record of decodeBatchRecords(batch) ?? []) {
          if (record.key !== null) yield { kind: 'record', partition, record: { key: record.key, value: record.value }, producerId };
        }
      }
      nextOffset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
      position = end;
    }
  }
  return nextOffset;
}
