// DeleteTopics (20), v1-6 (Kafka 4 removed v0). By name (v1-5) or by name or id (v6). The topic disappears at once and its
// directories are renamed and removed in the background, as Kafka does. Internal topics cannot be deleted.
// Every consumer group's committed offsets of the topic are deleted with it (tombstones in __consumer_offsets)
// before the answer, so a topic recreated with the same name starts without them, and so are its offsets
// pending in open transactions (TxnOffsetCommit): the tombstones follow their records, so the transaction's
// COMMIT marker does not bring them back.

import { readDeleteTopicsRequest, type DeleteTopicsRequest } from '../protocol/generated/delete-topics-request.ts';
import {
  writeDeleteTopicsResponse,
  type DeleteTopicsResponse,
  type DeletableTopicResult,
} from '../protocol/generated/delete-topics-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';
import { ZERO_UUID } from '../protocol/uuid.ts';
import { deleteTopicOffsets } from '../coordinator/group-offsets.ts';

export const deleteTopicsHandler = defineHandler<DeleteTopicsRequest, DeleteTopicsResponse>({
  apiKey: 20,
  name: 'DeleteTopics',
  minVersion: 1,
  maxVersion: 6,
  readRequest: readDeleteTopicsRequest,
  writeResponse: writeDeleteTopicsResponse,
  async handle({ broker, apiVersion, clientId, clientAddress, principal }, request) {
    const requested =
      apiVersion >= 6
        ? (request.topics ?? []).map((topic) => ({ name: topic.name ?? null, topicId: topic.topicId ?? ZERO_UUID }))
        : (request.topicNames ?? []).map((name) => ({ name, topicId: ZERO_UUID }));
    const responses: DeletableTopicResult[] = [];
    for (const { name, topicId } of requested) {
      const byId = name === null;
      const topic = byId ? broker.topics.getById(topicId) : broker.topics.get(name);
      const result = (errorCode: number, errorMessage: string | null = null): DeletableTopicResult => ({
        name: topic?.name ?? name,
        topicId: topic?.topicId ?? topicId,
        errorCode,
        errorMessage,
      });
      if (topic === undefined) {
        responses.push(result(byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
      } else if (topic.isInternal) {
        responses.push(result(ErrorCode.TOPIC_DELETION_DISABLED, `Topic ${topic.name} is internal and cannot be deleted`));
      } else {
        await broker.topics.deleteTopic(topic);
        await deleteTopicOffsets(broker.groups, topic.name, broker.config.log);
        await broker.adminChanges.record({
          action: 'topic.delete',
          resource: topic.name,
          clientId,
          clientAddress,
          principal,
          parameters: { topicId: topic.topicId },
        });
        responses.push(result(ErrorCode.NONE));
      }
    }
    return { throttleTimeMs: 0, responses };
  },
});
