// What OffsetCommit and TxnOffsetCommit share: Kafka's per-partition checks before anything is committed
// (the partition exists, the metadata fits offset.metadata.max.bytes) and answering every partition with its
// own error or the request's outcome.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { BrokerState } from './api-handler.ts';

interface RequestedPartition {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch?: number;
  committedMetadata: string | null;
}

interface RequestedTopic<Partition extends RequestedPartition> {
  /** Absent only from OffsetCommit v10 on (topic ids), which this broker does not serve. */
  name?: string;
  partitions: Partition[];
}

export interface CheckedPartitions<Partition> {
  /** Partitions that passed, with their topic. */
  valid: Array<{ topic: string; partition: Partition }>;
  /** Per-partition errors of those that did not. */
  errorOf(topic: string, partitionIndex: number): number | undefined;
}

export function checkOffsetCommitPartitions<Partition extends RequestedPartition>(
  broker: BrokerState,
  topics: readonly RequestedTopic<Partition>[],
): CheckedPartitions<Partition> {
  const errors = new Map<string, number>();
  const errorKey = (topic: string, partitionIndex: number) => `${partitionIndex}:${topic}`;
  const valid: Array<{ topic: string; partition: Partition }> = [];
  for (const { name = '', partitions } of topics) {
    const partitionCount = broker.topics.get(name)?.partitions.length ?? 0;
    for (const partition of partitions) {
      const metadata = partition.committedMetadata;
      if (partition.partitionIndex < 0 || partition.partitionIndex >= partitionCount) {
        errors.set(errorKey(name, partition.partitionIndex), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      } else if (metadata !== null && Buffer.byteLength(metadata) > broker.groups.config.offsetMetadataMaxBytes) {
        errors.set(errorKey(name, partition.partitionIndex), ErrorCode.OFFSET_METADATA_TOO_LARGE);
      } else {
        valid.push({ topic: name, partition });
      }
    }
  }
  return { valid, errorOf: (topic, partitionIndex) => errors.get(errorKey(topic, partitionIndex)) };
}

/** Every requested partition answered with its own error, or else the request's outcome. */
export function offsetCommitResults(
  topics: readonly RequestedTopic<RequestedPartition>[],
  checked: CheckedPartitions<unknown>,
  errorCode: number,
) {
  return topics.map(({ name = '', partitions }) => ({
    name,
    partitions: partitions.map(({ partitionIndex }) => ({
      partitionIndex,
      errorCode: checked.errorOf(name, partitionIndex) ?? errorCode,
    })),
  }));
}
