// The internal topic __consumer_offsets: where the group coordinator keeps committed offsets and group
// metadata (see coordinator-topic-log.ts for creation, placement, durability and replay).

import type { TopicRegistry } from '../topics/topic-registry.ts';
import { CoordinatorTopicLog, type CoordinatorLogEntry, type TransactionalWriter } from './coordinator-topic-log.ts';
import type { OffsetsTopicRecord } from './offsets-topic-records.ts';

export const OFFSETS_TOPIC = '__consumer_offsets';

export interface OffsetsTopicStoreOptions {
  topics: TopicRegistry;
  /** offsets.topic.num.partitions, used when the topic is created; an existing topic keeps its count. */
  partitionCount: number;
}

export class OffsetsTopicStore {
  private readonly log: CoordinatorTopicLog;

  constructor(options: OffsetsTopicStoreOptions) {
    this.log = new CoordinatorTopicLog(options.topics, OFFSETS_TOPIC, options.partitionCount);
  }

  /** The partition holding the group's records (the one AddOffsetsToTxn adds to a transaction). */
  partitionFor(groupId: string): number {
    return this.log.partitionFor(groupId);
  }

  /** Appends the records of one group as one batch; throws if the log refuses or fails the write. */
  append(groupId: string, records: OffsetsTopicRecord[], nowMs = Date.now()): Promise<void> {
    return this.log.append(groupId, records, nowMs);
  }

  /**
   * TxnOffsetCommit: appends the group's offset commits as one transactional batch of the producer; they
   * count once a COMMIT marker of that producer follows them in the partition and never after an ABORT.
   */
  appendTransactional(groupId: string, records: OffsetsTopicRecord[], writer: TransactionalWriter, nowMs = Date.now()): Promise<void> {
    return this.log.append(groupId, records, nowMs, writer);
  }

  /** Every record and transaction marker of the topic in log order (partition by partition: a group lives in one). */
  replay(): AsyncGenerator<CoordinatorLogEntry> {
    return this.log.replay();
  }
}
