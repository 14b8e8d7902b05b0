// AddPartitionsToTxn (24), v0-3: the client form (one transaction). v4+ (the batched broker-to-broker form
// used for KIP-890 verification) is not offered: this single node verifies produces in-process.
// Unknown partitions get UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, as in Kafka.

import { readAddPartitionsToTxnRequest, type AddPartitionsToTxnRequest } from '../protocol/generated/add-partitions-to-txn-request.ts';
import { writeAddPartitionsToTxnResponse, type AddPartitionsToTxnResponse } from '../protocol/generated/add-partitions-to-txn-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';
import { producerFencedFor } from './txn-errors.ts';

export const addPartitionsToTxnHandler = defineHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>({
  apiKey: 24,
  name: 'AddPartitionsToTxn',
  minVersion: 0,
  maxVersion: 3,
  readRequest: readAddPartitionsToTxnRequest,
  writeResponse: writeAddPartitionsToTxnResponse,
  async handle({ broker, apiVersion }, request) {
    const topics = request.v3AndBelowTopics ?? [];
    const known = (name: string, partition: number) => {
      const topic = broker.topics.get(name);
      return topic !== undefined && partition >= 0 && partition < topic.partitions.length;
    };
    const anyUnknown = topics.some((topic) => topic.partitions.some((partition) => !known(topic.name, partition)));
    let errorCode: number = ErrorCode.NONE;
    if (!anyUnknown) {
      const partitions = topics.flatMap((topic) => topic.partitions.map((partition) => ({ topic: topic.name, partition })));
      errorCode = producerFencedFor(
        await broker.transactions.addPartitions(
          request.v3AndBelowTransactionalId ?? '',
          request.v3AndBelowProducerId ?? -1n,
          request.v3AndBelowProducerEpoch ?? -1,
          partitions,
        ),
        apiVersion,
        2,
      );
    }
    return {
      throttleTimeMs: 0,
      resultsByTopicV3AndBelow: topics.map((topic) => ({
        name: topic.name,
        resultsByPartition: topic.partitions.map((partition) => ({
          partitionIndex: partition,
          partitionErrorCode: !anyUnknown
            ? errorCode
            : known(topic.name, partition)
              ? ErrorCode.OPERATION_NOT_ATTEMPTED
              : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      })),
    };
  },
});
