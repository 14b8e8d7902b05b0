// EndTxn (26), v0-4: commits or aborts the ongoing transaction. Answered once the markers are in every
// partition of the transaction and the outcome is recorded (see broker/transactions). v5 (KIP-890 part 2,
// an epoch bump per transaction) is unstable in Kafka and not offered.

import { readEndTxnRequest, type EndTxnRequest } from '../protocol/generated/end-txn-request.ts';
import { writeEndTxnResponse, type EndTxnResponse } from '../protocol/generated/end-txn-response.ts';
import { defineHandler } from './api-handler.ts';
import { producerFencedFor } from './txn-errors.ts';

export const endTxnHandler = defineHandler<EndTxnRequest, EndTxnResponse>({
  apiKey: 26,
  name: 'EndTxn',
  minVersion: 0,
  maxVersion: 4,
  readRequest: readEndTxnRequest,
  writeResponse: writeEndTxnResponse,
  async handle({ broker, apiVersion }, request) {
    const errorCode = await broker.transactions.endTxn(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      request.committed,
    );
    return { throttleTimeMs: 0, errorCode: producerFencedFor(errorCode, apiVersion, 2) };
  },
});
