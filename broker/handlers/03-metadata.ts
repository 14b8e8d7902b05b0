// Metadata (3), v0-13 (v13: a top-level error code, always NONE here). Single node: this broker leads every partition with epoch 0, replicas = ISR = [self].
// v0: an empty topic list means all topics; v1+: null means all, empty means none. v10+ may name topics
// by id. Unknown topics are auto-created only when the broker allows it (auto.create.topics.enable, off by
// default) and, from v4, the client asks for it. Authorized operations are all allowed (no ACLs yet).

import { readMetadataRequest, type MetadataRequest } from '../protocol/generated/metadata-request.ts';
import { writeMetadataResponse, type MetadataResponse, type MetadataResponseTopic } from '../protocol/generated/metadata-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { topicNameProblem } from '../topics/topic-name.ts';
import type { Topic } from '../topics/topic-registry.ts';
import { validateNewTopic } from '../topics/new-topic-validation.ts';
import { defineHandler, type BrokerState } from './api-handler.ts';
import { ZERO_UUID } from '../protocol/uuid.ts';

/** READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS as AclOperation bits. */
const ALL_TOPIC_OPERATIONS = [3, 4, 5, 6, 7, 8, 10, 11].reduce((bits, op) => bits | (1 << op), 0);
/** CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE. */
const ALL_CLUSTER_OPERATIONS = [5, 7, 8, 9, 10, 11, 12].reduce((bits, op) => bits | (1 << op), 0);
const OPERATIONS_NOT_REQUESTED = -2147483648;

export const metadataHandler = defineHandler<MetadataRequest, MetadataResponse>({
  apiKey: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 13,
  readRequest: readMetadataRequest,
  writeResponse: writeMetadataResponse,
  async handle({ broker, apiVersion }, request) {
    const wantsAll = request.topics === null || request.topics === undefined || (apiVersion === 0 && request.topics.length === 0);
    const allowAutoCreate = broker.config.autoCreateTopics && (apiVersion < 4 || request.allowAutoTopicCreation !== false);
    const operations = request.includeTopicAuthorizedOperations ? ALL_TOPIC_OPERATIONS : OPERATIONS_NOT_REQUESTED;
    const topics: MetadataResponseTopic[] = [];
    if (wantsAll) {
      for (const topic of broker.topics.list()) topics.push(describeTopic(broker, topic, operations));
    } else {
      for (const requested of request.topics ?? []) {
        topics.push(await lookUp(broker, requested, allowAutoCreate, operations));
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: broker.config.nodeId, host: broker.advertisedHost, port: broker.advertisedPort, rack: null }],
      clusterId: broker.topics.clusterId,
      controllerId: broker.config.nodeId,
      topics,
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? ALL_CLUSTER_OPERATIONS : OPERATIONS_NOT_REQUESTED,
    };
  },
});

async function lookUp(
  broker: BrokerState,
  requested: { name?: string | null; topicId?: string },
  allowAutoCreate: boolean,
  operations: number,
): Promise<MetadataResponseTopic> {
  if (requested.topicId !== undefined && requested.topicId !== ZERO_UUID) {
    const topic = broker.topics.getById(requested.topicId);
    if (topic !== undefined) return describeTopic(broker, topic, operations);
    return failedTopic(null, requested.topicId, ErrorCode.UNKNOWN_TOPIC_ID);
  }
  const name = requested.name ?? '';
  if (topicNameProblem(name) !== null) return failedTopic(name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION);
  const existing = broker.topics.get(name);
  if (existing !== undefined) return describeTopic(broker, existing, operations);
  if (!allowAutoCreate) return failedTopic(name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const validation = validateNewTopic(
    { name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] },
    broker.topics,
    broker.config,
  );
  if (!validation.ok) {
    // Another request is creating it right now: Kafka answers LEADER_NOT_AVAILABLE and the client retries.
    const errorCode = validation.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS ? ErrorCode.LEADER_NOT_AVAILABLE : validation.errorCode;
    return failedTopic(name, ZERO_UUID, errorCode);
  }
  const created = await broker.topics.createTopic(name, validation.partitionCount, validation.configs);
  broker.config.log(`auto-created topic ${name} with ${validation.partitionCount} partition(s)`);
  return describeTopic(broker, created, operations);
}

function describeTopic(broker: BrokerState, topic: Topic, operations: number): MetadataResponseTopic {
  const nodeId = broker.config.nodeId;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.topicId,
    isInternal: topic.isInternal,
    partitions: topic.partitions.map((_, partitionIndex) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex,
      leaderId: nodeId,
      leaderEpoch: 0,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: operations,
  };
}

function failedTopic(name: string | null, topicId: string, errorCode: number): MetadataResponseTopic {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: OPERATIONS_NOT_REQUESTED };
}
