// CreateTopics (19), v2-7 (Kafka 4 removed v0-1). Validated as Kafka's controller validates (name, collisions, partitions,
// replication factor: only 1 on a single broker, manual assignments to this broker only, known configs with
// valid values); validateOnly checks without creating. v5+ return the resulting configs and counts.
// Limits (partition-limits.ts): Kafka's 10,000 partitions and 10,000 metadata records per request refuse
// the request whole with POLICY_VIOLATION; max.partitions.per.topic (INVALID_PARTITIONS) and
// max.broker.partitions (POLICY_VIOLATION) refuse the topics over them. A topic is created whole or not at all.

import { readCreateTopicsRequest, type CreatableTopic, type CreateTopicsRequest } from '../protocol/generated/create-topics-request.ts';
import {
  writeCreateTopicsResponse,
  type CreateTopicsResponse,
  type CreatableTopicResult,
} from '../protocol/generated/create-topics-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { validateNewTopic } from '../topics/new-topic-validation.ts';
import { describeTopicConfigs } from '../topics/describe-topic-configs.ts';
import { defineHandler } from './api-handler.ts';
import { ZERO_UUID } from '../protocol/uuid.ts';
import { requestedPartitionCount, requestPartitionsViolation, requestRecordsViolation } from '../topics/partition-limits.ts';

export const createTopicsHandler = defineHandler<CreateTopicsRequest, CreateTopicsResponse>({
  apiKey: 19,
  name: 'CreateTopics',
  minVersion: 2,
  maxVersion: 7,
  readRequest: readCreateTopicsRequest,
  writeResponse: writeCreateTopicsResponse,
  async handle({ broker, clientId, clientAddress, principal }, request) {
    const failure = (name: string, errorCode: number, errorMessage: string): CreatableTopicResult => ({
      name,
      topicId: ZERO_UUID,
      errorCode,
      errorMessage,
      numPartitions: -1,
      replicationFactor: -1,
      configs: null,
    });
    // Kafka's request-wide bounds come first and refuse the request whole.
    const requested = request.topics.reduce((sum, topic) => sum + requestedPartitionCount(topic, broker.config.defaultNumPartitions), 0);
    const tooManyPartitions = requestPartitionsViolation(requested);
    if (tooManyPartitions !== null) {
      return {
        throttleTimeMs: 0,
        topics: request.topics.map((topic) => failure(topic.name, tooManyPartitions.errorCode, tooManyPartitions.errorMessage)),
      };
    }
    const seen = new Set<string>();
    const outcomes: Array<CreatableTopicResult | { topic: CreatableTopic; partitionCount: number; configs: Record<string, string> }> = [];
    let plannedPartitions = 0;
    let records = 0;
    for (const topic of request.topics) {
      if (seen.has(topic.name)) {
        outcomes.push(
          failure(
            topic.name,
            ErrorCode.INVALID_REQUEST,
            `Create topics request from client \`${clientId}\` contains multiple entries for the following topics: ${topic.name}`,
          ),
        );
        continue;
      }
      seen.add(topic.name);
      const validation = validateNewTopic(topic, broker.topics, broker.config, plannedPartitions);
      if (!validation.ok) {
        outcomes.push(failure(topic.name, validation.errorCode, validation.errorMessage));
        continue;
      }
      plannedPartitions += validation.partitionCount;
      records += 1 + validation.partitionCount + Object.keys(validation.configs).length;
      outcomes.push({ topic, partitionCount: validation.partitionCount, configs: validation.configs });
    }
    const tooManyRecords = requestRecordsViolation(records);
    if (tooManyRecords !== null) {
      return {
        throttleTimeMs: 0,
        topics: request.topics.map((topic) => failure(topic.name, tooManyRecords.errorCode, tooManyRecords.errorMessage)),
      };
    }
    const results: CreatableTopicResult[] = [];
    for (const outcome of outcomes) {
      if (!('topic' in outcome)) {
        results.push(outcome);
        continue;
      }
      const { topic, partitionCount, configs } = outcome;
      let topicId = ZERO_UUID;
      if (!request.validateOnly) {
        try {
          topicId = (await broker.topics.createTopic(topic.name, partitionCount, configs)).topicId;
        } catch (error) {
          // The registry leaves nothing behind when a creation fails (topic-registry.ts).
          results.push(
            failure(
              topic.name,
              ErrorCode.UNKNOWN_SERVER_ERROR,
              `Topic '${topic.name}' could not be created, nothing was kept: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
          continue;
        }
        await broker.adminChanges.record({
          action: 'topic.create',
          resource: topic.name,
          clientId,
          clientAddress,
          principal,
          parameters: { partitions: partitionCount, configs },
        });
      }
      results.push({
        name: topic.name,
        topicId,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        numPartitions: partitionCount,
        replicationFactor: 1,
        configs: describeTopicConfigs(configs, broker.config.topicConfigDefaults, broker.topics.brokerConfigs).map((config) => ({
          name: config.name,
          value: config.value,
          readOnly: false,
          configSource: config.source,
          isSensitive: false,
        })),
      });
    }
    return { throttleTimeMs: 0, topics: results };
  },
});
