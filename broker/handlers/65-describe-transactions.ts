// DescribeTransactions (65), v0. Each requested transactional id's state in the transaction coordinator, as
// Kafka's TransactionCoordinator.handleDescribeTransactions answers it: the state by Kafka's
// TransactionState name (Empty, Ongoing, PrepareCommit, ...), producer id and epoch, the transaction
// timeout, the start time of the current/last transaction (-1 when none), and the partitions of the
// transaction (including __consumer_offsets ones, as Kafka lists them). Unknown (or Dead) ids get
// TRANSACTIONAL_ID_NOT_FOUND, an empty id INVALID_REQUEST. kafka-transactions.sh describe uses it.
// Differences from Kafka: while a transaction is PrepareCommit/PrepareAbort its partitions are all listed
// (Kafka drops each one as its marker is written); topics are sorted by name, partitions ascending.
// Not done: ACLs (no TRANSACTIONAL_ID_AUTHORIZATION_FAILED), COORDINATOR_LOAD_IN_PROGRESS (the coordinator
// is loaded before the broker listens).

import { readDescribeTransactionsRequest, type DescribeTransactionsRequest } from '../protocol/generated/describe-transactions-request.ts';
import {
  writeDescribeTransactionsResponse,
  type DescribeTransactionsResponse,
  type TransactionState,
} from '../protocol/generated/describe-transactions-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { TransactionCoordinator } from '../transactions/transaction-coordinator.ts';
import { TXN_STATE_NAMES, TxnState } from '../transactions/transaction-metadata.ts';
import { defineHandler } from './api-handler.ts';

export const describeTransactionsHandler = defineHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>({
  apiKey: 65,
  name: 'DescribeTransactions',
  minVersion: 0,
  maxVersion: 0,
  readRequest: readDescribeTransactionsRequest,
  writeResponse: writeDescribeTransactionsResponse,
  handle({ broker }, request) {
    return {
      throttleTimeMs: 0,
      transactionStates: request.transactionalIds.map((transactionalId) => describeTransaction(broker.transactions, transactionalId)),
    };
  },
});

function describeTransaction(coordinator: TransactionCoordinator, transactionalId: string): TransactionState {
  const failed = (errorCode: number): TransactionState => ({
    errorCode,
    transactionalId,
    transactionState: '',
    transactionTimeoutMs: 0,
    transactionStartTimeMs: 0n,
    producerId: 0n,
    producerEpoch: 0,
    topics: [],
  });
  if (transactionalId === '') return failed(ErrorCode.INVALID_REQUEST);
  const txn = coordinator.transaction(transactionalId);
  if (txn === undefined || txn.state === TxnState.Dead) return failed(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
  const topics = [...txn.partitions]
    .filter(([, partitions]) => partitions.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
  return {
    errorCode: ErrorCode.NONE,
    transactionalId,
    transactionState: TXN_STATE_NAMES[txn.state],
    transactionTimeoutMs: txn.timeoutMs,
    transactionStartTimeMs: BigInt(txn.startTimestampMs),
    producerId: txn.producerId,
    producerEpoch: txn.producerEpoch,
    topics,
  };
}
