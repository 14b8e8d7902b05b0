// AddOffsetsToTxn (25), v0-4: adds the group's __consumer_offsets partition to the transaction, so that
// TxnOffsetCommit may stage offsets for that group.

import { readAddOffsetsToTxnRequest, type AddOffsetsToTxnRequest } from '../protocol/generated/add-offsets-to-txn-request.ts';
import { writeAddOffsetsToTxnResponse, type AddOffsetsToTxnResponse } from '../protocol/generated/add-offsets-to-txn-response.ts';
import { defineHandler } from './api-handler.ts';
import { producerFencedFor } from './txn-errors.ts';

export const addOffsetsToTxnHandler = defineHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>({
  apiKey: 25,
  name: 'AddOffsetsToTxn',
  minVersion: 0,
  maxVersion: 4,
  readRequest: readAddOffsetsToTxnRequest,
  writeResponse: writeAddOffsetsToTxnResponse,
  async handle({ broker, apiVersion }, request) {
    const errorCode = await broker.transactions.addOffsets(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      request.groupId,
    );
    return { throttleTimeMs: 0, errorCode: producerFencedFor(errorCode, apiVersion, 2) };
  },
});
