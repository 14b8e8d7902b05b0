// What an unauthenticated connection on a SASL listener may send (Kafka's SaslServerAuthenticator):
// ApiVersions, SaslHandshake and SaslAuthenticate frames go on to their handlers; after a v0 handshake the
// frames are raw SASL tokens without Kafka headers, answered here with raw tokens; anything else closes
// the connection, so no API is reachable without logging in.

import diagnosticsChannel from 'node:diagnostics_channel';
import type { DispatchResult } from '../network/connection.ts';
import type { SaslAuthenticationEvent, SaslSession } from './sasl-session.ts';

const API_VERSIONS_KEY = 18;
const SASL_HANDSHAKE_KEY = 17;
const SASL_AUTHENTICATE_KEY = 36;
const PRE_AUTHENTICATION_API_KEYS = new Set([API_VERSIONS_KEY, SASL_HANDSHAKE_KEY, SASL_AUTHENTICATE_KEY]);
/** Kafka's sasl.server.max.receive.size: no legitimate frame before login is bigger. */
export const MAX_UNAUTHENTICATED_FRAME_BYTES = 512 * 1024;

/** Published after each finished SASL exchange (success or failure). */
export const saslAuthenticationChannel = diagnosticsChannel.channel('samsa.broker.sasl-authentication');

/** Returns how to answer the frame, or null to dispatch it normally. */
export function gateUnauthenticatedFrame(sasl: SaslSession, frame: Buffer): DispatchResult | null {
  if (sasl.state === 'authenticated') return null;
  if (frame.length > MAX_UNAUTHENTICATED_FRAME_BYTES) {
    return {
      kind: 'close',
      reason: `frame of ${frame.length} bytes before SASL authentication (limit ${MAX_UNAUTHENTICATED_FRAME_BYTES})`,
    };
  }
  switch (sasl.state) {
    case 'failed':
      return { kind: 'close', reason: 'request after a failed SASL authentication' };
    case 'awaiting-raw-token':
      return answerRawToken(sasl, frame);
    default: {
      const apiKey = frame.length >= 2 ? frame.readInt16BE(0) : -1;
      if (PRE_AUTHENTICATION_API_KEYS.has(apiKey)) return null;
      return { kind: 'close', reason: `API key ${apiKey} before SASL authentication` };
    }
  }
}

/** SaslHandshake v0 clients send tokens as bare size-prefixed frames; a failure can only close. */
function answerRawToken(sasl: SaslSession, token: Buffer): DispatchResult {
  const step = sasl.authenticate(token);
  publishIfFinished(sasl, step.kind);
  if (step.kind === 'failed') return { kind: 'close', reason: `SASL ${sasl.mechanism ?? '?'} authentication failed: ${step.message}` };
  return { kind: 'response', buffers: [step.token] };
}

export function publishIfFinished(sasl: SaslSession, stepKind: 'challenge' | 'done' | 'failed'): void {
  if (stepKind === 'challenge' || !saslAuthenticationChannel.hasSubscribers) return;
  saslAuthenticationChannel.publish({
    mechanism: sasl.mechanism ?? 'unknown',
    principal: sasl.principal,
    succeeded: stepKind === 'done',
  } satisfies SaslAuthenticationEvent);
}
