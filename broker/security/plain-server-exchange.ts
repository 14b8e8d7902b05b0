// SASL PLAIN (RFC 4616): one message `[authzid] NUL authcid NUL passwd`, checked against the user's SCRAM
// credential (the password derives the stored key), so PLAIN and SCRAM share one user database and no
// password is ever stored.

import type { SaslStep } from './scram-server-exchange.ts';

export type PasswordCheck = (user: string, password: string) => boolean;

const MAX_PLAIN_MESSAGE_BYTES = 4096;

export class PlainServerExchange {
  private readonly checkPassword: PasswordCheck;
  private finished = false;

  constructor(checkPassword: PasswordCheck) {
    this.checkPassword = checkPassword;
  }

  evaluate(token: Buffer<ArrayBufferLike>): SaslStep {
    if (this.finished) return { kind: 'failed', message: 'the PLAIN exchange is already complete' };
    this.finished = true;
    if (token.length > MAX_PLAIN_MESSAGE_BYTES) return { kind: 'failed', message: 'PLAIN message is too long' };
    const parts = token.toString('utf8').split('\0');
    if (parts.length !== 3) return { kind: 'failed', message: 'Invalid SASL/PLAIN response: expected 3 tokens' };
    const [authzid, user, password] = parts;
    if (user === '' || password === '') return { kind: 'failed', message: 'Authentication failed: username or password is empty' };
    if (authzid !== '' && authzid !== user) {
      return { kind: 'failed', message: 'Authentication failed: Client requested an authorization id that is different from username' };
    }
    if (!this.checkPassword(user, password)) return { kind: 'failed', message: 'Authentication failed: Invalid username or password' };
    return { kind: 'done', token: Buffer.alloc(0), principal: user };
  }
}
