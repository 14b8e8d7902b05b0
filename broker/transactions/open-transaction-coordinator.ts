// Builds the transaction coordinator for a starting broker: its store on __transaction_state, the state
// replayed from it, prepared transactions completed, and the periodic sweep (timeouts, retries).

import type { TopicRegistry } from '../topics/topic-registry.ts';
import type { AppendNotifier } from '../topics/append-notifier.ts';
import { partitionKey } from '../topics/append-notifier.ts';
import type { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import { OFFSETS_TOPIC } from '../coordinator/offsets-topic-store.ts';
import { TransactionCoordinator } from './transaction-coordinator.ts';
import { TransactionLogStore } from './transaction-log-store.ts';
import { completeTransactionalOffsets } from '../coordinator/transactional-offsets.ts';

export interface TransactionCoordinatorOptions {
  /** transaction.max.timeout.ms (Kafka 900000). */
  maxTimeoutMs: number;
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms (Kafka 10000). */
  sweepIntervalMs: number;
  /** transaction.state.log.num.partitions (Kafka 50), used when the topic is created. */
  stateTopicPartitions: number;
}

export const defaultTransactionCoordinatorOptions: TransactionCoordinatorOptions = {
  maxTimeoutMs: 900_000,
  sweepIntervalMs: 10_000,
  stateTopicPartitions: 50,
};

export interface RunningTransactionCoordinator {
  coordinator: TransactionCoordinator;
  /** Stops the sweep and waits for completions in progress. */
  close(): Promise<void>;
}

export async function openTransactionCoordinator(
  topics: TopicRegistry,
  groups: GroupCoordinator,
  appendNotifier: AppendNotifier,
  options: TransactionCoordinatorOptions,
  log: (line: string) => void,
): Promise<RunningTransactionCoordinator> {
  const store = new TransactionLogStore(topics, options.stateTopicPartitions);
  const coordinator = new TransactionCoordinator(
    { maxTimeoutMs: options.maxTimeoutMs },
    {
      store,
      allocateProducerId: () => topics.allocateProducerId(),
      partitionLog: (topic, partition) => topics.get(topic)?.partitions[partition],
      onMarkerWritten: (topic, partition, marker) => {
        if (topic === OFFSETS_TOPIC) completeTransactionalOffsets(groups, marker.producerId, partition, marker.commit, log);
        appendNotifier.notify(partitionKey(topic, partition));
      },
      offsetsPartitionFor: (groupId) => ({ topic: OFFSETS_TOPIC, partition: groups.store.partitionFor(groupId) }),
      log,
    },
  );
  await coordinator.load(store.replay());
  await coordinator.completePrepared();
  const timer = setInterval(() => coordinator.sweep(), options.sweepIntervalMs);
  timer.unref?.();
  return {
    coordinator,
    async close() {
      clearInterval(timer);
      await coordinator.close();
    },
  };
}
