// CreateTopics (19), v0-7. Validated as Kafka's controller validates (name, collisions, partitions,
// replication factor: only 1 on a single broker, manual assignments to this broker only, known configs with
// valid values); validateOnly checks without creating. v5+ return the resulting configs and counts.

import { readCreateTopicsRequest, type CreateTopicsRequest } from '../protocol/generated/create-topics-request.ts';
import { writeCreateTopicsResponse, type CreateTopicsResponse, type CreatableTopicResult } from '../protocol/generated/create-topics-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { validateNewTopic } from '../topics/new-topic-validation.ts';
import { describeTopicConfigs } from '../topics/describe-topic-configs.ts';
import { defineHandler } from './api-handler.ts';
import { ZERO_UUID } from '../protocol/uuid.ts';

export const createTopicsHandler = defineHandler<CreateTopicsRequest, CreateTopicsResponse>({
  apiKey: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 7,
  readRequest: readCreateTopicsRequest,
  writeResponse: writeCreateTopicsResponse,
  async handle({ broker, clientId, clientAddress, principal }, request) {
    const seen = new Set<string>();
    const results: CreatableTopicResult[] = [];
    for (const topic of request.topics) {
      const failure = (errorCode: number, errorMessage: string): CreatableTopicResult => ({
        name: topic.name, topicId: ZERO_UUID, errorCode, errorMessage, numPartitions: -1, replicationFactor: -1, configs: null,
      });
      if (seen.has(topic.name)) {
        results.push(failure(ErrorCode.INVALID_REQUEST, `Create topics request from client \`${clientId}\` contains multiple entries for the following topics: ${topic.name}`));
        continue;
      }
      seen.add(topic.name);
      const validation = validateNewTopic(topic, broker.topics, broker.config);
      if (!validation.ok) {
        results.push(failure(validation.errorCode, validation.errorMessage));
        continue;
      }
      let topicId = ZERO_UUID;
      if (!request.validateOnly) {
        const created = await broker.topics.createTopic(topic.name, validation.partitionCount, validation.configs);
        topicId = created.topicId;
        await broker.adminChanges.record({
          action: 'topic.create', resource: topic.name, clientId, clientAddress, principal,
          parameters: { partitions: validation.partitionCount, configs: validation.configs },
        });
      }
      results.push({
        name: topic.name,
        topicId,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        numPartitions: validation.partitionCount,
        replicationFactor: 1,
        configs: describeTopicConfigs(validation.configs, broker.config.topicConfigDefaults, broker.topics.brokerConfigs).map((config) => ({
          name: config.name, value: config.value, readOnly: false, configSource: config.source, isSensitive: false,
        })),
      });
    }
    return { throttleTimeMs: 0, topics: results };
  },
});
