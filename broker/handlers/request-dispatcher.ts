// Turns one request frame into one response frame: header parsing, version checks, the handler, encoding.
// Anything malformed closes only that connection, never the process.

import diagnosticsChannel from 'node:diagnostics_channel';
import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import { ProtocolError } from '../protocol/reader.ts';
import { requestHeaderVersion, responseHeaderVersion } from '../protocol/headers.ts';
import { readRequestHeader } from '../protocol/generated/request-header.ts';
import { writeResponseHeader } from '../protocol/generated/response-header.ts';
import { writeApiVersionsResponse } from '../protocol/generated/api-versions-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ConnectionInfo, DispatchResult, Dispatcher } from '../network/connection.ts';
import { gateUnauthenticatedFrame } from '../security/sasl-gate.ts';
import { CloseAfterResponse, CloseConnection, type AnyApiHandler, type BrokerState, type RequestContext } from './api-handler.ts';

/** Published after every handled request; the metrics exporter subscribes (the broker imports no metrics library). */
export const requestChannel = diagnosticsChannel.channel('samsa.broker.request');

export interface RequestEvent {
  apiKey: number;
  apiName: string;
  apiVersion: number;
  clientId: string | null;
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
}

const API_VERSIONS_KEY = 18;
const REQUEST_PREFIX_BYTES = 8; // apiKey int16, apiVersion int16, correlationId int32

export function createDispatcher(state: BrokerState, handlers: ReadonlyMap<number, AnyApiHandler>): Dispatcher {
  return (frame, connection) => {
    // On a SASL listener, before authentication: raw v0 tokens, and only the SASL APIs and ApiVersions.
    const gated = connection.sasl ? gateUnauthenticatedFrame(connection.sasl, frame) : null;
    if (gated !== null) return Promise.resolve(gated);
    if (frame.length < REQUEST_PREFIX_BYTES) return Promise.resolve(close(`request of ${frame.length} bytes is shorter than a header`));
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const correlationId = frame.readInt32BE(4);
    const handler = handlers.get(apiKey);
    if (handler === undefined) return Promise.resolve(close(`unknown API key ${apiKey}`));
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey === API_VERSIONS_KEY) return Promise.resolve(unsupportedApiVersions(correlationId, handler));
      return Promise.resolve(close(`${handler.name} v${apiVersion} is not supported (${handler.minVersion}-${handler.maxVersion})`));
    }
    return handleRequest(state, handler, frame, apiVersion, connection);
  };
}

async function handleRequest(
  state: BrokerState,
  handler: AnyApiHandler,
  frame: Buffer,
  apiVersion: number,
  connection: ConnectionInfo,
): Promise<DispatchResult> {
  const startedAt = performance.now();
  let context: RequestContext;
  let request: unknown;
  try {
    const reader = new Reader(frame);
    const header = readRequestHeader(reader, requestHeaderVersion(handler.apiKey, apiVersion));
    request = handler.readRequest(reader, apiVersion);
    context = {
      broker: state,
      apiVersion,
      correlationId: header.correlationId,
      clientId: header.clientId ?? null,
      clientAddress: connection.clientAddress,
      principal: connection.sasl?.principal ?? null,
      connectionId: connection.id,
      signal: connection.signal,
      sasl: connection.sasl ?? null,
    };
  } catch (error) {
    if (error instanceof ProtocolError) return close(`malformed ${handler.name} v${apiVersion} request: ${error.message}`);
    throw error;
  }
  // Called before any await: effects of pipelined requests happen in request order.
  let response: unknown;
  let closeAfterSend: string | undefined;
  try {
    response = await handler.handle(context, request);
  } catch (error) {
    if (error instanceof CloseConnection) return close(error.message);
    if (!(error instanceof CloseAfterResponse)) throw error;
    response = error.response;
    closeAfterSend = error.message;
  }
  const frameReusable = handler.releasesRequestBytes === true;
  if (response === null) return { kind: 'none', frameReusable };
  const writer = new Writer();
  writeResponseHeader(writer, responseHeaderVersion(handler.apiKey, apiVersion), { correlationId: context.correlationId });
  handler.writeResponse(writer, apiVersion, response);
  const buffers = writer.toBuffers();
  if (requestChannel.hasSubscribers) {
    requestChannel.publish({
      apiKey: handler.apiKey,
      apiName: handler.name,
      apiVersion,
      clientId: context.clientId,
      durationMs: performance.now() - startedAt,
      requestBytes: frame.length + 4,
      responseBytes: writer.length + 4,
    } satisfies RequestEvent);
  }
  return { kind: 'response', buffers, closeAfterSend, frameReusable };
}

/**
 * An ApiVersions request newer than we know: answer with a v0 body carrying UNSUPPORTED_VERSION and our
 * ApiVersions range, so the client retries with a version we speak (Kafka's ApiVersionsRequest.getErrorResponse).
 */
function unsupportedApiVersions(correlationId: number, handler: AnyApiHandler): DispatchResult {
  const writer = new Writer();
  writeResponseHeader(writer, 0, { correlationId });
  writeApiVersionsResponse(writer, 0, {
    errorCode: ErrorCode.UNSUPPORTED_VERSION,
    apiKeys: [{ apiKey: API_VERSIONS_KEY, minVersion: handler.minVersion, maxVersion: handler.maxVersion }],
  });
  return { kind: 'response', buffers: writer.toBuffers() };
}

function close(reason: string): DispatchResult {
  return { kind: 'close', reason };
}
