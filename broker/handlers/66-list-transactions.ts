// ListTransactions (66), v0-2. The transactional ids this broker's transaction coordinator knows (all of
// them: single node), with producer id and state by Kafka's TransactionState name, filtered as Kafka's
// TransactionStateManager.listTransactionStates does: StateFilters (exact names; unknown names are echoed
// in UnknownStateFilters and match nothing), ProducerIdFilters, and (v1) DurationFilter >= 0 keeps only
// transactions whose start time is more than that many ms ago, and (v2, KIP-1152) a non-empty
// TransactionalIdPattern keeps the ids the regular expression matches whole (INVALID_REGULAR_EXPRESSION
// when it does not compile; Kafka uses RE2 syntax, JavaScript's differs only in rare constructs). Dead ids
// are never listed.
// kafka-transactions.sh list (and find-hanging via the admin client) uses it.
// Not done: ACLs (Kafka lists only ids the principal may describe), COORDINATOR_LOAD_IN_PROGRESS (the
// coordinator is loaded before the broker listens). Order: the coordinator's (Kafka's is unspecified).

import { readListTransactionsRequest, type ListTransactionsRequest } from '../protocol/generated/list-transactions-request.ts';
import {
  writeListTransactionsResponse,
  type ListTransactionsResponse,
  type TransactionState,
} from '../protocol/generated/list-transactions-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { TXN_STATE_NAMES, TxnState } from '../transactions/transaction-metadata.ts';
import { defineHandler } from './api-handler.ts';

const STATE_BY_NAME = new Map<string, number>(Object.entries(TxnState));

export const listTransactionsHandler = defineHandler<ListTransactionsRequest, ListTransactionsResponse>({
  apiKey: 66,
  name: 'ListTransactions',
  minVersion: 0,
  maxVersion: 2,
  readRequest: readListTransactionsRequest,
  writeResponse: writeListTransactionsResponse,
  handle({ broker }, request) {
    const unknownStateFilters: string[] = [];
    const states = new Set<number>();
    for (const name of request.stateFilters) {
      const state = STATE_BY_NAME.get(name);
      if (state === undefined) unknownStateFilters.push(name);
      else states.add(state);
    }
    let idPattern: RegExp | null = null;
    const source = request.transactionalIdPattern ?? '';
    if (source !== '') {
      try {
        idPattern = new RegExp(`^(?:${source})$`, 'u');
      } catch {
        return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REGULAR_EXPRESSION, unknownStateFilters: [], transactionStates: [] };
      }
    }
    const producerIds = new Set(request.producerIdFilters);
    const durationMs = Number(request.durationFilter ?? -1n);
    const nowMs = Date.now();
    const transactionStates: TransactionState[] = [];
    for (const txn of broker.transactions.transactions()) {
      if (txn.state === TxnState.Dead) continue;
      if (producerIds.size > 0 && !producerIds.has(txn.producerId)) continue;
      if (request.stateFilters.length > 0 && !states.has(txn.state)) continue;
      if (durationMs >= 0 && nowMs - txn.startTimestampMs <= durationMs) continue;
      if (idPattern !== null && !idPattern.test(txn.transactionalId)) continue;
      transactionStates.push({
        transactionalId: txn.transactionalId,
        producerId: txn.producerId,
        transactionState: TXN_STATE_NAMES[txn.state],
      });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, unknownStateFilters, transactionStates };
  },
});
