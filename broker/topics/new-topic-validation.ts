// Checks a topic creation request as Kafka's controller does, before anything is written.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { TopicRegistry } from './topic-registry.ts';
import { validateTopicConfig } from './topic-configs.ts';
import { topicNameProblem } from './topic-name.ts';
import { brokerPartitionsViolation, topicPartitionsViolation } from './partition-limits.ts';

export interface NewTopicRequest {
  name: string;
  /** -1: the broker default. */
  numPartitions: number;
  /** -1: the broker default (1 on this single-node broker). */
  replicationFactor: number;
  /** Manual replica assignment, partition index -> broker ids; empty when not given. */
  assignments: ReadonlyArray<{ partitionIndex: number; brokerIds: readonly number[] }>;
  configs: ReadonlyArray<{ name: string; value: string | null }>;
}

export type NewTopicValidation =
  | { ok: true; partitionCount: number; configs: Record<string, string> }
  | { ok: false; errorCode: number; errorMessage: string };

const fail = (errorCode: number, errorMessage: string): NewTopicValidation => ({ ok: false, errorCode, errorMessage });

/**
 * `plannedPartitions`: partitions that earlier entries of the same request will add, so a request of many
 * topics is held to max.broker.partitions as a whole.
 */
export function validateNewTopic(
  request: NewTopicRequest,
  registry: TopicRegistry,
  broker: { nodeId: number; defaultNumPartitions: number; maxPartitionsPerTopic: number; maxPartitions: number },
  plannedPartitions = 0,
): NewTopicValidation {
  const nameProblem = topicNameProblem(request.name);
  if (nameProblem !== null) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  const collision = registry.nameCollision(request.name);
  if (collision === 'exists') return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${request.name}' already exists.`);
  if (collision === 'collides') {
    return fail(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      `Topic '${request.name}' collides with an existing topic (topic names may not differ only by '.' and '_').`,
    );
  }

  let partitionCount: number;
  if (request.assignments.length > 0) {
    if (request.numPartitions !== -1 || request.replicationFactor !== -1) {
      return fail(
        ErrorCode.INVALID_REQUEST,
        'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
      );
    }
    const indexes = request.assignments.map((assignment) => assignment.partitionIndex).sort((a, b) => a - b);
    if (indexes.some((index, position) => index !== position)) {
      return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'Partitions should be a consecutive 0-based integer sequence');
    }
    for (const assignment of request.assignments) {
      if (assignment.brokerIds.length !== 1 || assignment.brokerIds[0] !== broker.nodeId) {
        return fail(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `Replica assignment ${JSON.stringify(assignment.brokerIds)} for partition ${assignment.partitionIndex} names brokers other than the single broker ${broker.nodeId}.`,
        );
      }
    }
    partitionCount = indexes.length;
  } else {
    partitionCount = request.numPartitions === -1 ? broker.defaultNumPartitions : request.numPartitions;
    if (partitionCount <= 0) return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions was set to an invalid non-positive value.');
    const replicationFactor = request.replicationFactor === -1 ? 1 : request.replicationFactor;
    if (replicationFactor <= 0)
      return fail(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0, or -1 to use the default value.');
    if (replicationFactor > 1) {
      return fail(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} cannot be reached because only 1 broker(s) are registered.`,
      );
    }
  }
  const limit =
    topicPartitionsViolation(partitionCount, broker.maxPartitionsPerTopic) ??
    brokerPartitionsViolation(registry.partitionCount + plannedPartitions, partitionCount, broker.maxPartitions);
  if (limit !== null) return fail(limit.errorCode, limit.errorMessage);

  const configs: Record<string, string> = {};
  for (const config of request.configs) {
    const problem = validateTopicConfig(config.name, config.value);
    if (problem !== null) return fail(ErrorCode.INVALID_CONFIG, problem);
    if (Object.hasOwn(configs, config.name)) return fail(ErrorCode.INVALID_REQUEST, `Duplicate config key ${config.name}.`);
    configs[config.name] = config.value!;
  }
  return { ok: true, partitionCount, configs };
}
