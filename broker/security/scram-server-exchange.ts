// The server side of one SCRAM authentication (RFC 5802 §5): client-first -> server-first,
// client-final -> server-final. Channel binding is not offered (gs2 flag 'n' or 'y'; 'p=' is refused), as in
// Kafka. Every failure ends the exchange; the caller answers SASL_AUTHENTICATION_FAILED and closes.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hmac, hash, xor, type ScramCredential, type ScramMechanism } from './scram-mechanism.ts';

export type SaslStep =
  | { kind: 'challenge'; token: Buffer }
  | { kind: 'done'; token: Buffer; principal: string }
  | { kind: 'failed'; message: string };

export type CredentialLookup = (user: string, mechanism: ScramMechanism) => ScramCredential | undefined;

/** No legitimate SCRAM message comes near this; a bigger one is refused before parsing. */
const MAX_SCRAM_MESSAGE_BYTES = 4096;
const SERVER_NONCE_BYTES = 24;

interface FirstMessage {
  gs2Header: string;
  clientFirstBare: string;
  user: string;
  clientNonce: string;
}

export class ScramServerExchange {
  private readonly mechanism: ScramMechanism;
  private readonly lookup: CredentialLookup;
  private readonly createServerNonce: () => string;
  private first: (FirstMessage & { serverFirst: string; nonce: string; credential: ScramCredential }) | null = null;
  private finished = false;

  /** `createServerNonce` is replaceable so tests can replay RFC 7677's exchange. */
  constructor(mechanism: ScramMechanism, lookup: CredentialLookup, createServerNonce: () => string = randomServerNonce) {
    this.mechanism = mechanism;
    this.lookup = lookup;
    this.createServerNonce = createServerNonce;
  }

  evaluate(token: Buffer<ArrayBufferLike>): SaslStep {
    if (this.finished) return this.fail('the SCRAM exchange is already complete');
    if (token.length > MAX_SCRAM_MESSAGE_BYTES) return this.fail(`SCRAM message of ${token.length} bytes is too long`);
    const text = token.toString('utf8');
    return this.first === null ? this.onClientFirst(text) : this.onClientFinal(text);
  }

  private onClientFirst(text: string): SaslStep {
    const parsed = parseClientFirst(text);
    if (typeof parsed === 'string') return this.fail(parsed);
    const credential = this.lookup(parsed.user, this.mechanism);
    if (credential === undefined) return this.fail(this.invalidCredentials());
    const nonce = parsed.clientNonce + this.createServerNonce();
    const serverFirst = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.first = { ...parsed, serverFirst, nonce, credential };
    return { kind: 'challenge', token: Buffer.from(serverFirst, 'utf8') };
  }

  private onClientFinal(text: string): SaslStep {
    const first = this.first!;
    this.finished = true;
    const proofAt = text.lastIndexOf(',p=');
    if (proofAt < 0) return this.fail('client-final-message has no proof');
    const withoutProof = text.slice(0, proofAt);
    const attributes = parseAttributes(withoutProof);
    if (attributes.get('c') !== Buffer.from(first.gs2Header, 'utf8').toString('base64'))
      return this.fail('channel binding does not match the client-first-message');
    // Kafka accepts a nonce that ends with the server's (ScramSaslServer): librdkafka sends the client nonce
    // in front of the server's combined nonce.
    if (!(attributes.get('r') ?? '').endsWith(first.nonce)) return this.fail('nonce does not match the server-first-message');
    const proof = Buffer.from(text.slice(proofAt + 3), 'base64');
    const { storedKey, serverKey } = first.credential;
    if (proof.length !== storedKey.length) return this.fail(this.invalidCredentials());
    const authMessage = `${first.clientFirstBare},${first.serverFirst},${withoutProof}`;
    const clientKey = xor(proof, hmac(this.mechanism, storedKey, authMessage));
    if (!timingSafeEqual(hash(this.mechanism, clientKey), storedKey)) return this.fail(this.invalidCredentials());
    const serverSignature = hmac(this.mechanism, serverKey, authMessage);
    return { kind: 'done', token: Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8'), principal: first.user };
  }

  private invalidCredentials(): string {
    return `Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.mechanism.name}`;
  }

  private fail(message: string): SaslStep {
    this.finished = true;
    return { kind: 'failed', message };
  }
}

function randomServerNonce(): string {
  return randomBytes(SERVER_NONCE_BYTES).toString('base64url');
}

/** client-first-message = gs2-header client-first-bare; returns an error message when malformed. */
function parseClientFirst(text: string): FirstMessage | string {
  const flagEnd = text.indexOf(',');
  const authzidEnd = flagEnd < 0 ? -1 : text.indexOf(',', flagEnd + 1);
  if (authzidEnd < 0) return 'client-first-message has no GS2 header';
  const flag = text.slice(0, flagEnd);
  if (flag.startsWith('p=')) return 'channel binding is not supported';
  if (flag !== 'n' && flag !== 'y') return `invalid GS2 channel binding flag ${JSON.stringify(flag)}`;
  const authzid = text.slice(flagEnd + 1, authzidEnd);
  const clientFirstBare = text.slice(authzidEnd + 1);
  const attributes = parseAttributes(clientFirstBare);
  if (clientFirstBare.startsWith('m=')) return 'mandatory SCRAM extensions are not supported';
  const rawUser = attributes.get('n');
  const clientNonce = attributes.get('r');
  if (rawUser === undefined || rawUser === '' || clientNonce === undefined || clientNonce === '')
    return 'client-first-message lacks a user name or nonce';
  const user = decodeSaslName(rawUser);
  if (user === null) return 'invalid escape in the SCRAM user name';
  if (authzid !== '' && (!authzid.startsWith('a=') || decodeSaslName(authzid.slice(2)) !== user)) {
    return 'the authorization id must be the authenticated user';
  }
  return { gs2Header: text.slice(0, authzidEnd + 1), clientFirstBare, user, clientNonce };
}

/** Splits `k=v,k=v`; values may contain '=' (base64), never ','. */
function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at === 1) attributes.set(part[0], part.slice(2));
  }
  return attributes;
}

/** saslname: '=2C' is ',' and '=3D' is '='; any other '=' is invalid. */
function decodeSaslName(raw: string): string | null {
  if (/=(?!2C|3D)/.test(raw)) return null;
  return raw.replaceAll('=2C', ',').replaceAll('=3D', '=');
}
