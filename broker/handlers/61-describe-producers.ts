// DescribeProducers (61), v0. The active idempotent/transactional producers of each partition, read from the
// partition log's producer state (read-only): id, epoch, last sequence, when it last appended, and the first
// offset of its open transaction (-1 when none). kafka-transactions.sh describe-producers uses it.
// Differences from Kafka: lastTimestamp is the time of the producer's last append (Kafka: the last batch's
// max timestamp), and coordinatorEpoch is always -1 (no transaction markers carry one yet).

import { readDescribeProducersRequest, type DescribeProducersRequest } from '../protocol/generated/describe-producers-request.ts';
import {
  writeDescribeProducersResponse,
  type DescribeProducersResponse,
  type PartitionResponse,
  type ProducerState,
} from '../protocol/generated/describe-producers-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { PartitionLog } from '../log/partition-log.ts';
import { defineHandler } from './api-handler.ts';

const NO_SEQUENCE = -1;
const NO_COORDINATOR_EPOCH = -1;

/** The snapshot layout of ProducerStateManager.toSnapshot (log/producer-state.ts), the one public view of all entries. */
interface SnapshotProducer {
  producerId: string;
  producerEpoch: number;
  lastAppendMs: number;
  currentTxnFirstOffset: string | null;
  batches: [number, number, string, string][];
}

export const describeProducersHandler = defineHandler<DescribeProducersRequest, DescribeProducersResponse>({
  apiKey: 61,
  name: 'DescribeProducers',
  minVersion: 0,
  maxVersion: 0,
  readRequest: readDescribeProducersRequest,
  writeResponse: writeDescribeProducersResponse,
  handle({ broker }, request) {
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((topic) => {
        const partitions = broker.topics.get(topic.name)?.partitions;
        return {
          name: topic.name,
          partitions: topic.partitionIndexes.map((index): PartitionResponse => {
            const log = partitions?.[index];
            if (log === undefined) {
              return { partitionIndex: index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, activeProducers: [] };
            }
            return { partitionIndex: index, errorCode: ErrorCode.NONE, errorMessage: null, activeProducers: activeProducers(log) };
          }),
        };
      }),
    };
  },
});

function activeProducers(log: PartitionLog): ProducerState[] {
  const snapshot = JSON.parse(log.producerState.toSnapshot().toString('utf8')) as { producers: SnapshotProducer[] };
  return snapshot.producers.map((producer) => ({
    producerId: BigInt(producer.producerId),
    producerEpoch: producer.producerEpoch,
    lastSequence: producer.batches.at(-1)?.[1] ?? NO_SEQUENCE,
    lastTimestamp: BigInt(producer.lastAppendMs),
    coordinatorEpoch: NO_COORDINATOR_EPOCH,
    currentTxnStartOffset: producer.currentTxnFirstOffset === null ? -1n : BigInt(producer.currentTxnFirstOffset),
  }));
}
