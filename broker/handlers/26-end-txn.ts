// EndTxn (26), v0-5: commits or aborts the ongoing transaction. Answered once the markers are in every
// partition of the transaction and the outcome is recorded (see broker/transactions). v5 answers the
// producer id and epoch to use next (KIP-890 part 2). This broker runs transactions of version 1 only (it
// advertises no transaction.version feature, so Kafka clients never ask for version 2): the epoch is not
// bumped per transaction, and v5 answers the current one, which the client then keeps using.

import { readEndTxnRequest, type EndTxnRequest } from '../protocol/generated/end-txn-request.ts';
import { writeEndTxnResponse, type EndTxnResponse } from '../protocol/generated/end-txn-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';
import { producerFencedFor } from './txn-errors.ts';

export const endTxnHandler = defineHandler<EndTxnRequest, EndTxnResponse>({
  apiKey: 26,
  name: 'EndTxn',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readEndTxnRequest,
  writeResponse: writeEndTxnResponse,
  async handle({ broker, apiVersion }, request) {
    const errorCode = await broker.transactions.endTxn(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      request.committed,
    );
    const current = broker.transactions.transaction(request.transactionalId);
    const sameProducer = errorCode === ErrorCode.NONE && current?.producerId === request.producerId;
    return {
      throttleTimeMs: 0,
      errorCode: producerFencedFor(errorCode, apiVersion, 2),
      producerId: sameProducer ? current!.producerId : -1n,
      producerEpoch: sameProducer ? current!.producerEpoch : -1,
    };
  },
});
