// InitProducerId (22), v0-5. Without a transactional id (idempotent producers), every call gets a new
// producer id with epoch 0, durably reserved so it is never reused, as Kafka does for idempotent producers.
// With a transactional id the transaction coordinator (broker/transactions) answers: a new producer id
// the first time, then the same id with the epoch bumped (fencing older incarnations; an ongoing
// transaction of theirs is aborted and CONCURRENT_TRANSACTIONS asks the client to retry). v3+ may name
// the current producer id and epoch (KIP-360); PRODUCER_FENCED is INVALID_PRODUCER_EPOCH before v4.

import { readInitProducerIdRequest, type InitProducerIdRequest } from '../protocol/generated/init-producer-id-request.ts';
import { writeInitProducerIdResponse, type InitProducerIdResponse } from '../protocol/generated/init-producer-id-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';
import { producerFencedFor } from './txn-errors.ts';

export const initProducerIdHandler = defineHandler<InitProducerIdRequest, InitProducerIdResponse>({
  apiKey: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readInitProducerIdRequest,
  writeResponse: writeInitProducerIdResponse,
  async handle({ broker, apiVersion }, request) {
    if (request.transactionalId !== null && request.transactionalId !== undefined) {
      const expected =
        request.producerId !== undefined && request.producerId >= 0n
          ? { producerId: request.producerId, producerEpoch: request.producerEpoch ?? -1 }
          : null;
      const result = await broker.transactions.initProducerId(request.transactionalId, request.transactionTimeoutMs, expected);
      return { throttleTimeMs: 0, ...result, errorCode: producerFencedFor(result.errorCode, apiVersion, 4) };
    }
    const producerId = await broker.topics.allocateProducerId();
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
  },
});
