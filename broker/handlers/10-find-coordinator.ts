// FindCoordinator (10), v0-6 (v4+ batched keys). This broker coordinates every group and transaction, so
// every key (key type 0 GROUP, 1 TRANSACTION) is answered with this broker's own address. librdkafka also
// needs FindCoordinator v0 advertised before it enables LZ4 (and any coordinator lookup).

import { readFindCoordinatorRequest, type FindCoordinatorRequest } from '../protocol/generated/find-coordinator-request.ts';
import { writeFindCoordinatorResponse, type FindCoordinatorResponse } from '../protocol/generated/find-coordinator-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';

const GROUP = 0;
const TRANSACTION = 1;

export const findCoordinatorHandler = defineHandler<FindCoordinatorRequest, FindCoordinatorResponse>({
  apiKey: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 6,
  readRequest: readFindCoordinatorRequest,
  writeResponse: writeFindCoordinatorResponse,
  handle({ broker, apiVersion }, request) {
    const keyType = request.keyType ?? GROUP;
    const errorCode = keyType === GROUP || keyType === TRANSACTION ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST;
    const errorMessage = errorCode === ErrorCode.NONE ? null : `Unknown coordinator key type ${keyType}`;
    const nodeId = errorCode === ErrorCode.NONE ? broker.config.nodeId : -1;
    const host = errorCode === ErrorCode.NONE ? broker.advertisedHost : '';
    const port = errorCode === ErrorCode.NONE ? broker.advertisedPort : -1;
    if (apiVersion < 4) {
      return { throttleTimeMs: 0, errorCode, errorMessage, nodeId, host, port, coordinators: [] };
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      nodeId: -1,
      host: '',
      port: -1,
      coordinators: (request.coordinatorKeys ?? []).map((key) => ({ key, nodeId, host, port, errorCode, errorMessage })),
    };
  },
});
