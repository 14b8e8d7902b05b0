// InitProducerId (22), v0-5. Without a transactional id (idempotent producers), every call gets a new
// producer id with epoch 0, durably reserved so it is never reused, as Kafka does for idempotent producers.
// Transactional ids arrive with the transaction coordinator (next broker issue); until then they are
// answered COORDINATOR_NOT_AVAILABLE, which clients treat as retriable.

import { readInitProducerIdRequest, type InitProducerIdRequest } from '../protocol/generated/init-producer-id-request.ts';
import { writeInitProducerIdResponse, type InitProducerIdResponse } from '../protocol/generated/init-producer-id-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';

export const initProducerIdHandler = defineHandler<InitProducerIdRequest, InitProducerIdResponse>({
  apiKey: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readInitProducerIdRequest,
  writeResponse: writeInitProducerIdResponse,
  async handle({ broker }, request) {
    if (request.transactionalId !== null && request.transactionalId !== undefined) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1n, producerEpoch: -1 };
    }
    const producerId = await broker.topics.allocateProducerId();
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
  },
});
