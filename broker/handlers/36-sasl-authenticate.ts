// SaslAuthenticate (36), v0-2. Carries one SASL token each way after a SaslHandshake v1 (PLAIN: one round;
// SCRAM: client-first/server-first, client-final/server-final). A failed login is answered with
// SASL_AUTHENTICATION_FAILED and a message, then the connection is closed, as Kafka does. Session lifetime
// is 0 (no re-authentication, KIP-368). On a listener without SASL, or after authentication:
// ILLEGAL_SASL_STATE.

import { readSaslAuthenticateRequest, type SaslAuthenticateRequest } from '../protocol/generated/sasl-authenticate-request.ts';
import { writeSaslAuthenticateResponse, type SaslAuthenticateResponse } from '../protocol/generated/sasl-authenticate-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { publishIfFinished } from '../security/sasl-gate.ts';
import { CloseAfterResponse, defineHandler } from './api-handler.ts';

const NO_BYTES = Buffer.alloc(0);

function answer(errorCode: number, errorMessage: string | null, authBytes: Buffer<ArrayBufferLike> = NO_BYTES): SaslAuthenticateResponse {
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs: 0n };
}

export const saslAuthenticateHandler = defineHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>({
  apiKey: 36,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 2,
  readRequest: readSaslAuthenticateRequest,
  writeResponse: writeSaslAuthenticateResponse,
  handle({ sasl }, request) {
    if (sasl === undefined || sasl === null || sasl.authenticated) {
      return answer(ErrorCode.ILLEGAL_SASL_STATE, 'SaslAuthenticate request received after successful authentication');
    }
    if (sasl.state !== 'awaiting-authenticate') {
      throw new CloseAfterResponse(
        `SaslAuthenticate in SASL state ${sasl.state}`,
        answer(ErrorCode.ILLEGAL_SASL_STATE, `Unexpected SaslAuthenticate in state ${sasl.state}`),
      );
    }
    const step = sasl.authenticate(request.authBytes);
    publishIfFinished(sasl, step.kind);
    if (step.kind === 'failed') {
      throw new CloseAfterResponse(
        `SASL ${sasl.mechanism ?? '?'} authentication failed: ${step.message}`,
        answer(ErrorCode.SASL_AUTHENTICATION_FAILED, step.message),
      );
    }
    return answer(ErrorCode.NONE, null, step.token);
  },
});
