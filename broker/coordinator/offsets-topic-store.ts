// The internal topic __consumer_offsets: where the group coordinator keeps committed offsets and group
// metadata (see coordinator-topic-log.ts for creation, placement, durability and replay).

import type { TopicRegistry } from '../topics/topic-registry.ts';
import { CoordinatorTopicLog } from './coordinator-topic-log.ts';
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

  /** Appends the records of one group as one batch; throws if the log refuses or fails the write. */
  append(groupId: string, records: OffsetsTopicRecord[], nowMs = Date.now()): Promise<void> {
    return this.log.append(groupId, records, nowMs);
  }

  /** Every record of the topic in log order (partition by partition: a group lives in one partition). */
  replay(): AsyncGenerator<OffsetsTopicRecord> {
    return this.log.replay();
  }
}
