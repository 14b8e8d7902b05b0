// Bounds on how many partitions one request, one topic and the whole broker may create, so no request can
// ask the broker for more than it can host. The per-request bounds are Kafka 4.3's controller limits
// (ReplicationControlManager.MAX_PARTITIONS_PER_BATCH and QuorumController.MAX_RECORDS_PER_USER_OP, both
// 10,000), answered with the same POLICY_VIOLATION messages so clients behave as against Kafka; the
// per-topic and per-broker bounds are this broker's settings (max.partitions.per.topic,
// max.broker.partitions) and name themselves in their messages.

import { ErrorCode } from '../protocol/error-codes.ts';

/** Kafka: a CreateTopics request asking for more partitions in total is refused whole. */
export const MAX_PARTITIONS_PER_REQUEST = 10_000;
/** Kafka: one metadata record per topic, per partition and per config; a request writing more is refused whole. */
export const MAX_RECORDS_PER_REQUEST = 10_000;

export interface LimitViolation {
  errorCode: number;
  errorMessage: string;
}

/** The partitions a CreateTopics topic entry asks for, before any validation (Kafka counts the same way). */
export function requestedPartitionCount(
  topic: { numPartitions: number; assignments: readonly unknown[] },
  defaultNumPartitions: number,
): number {
  if (topic.assignments.length > 0) return topic.assignments.length;
  if (topic.numPartitions === -1) return defaultNumPartitions;
  return Math.max(0, topic.numPartitions);
}

/** Kafka's first check of a CreateTopics request: too many partitions asked for in total. */
export function requestPartitionsViolation(totalPartitions: number): LimitViolation | null {
  if (totalPartitions <= MAX_PARTITIONS_PER_REQUEST) return null;
  return {
    errorCode: ErrorCode.POLICY_VIOLATION,
    errorMessage: `Excessively large number of partitions per request: ${totalPartitions} asked for, the limit is ${MAX_PARTITIONS_PER_REQUEST} per request.`,
  };
}

/** Kafka's bound on the metadata records of one request (topics + partitions + configs of the valid entries). */
export function requestRecordsViolation(records: number): LimitViolation | null {
  if (records <= MAX_RECORDS_PER_REQUEST) return null;
  return {
    errorCode: ErrorCode.POLICY_VIOLATION,
    errorMessage: `Unable to perform excessively large batch operation: the request needs ${records} metadata records (one per topic, partition and config), the limit is ${MAX_RECORDS_PER_REQUEST} per request.`,
  };
}

/** A topic's partition count against max.partitions.per.topic. */
export function topicPartitionsViolation(partitionCount: number, maxPartitionsPerTopic: number): LimitViolation | null {
  if (partitionCount <= maxPartitionsPerTopic) return null;
  return {
    errorCode: ErrorCode.INVALID_PARTITIONS,
    errorMessage: `Number of partitions ${partitionCount} exceeds this broker's limit of ${maxPartitionsPerTopic} partitions per topic (max.partitions.per.topic).`,
  };
}

/** Adding partitions against max.broker.partitions; `hosted` counts partitions existing and being created. */
export function brokerPartitionsViolation(hosted: number, added: number, maxPartitions: number): LimitViolation | null {
  if (hosted + added <= maxPartitions) return null;
  return {
    errorCode: ErrorCode.POLICY_VIOLATION,
    errorMessage: `Adding ${added} partitions would bring this broker to ${hosted + added} partitions, over its limit of ${maxPartitions} (max.broker.partitions); it hosts ${hosted}.`,
  };
}
