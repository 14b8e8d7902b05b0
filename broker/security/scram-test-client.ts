// A SCRAM client (RFC 5802 §3) for the broker's tests: what librdkafka and the Java client compute.

import { randomBytes } from 'node:crypto';
import { hmac, hash, saltedPassword, xor, type ScramMechanism } from './scram-mechanism.ts';

export class ScramTestClient {
  private readonly mechanism: ScramMechanism;
  private readonly user: string;
  private readonly password: string;
  private readonly clientNonce: string;
  private clientFirstBare = '';
  private expectedServerSignature = '';

  constructor(mechanism: ScramMechanism, user: string, password: string, clientNonce = randomBytes(18).toString('base64')) {
    this.mechanism = mechanism;
    this.user = user;
    this.password = password;
    this.clientNonce = clientNonce;
  }

  clientFirst(): Buffer {
    this.clientFirstBare = `n=${this.user.replaceAll('=', '=3D').replaceAll(',', '=2C')},r=${this.clientNonce}`;
    return Buffer.from(`n,,${this.clientFirstBare}`);
  }

  clientFinal(serverFirstToken: Buffer): Buffer {
    const serverFirst = serverFirstToken.toString('utf8');
    const fields = new Map(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
    const nonce = fields.get('r')!;
    const salted = saltedPassword(this.mechanism, this.password, Buffer.from(fields.get('s')!, 'base64'), Number(fields.get('i')));
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientKey = hmac(this.mechanism, salted, 'Client Key');
    const proof = xor(clientKey, hmac(this.mechanism, hash(this.mechanism, clientKey), authMessage));
    this.expectedServerSignature = hmac(this.mechanism, hmac(this.mechanism, salted, 'Server Key'), authMessage).toString('base64');
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`);
  }

  /** True when the server-final-message proves the server knows the credential. */
  verifyServerFinal(serverFinalToken: Buffer): boolean {
    return serverFinalToken.toString('utf8') === `v=${this.expectedServerSignature}`;
  }
}
