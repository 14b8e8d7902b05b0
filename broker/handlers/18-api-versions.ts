// ApiVersions (18), v0-4. Answers the versions of every API this broker implements; the registry derives
// them from the handlers, so what we advertise is exactly what we serve. A version newer than v4 is answered
// by the dispatcher with a v0 UNSUPPORTED_VERSION body. No supported/finalized features are advertised,
// which keeps 4.x clients on the classic (pre-KIP-890) transaction and group protocols.

import { readApiVersionsRequest, type ApiVersionsRequest } from '../protocol/generated/api-versions-request.ts';
import { writeApiVersionsResponse, type ApiVersionsResponse } from '../protocol/generated/api-versions-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';

/** Kafka's rule for client software name and version (ApiVersionsRequest.isValid). */
const SOFTWARE_NAME_OR_VERSION = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export function createApiVersionsHandler(advertised: () => readonly ApiVersionRange[]) {
  return defineHandler<ApiVersionsRequest, ApiVersionsResponse>({
    apiKey: 18,
    name: 'ApiVersions',
    minVersion: 0,
    maxVersion: 4,
    readRequest: readApiVersionsRequest,
    writeResponse: writeApiVersionsResponse,
    handle(context, request) {
      if (context.apiVersion >= 3) {
        const name = request.clientSoftwareName ?? '';
        const version = request.clientSoftwareVersion ?? '';
        if (!SOFTWARE_NAME_OR_VERSION.test(name) || !SOFTWARE_NAME_OR_VERSION.test(version)) {
          return { errorCode: ErrorCode.INVALID_REQUEST, apiKeys: [], throttleTimeMs: 0 };
        }
      }
      return {
        errorCode: ErrorCode.NONE,
        apiKeys: advertised().map((range) => ({ ...range })),
        throttleTimeMs: 0,
        finalizedFeaturesEpoch: -1n,
      };
    },
  });
}
