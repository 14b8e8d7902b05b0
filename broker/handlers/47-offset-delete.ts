// OffsetDelete (47), v0. Deletes committed offsets of a group (tombstones). Refused per partition with
// GROUP_SUBSCRIBED_TO_TOPIC while a member subscribes to the topic; GROUP_ID_NOT_FOUND for unknown groups;
// NON_EMPTY_GROUP for a non-consumer group with members. Unknown partitions: UNKNOWN_TOPIC_OR_PARTITION.

import { readOffsetDeleteRequest, type OffsetDeleteRequest } from '../protocol/generated/offset-delete-request.ts';
import { writeOffsetDeleteResponse, type OffsetDeleteResponse } from '../protocol/generated/offset-delete-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { deleteOffsets } from '../coordinator/group-offsets.ts';
import { defineHandler } from './api-handler.ts';

export const offsetDeleteHandler = defineHandler<OffsetDeleteRequest, OffsetDeleteResponse>({
  apiKey: 47,
  name: 'OffsetDelete',
  minVersion: 0,
  maxVersion: 0,
  readRequest: readOffsetDeleteRequest,
  writeResponse: writeOffsetDeleteResponse,
  async handle({ broker, clientId, clientAddress, principal }, request) {
    const known = request.topics.flatMap((topic) => {
      const partitionCount = broker.topics.get(topic.name)?.partitions.length ?? 0;
      return topic.partitions
        .filter(({ partitionIndex }) => partitionIndex >= 0 && partitionIndex < partitionCount)
        .map(({ partitionIndex }) => ({ topic: topic.name, partition: partitionIndex }));
    });
    const result = await deleteOffsets(broker.groups, request.groupId, known);
    if (result.errorCode !== ErrorCode.NONE) return { errorCode: result.errorCode, throttleTimeMs: 0, topics: [] };
    const errors = new Map(result.partitions.map((p) => [`${p.partition}:${p.topic}`, p.errorCode]));
    const deleted = result.partitions.filter((p) => p.errorCode === ErrorCode.NONE);
    if (deleted.length > 0) {
      await broker.adminChanges.record({
        action: 'group.deleteOffsets',
        resource: request.groupId,
        clientId,
        clientAddress,
        principal,
        parameters: { partitions: deleted.map(({ topic, partition }) => ({ topic, partition })) },
      });
    }
    return {
      errorCode: ErrorCode.NONE,
      throttleTimeMs: 0,
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map(({ partitionIndex }) => ({
          partitionIndex,
          errorCode: errors.get(`${partitionIndex}:${topic.name}`) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      })),
    };
  },
});
