// The internal topic __transaction_state: where the transaction coordinator keeps each transactional id's
// state (see coordinator/coordinator-topic-log.ts for creation, placement, durability and replay).

import type { TopicRegistry } from '../topics/topic-registry.ts';
import { CoordinatorTopicLog } from '../coordinator/coordinator-topic-log.ts';
import type { TransactionLogRecord } from './transaction-log-records.ts';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';

export interface TransactionRecordStore {
  append(transactionalId: string, records: TransactionLogRecord[], nowMs?: number): Promise<void>;
}

export class TransactionLogStore implements TransactionRecordStore {
  private readonly log: CoordinatorTopicLog;

  /** partitionCount: transaction.state.log.num.partitions, used when the topic is created. */
  constructor(topics: TopicRegistry, partitionCount: number) {
    this.log = new CoordinatorTopicLog(topics, TRANSACTION_STATE_TOPIC, partitionCount);
  }

  /** Appends the records as one batch (atomic); throws if the log refuses or fails the write. */
  append(transactionalId: string, records: TransactionLogRecord[], nowMs = Date.now()): Promise<void> {
    return this.log.append(transactionalId, records, nowMs);
  }

  /** Every record of the topic in log order, partition by partition (a transactional id lives in one). */
  async *replay(): AsyncGenerator<TransactionLogRecord> {
    // Nothing writes transactions or markers into this topic: every entry is a plain record.
    for await (const entry of this.log.replay()) if (entry.kind === 'record') yield entry.record;
  }
}
