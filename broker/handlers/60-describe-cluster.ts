// DescribeCluster (60), v0-2: this broker is the whole cluster and its controller (never fenced, v2).

import { readDescribeClusterRequest, type DescribeClusterRequest } from '../protocol/generated/describe-cluster-request.ts';
import { writeDescribeClusterResponse, type DescribeClusterResponse } from '../protocol/generated/describe-cluster-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';

const BROKERS_ENDPOINT = 1;
/** CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE. */
const ALL_CLUSTER_OPERATIONS = [5, 7, 8, 9, 10, 11, 12].reduce((bits, op) => bits | (1 << op), 0);

export const describeClusterHandler = defineHandler<DescribeClusterRequest, DescribeClusterResponse>({
  apiKey: 60,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 2,
  readRequest: readDescribeClusterRequest,
  writeResponse: writeDescribeClusterResponse,
  handle({ broker }, request) {
    const endpointType = request.endpointType ?? BROKERS_ENDPOINT;
    if (endpointType !== BROKERS_ENDPOINT) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: 'Only the brokers endpoint type is served',
        endpointType,
        clusterId: broker.topics.clusterId,
        controllerId: -1,
        brokers: [],
        clusterAuthorizedOperations: -2147483648,
      };
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType,
      clusterId: broker.topics.clusterId,
      controllerId: broker.config.nodeId,
      brokers: [{ brokerId: broker.config.nodeId, host: broker.advertisedHost, port: broker.advertisedPort, rack: null }],
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? ALL_CLUSTER_OPERATIONS : -2147483648,
    };
  },
});
