// CreatePartitions (37), v0-3. Raises a topic's partition count; new partitions may only be placed on
// this broker. validateOnly checks without changing anything. Internal topics are refused
// (INVALID_TOPIC_EXCEPTION): their partition counts belong to the broker, as their records do.
// Limits (partition-limits.ts): more than
// Kafka's 10,000 new partitions in one request refuses it whole (POLICY_VIOLATION, as Kafka's controller);
// max.partitions.per.topic answers INVALID_PARTITIONS, max.broker.partitions POLICY_VIOLATION. The new
// partitions of a topic are added whole or not at all.

import { readCreatePartitionsRequest, type CreatePartitionsRequest } from '../protocol/generated/create-partitions-request.ts';
import {
  writeCreatePartitionsResponse,
  type CreatePartitionsResponse,
  type CreatePartitionsTopicResult,
} from '../protocol/generated/create-partitions-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import {
  brokerPartitionsViolation,
  MAX_RECORDS_PER_REQUEST,
  requestRecordsViolation,
  topicPartitionsViolation,
} from '../topics/partition-limits.ts';
import { defineHandler } from './api-handler.ts';

export const createPartitionsHandler = defineHandler<CreatePartitionsRequest, CreatePartitionsResponse>({
  apiKey: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 3,
  readRequest: readCreatePartitionsRequest,
  writeResponse: writeCreatePartitionsResponse,
  async handle({ broker, clientId, clientAddress, principal }, request) {
    // Kafka writes one record per new partition; past its bound the whole request is refused.
    const newPartitions = request.topics.reduce(
      (sum, requested) => sum + Math.max(0, requested.count - (broker.topics.get(requested.name)?.partitions.length ?? requested.count)),
      0,
    );
    const tooMany = newPartitions > MAX_RECORDS_PER_REQUEST ? requestRecordsViolation(newPartitions) : null;
    if (tooMany !== null) {
      return {
        throttleTimeMs: 0,
        results: request.topics.map((requested) => ({
          name: requested.name,
          errorCode: tooMany.errorCode,
          errorMessage: tooMany.errorMessage,
        })),
      };
    }
    const seen = new Set<string>();
    const results: CreatePartitionsTopicResult[] = [];
    let plannedPartitions = 0;
    for (const requested of request.topics) {
      const result = (errorCode: number, errorMessage: string | null = null) =>
        results.push({ name: requested.name, errorCode, errorMessage });
      const topic = broker.topics.get(requested.name);
      const current = topic?.partitions.length ?? 0;
      const added = requested.count - current;
      const limit =
        topicPartitionsViolation(requested.count, broker.config.maxPartitionsPerTopic) ??
        brokerPartitionsViolation(broker.topics.partitionCount + plannedPartitions, added, broker.config.maxPartitions);
      if (seen.has(requested.name)) {
        result(ErrorCode.INVALID_REQUEST, 'Duplicate topic in request.');
      } else if (topic === undefined) {
        result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${requested.name}' does not exist.`);
      } else if (topic.isInternal) {
        result(ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot add partitions to internal topic ${topic.name}.`);
      } else if (added < 0) {
        result(
          ErrorCode.INVALID_PARTITIONS,
          `Topic currently has ${current} partitions, which is higher than the requested ${requested.count}.`,
        );
      } else if (added === 0) {
        result(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
      } else if (limit !== null) {
        result(limit.errorCode, limit.errorMessage);
      } else if (requested.assignments !== null && requested.assignments !== undefined && requested.assignments.length !== added) {
        result(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `Attempted to add ${added} additional partition(s), but only ${requested.assignments.length} assignment(s) were specified.`,
        );
      } else if (
        requested.assignments?.some((assignment) => assignment.brokerIds.length !== 1 || assignment.brokerIds[0] !== broker.config.nodeId)
      ) {
        result(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `New partitions can only be placed on the single broker ${broker.config.nodeId}.`);
      } else if (request.validateOnly) {
        plannedPartitions += added;
        result(ErrorCode.NONE);
      } else {
        const failure = await broker.topics.createPartitions(topic, requested.count).then(
          () => null,
          (error: unknown) => error,
        );
        if (failure === null) {
          await broker.adminChanges.record({
            action: 'topic.createPartitions',
            resource: topic.name,
            clientId,
            clientAddress,
            principal,
            parameters: { from: current, to: requested.count },
          });
          result(ErrorCode.NONE);
        } else {
          result(
            ErrorCode.UNKNOWN_SERVER_ERROR,
            `Partitions of '${topic.name}' could not be added, nothing was kept: ${failure instanceof Error ? failure.message : String(failure)}`,
          );
        }
      }
      seen.add(requested.name);
    }
    return { throttleTimeMs: 0, results };
  },
});
