// Error-code compatibility of the transaction APIs: versions before KIP-588's PRODUCER_FENCED (InitProducerId
// < 4, AddPartitionsToTxn / AddOffsetsToTxn / EndTxn < 2) get INVALID_PRODUCER_EPOCH instead, as Kafka answers.

import { ErrorCode } from '../protocol/error-codes.ts';

export function producerFencedFor(errorCode: number, apiVersion: number, firstFencedVersion: number): number {
  return errorCode === ErrorCode.PRODUCER_FENCED && apiVersion < firstFencedVersion ? ErrorCode.INVALID_PRODUCER_EPOCH : errorCode;
}
