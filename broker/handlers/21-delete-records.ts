// DeleteRecords (21), v0-2: raises each partition's log start offset (offset -1: the high watermark) and
// answers the new low watermark; whole segments below it are deleted right away, records before it in
// the first segment become unreadable. OFFSET_OUT_OF_RANGE beyond the high watermark; POLICY_VIOLATION
// on topics whose cleanup.policy lacks "delete" (as Kafka's Partition.deleteRecordsOnLeader).
// Internal topics (__consumer_offsets, __transaction_state, __samsa_admin_changes) answer
// INVALID_TOPIC_EXCEPTION, as Kafka's ReplicaManager refuses client deletions there: removing records of
// __samsa_admin_changes would erase the trace of a change before the console audits it.
// Single node: there are no followers to wait for, so timeoutMs is not needed.

import { readDeleteRecordsRequest, type DeleteRecordsRequest } from '../protocol/generated/delete-records-request.ts';
import {
  writeDeleteRecordsResponse,
  type DeleteRecordsPartitionResult,
  type DeleteRecordsResponse,
} from '../protocol/generated/delete-records-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler, type BrokerState } from './api-handler.ts';

export const deleteRecordsHandler = defineHandler<DeleteRecordsRequest, DeleteRecordsResponse>({
  apiKey: 21,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 2,
  readRequest: readDeleteRecordsRequest,
  writeResponse: writeDeleteRecordsResponse,
  async handle({ broker, clientId, clientAddress, principal }, request) {
    // Every deletion is queued before the first await, in request order.
    const pending = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((partition) =>
        deletePartitionRecords(broker, topic.name, partition.partitionIndex, partition.offset),
      ),
    }));
    const topics = [];
    for (const topic of pending) {
      const partitions = await Promise.all(topic.partitions);
      topics.push({ name: topic.name, partitions });
      const done = partitions.filter((partition) => partition.errorCode === ErrorCode.NONE);
      if (done.length > 0) {
        await broker.adminChanges.record({
          action: 'topic.deleteRecords',
          resource: topic.name,
          clientId,
          clientAddress,
          principal,
          parameters: {
            lowWatermarks: Object.fromEntries(done.map((partition) => [partition.partitionIndex, partition.lowWatermark.toString()])),
          },
        });
      }
    }
    return { throttleTimeMs: 0, topics };
  },
});

async function deletePartitionRecords(
  broker: BrokerState,
  topicName: string,
  partitionIndex: number,
  offset: bigint,
): Promise<DeleteRecordsPartitionResult> {
  const topic = broker.topics.get(topicName);
  const log = topic?.partitions[partitionIndex];
  if (topic === undefined || log === undefined)
    return { partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  if (topic.isInternal) return { partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION };
  if (!log.currentConfig.cleanupDelete) return { partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.POLICY_VIOLATION };
  try {
    const result = await log.deleteRecordsBefore(offset);
    return { partitionIndex, lowWatermark: result.errorCode === ErrorCode.NONE ? result.lowWatermark : -1n, errorCode: result.errorCode };
  } catch {
    return { partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
  }
}
