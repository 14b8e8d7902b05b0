// SaslHandshake (17), v0-1. Selects the SASL mechanism on a SASL listener. v1 continues with SaslAuthenticate
// requests; v0 (old clients, e.g. kafka-python 2.0) continues with raw tokens framed without Kafka headers,
// which security/sasl-gate.ts answers. An unsupported mechanism is answered with UNSUPPORTED_SASL_MECHANISM
// and the list of enabled ones, then the connection is closed, as Kafka does. On a listener without SASL, or
// after authentication, the answer is ILLEGAL_SASL_STATE (Kafka's KafkaApis.handleSaslHandshakeRequest).

import { readSaslHandshakeRequest, type SaslHandshakeRequest } from '../protocol/generated/sasl-handshake-request.ts';
import { writeSaslHandshakeResponse, type SaslHandshakeResponse } from '../protocol/generated/sasl-handshake-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { CloseAfterResponse, defineHandler } from './api-handler.ts';

export const saslHandshakeHandler = defineHandler<SaslHandshakeRequest, SaslHandshakeResponse>({
  apiKey: 17,
  name: 'SaslHandshake',
  minVersion: 0,
  maxVersion: 1,
  readRequest: readSaslHandshakeRequest,
  writeResponse: writeSaslHandshakeResponse,
  handle({ sasl, apiVersion }, request) {
    if (sasl === undefined || sasl === null || sasl.authenticated) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    const mechanisms = [...sasl.enabledMechanisms];
    if (sasl.state !== 'awaiting-handshake') {
      throw new CloseAfterResponse(`SaslHandshake in SASL state ${sasl.state}`, { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms });
    }
    if (!sasl.handshake(request.mechanism, apiVersion)) {
      throw new CloseAfterResponse(`unsupported SASL mechanism ${request.mechanism}`, {
        errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM,
        mechanisms,
      });
    }
    return { errorCode: ErrorCode.NONE, mechanisms };
  },
});
