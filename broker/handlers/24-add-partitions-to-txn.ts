// AddPartitionsToTxn (24), v0-5. v0-3: the client form (one transaction). v4-5: the batched form Kafka's
// brokers send each other for KIP-890 verification (several transactions; VerifyOnly checks that the
// partitions are already in the producer's ongoing transaction: NONE, else INVALID_PRODUCER_ID_MAPPING,
// INVALID_PRODUCER_EPOCH or INVALID_TXN_STATE; without it the partitions are added as in v3). This single
// node verifies produces in-process, so only other tools send v4+; Kafka restricts it to brokers by ACL,
// and there are no ACLs here. Unknown partitions get UNKNOWN_TOPIC_OR_PARTITION and the others
// OPERATION_NOT_ATTEMPTED, as in Kafka.

import {
  readAddPartitionsToTxnRequest,
  type AddPartitionsToTxnRequest,
  type AddPartitionsToTxnTopic,
} from '../protocol/generated/add-partitions-to-txn-request.ts';
import {
  writeAddPartitionsToTxnResponse,
  type AddPartitionsToTxnResponse,
  type AddPartitionsToTxnTopicResult,
} from '../protocol/generated/add-partitions-to-txn-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler, type BrokerState } from './api-handler.ts';
import { producerFencedFor } from './txn-errors.ts';

const FIRST_BATCHED_VERSION = 4;
/** Bound on the transactions one batched request may name. */
const MAX_TRANSACTIONS_PER_REQUEST = 10_000;

interface TransactionToAdd {
  transactionalId: string;
  producerId: bigint;
  producerEpoch: number;
  verifyOnly: boolean;
  topics: AddPartitionsToTxnTopic[];
}

export const addPartitionsToTxnHandler = defineHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>({
  apiKey: 24,
  name: 'AddPartitionsToTxn',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readAddPartitionsToTxnRequest,
  writeResponse: writeAddPartitionsToTxnResponse,
  async handle({ broker, apiVersion }, request) {
    if (apiVersion < FIRST_BATCHED_VERSION) {
      const resultsByTopicV3AndBelow = await addToTransaction(broker, apiVersion, {
        transactionalId: request.v3AndBelowTransactionalId ?? '',
        producerId: request.v3AndBelowProducerId ?? -1n,
        producerEpoch: request.v3AndBelowProducerEpoch ?? -1,
        verifyOnly: false,
        topics: request.v3AndBelowTopics ?? [],
      });
      return { throttleTimeMs: 0, resultsByTopicV3AndBelow };
    }
    const transactions = request.transactions ?? [];
    if (transactions.length > MAX_TRANSACTIONS_PER_REQUEST) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, resultsByTransaction: [] };
    }
    const resultsByTransaction = [];
    for (const transaction of transactions) {
      resultsByTransaction.push({
        transactionalId: transaction.transactionalId,
        topicResults: await addToTransaction(broker, apiVersion, transaction),
      });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, resultsByTransaction };
  },
});

async function addToTransaction(
  broker: BrokerState,
  apiVersion: number,
  transaction: TransactionToAdd,
): Promise<AddPartitionsToTxnTopicResult[]> {
  const { topics } = transaction;
  const known = (name: string, partition: number) => {
    const topic = broker.topics.get(name);
    return topic !== undefined && partition >= 0 && partition < topic.partitions.length;
  };
  const anyUnknown = topics.some((topic) => topic.partitions.some((partition) => !known(topic.name, partition)));
  const answer = (errorOf: (name: string, partition: number) => number) =>
    topics.map((topic) => ({
      name: topic.name,
      resultsByPartition: topic.partitions.map((partition) => ({
        partitionIndex: partition,
        partitionErrorCode: errorOf(topic.name, partition),
      })),
    }));
  if (anyUnknown) {
    return answer((name, partition) => (known(name, partition) ? ErrorCode.OPERATION_NOT_ATTEMPTED : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
  }
  if (transaction.verifyOnly) {
    return answer((name, partition) =>
      broker.transactions.verifyProduce(transaction.producerId, transaction.producerEpoch, name, partition),
    );
  }
  const partitions = topics.flatMap((topic) => topic.partitions.map((partition) => ({ topic: topic.name, partition })));
  const errorCode = producerFencedFor(
    await broker.transactions.addPartitions(transaction.transactionalId, transaction.producerId, transaction.producerEpoch, partitions),
    apiVersion,
    2,
  );
  return answer(() => errorCode);
}
