// What OffsetCommit and TxnOffsetCommit share: Kafka's per-partition checks before anything is committed
// (the partition exists, the metadata fits offset.metadata.max.bytes) and answering every partition with its
// own error or the request's outcome. OffsetCommit v10+ names topics by id (UNKNOWN_TOPIC_ID when unknown).

import { ErrorCode } from '../protocol/error-codes.ts';
import type { BrokerState } from './api-handler.ts';

interface RequestedPartition {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch?: number;
  committedMetadata: string | null;
}

interface RequestedTopic<Partition extends RequestedPartition> {
  /** Absent from OffsetCommit v10 on, where topicId names the topic. */
  name?: string;
  topicId?: string;
  partitions: Partition[];
}

export interface CheckedPartitions<Partition> {
  /** Partitions that passed, with their topic. */
  valid: Array<{ topic: string; partition: Partition }>;
  /** Per-partition errors of those that did not, by the topic's position in the request. */
  errorOf(topicIndex: number, partitionIndex: number): number | undefined;
}

export function checkOffsetCommitPartitions<Partition extends RequestedPartition>(
  broker: BrokerState,
  topics: readonly RequestedTopic<Partition>[],
  byTopicId = false,
): CheckedPartitions<Partition> {
  const errors = new Map<string, number>();
  const errorKey = (topicIndex: number, partitionIndex: number) => `${topicIndex}:${partitionIndex}`;
  const valid: Array<{ topic: string; partition: Partition }> = [];
  topics.forEach(({ name = '', topicId = '', partitions }, topicIndex) => {
    const topic = byTopicId ? broker.topics.getById(topicId) : broker.topics.get(name);
    const partitionCount = topic?.partitions.length ?? 0;
    for (const partition of partitions) {
      const metadata = partition.committedMetadata;
      if (byTopicId && topic === undefined) {
        errors.set(errorKey(topicIndex, partition.partitionIndex), ErrorCode.UNKNOWN_TOPIC_ID);
      } else if (partition.partitionIndex < 0 || partition.partitionIndex >= partitionCount) {
        errors.set(errorKey(topicIndex, partition.partitionIndex), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      } else if (metadata !== null && Buffer.byteLength(metadata) > broker.groups.config.offsetMetadataMaxBytes) {
        errors.set(errorKey(topicIndex, partition.partitionIndex), ErrorCode.OFFSET_METADATA_TOO_LARGE);
      } else {
        valid.push({ topic: topic!.name, partition });
      }
    }
  });
  return { valid, errorOf: (topic, partitionIndex) => errors.get(errorKey(topic, partitionIndex)) };
}

/** Every requested partition answered with its own error, or else the request's outcome. */
export function offsetCommitResults(
  topics: readonly RequestedTopic<RequestedPartition>[],
  checked: CheckedPartitions<unknown>,
  errorCode: number,
) {
  return topics.map(({ name = '', topicId, partitions }, topicIndex) => ({
    name,
    topicId,
    partitions: partitions.map(({ partitionIndex }) => ({
      partitionIndex,
      errorCode: checked.errorOf(topicIndex, partitionIndex) ?? errorCode,
    })),
  }));
}
