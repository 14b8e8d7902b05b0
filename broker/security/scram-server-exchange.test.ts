import { describe, expect, it } from 'vitest';
import { ScramServerExchange } from './scram-server-exchange.ts';
import { PlainServerExchange } from './plain-server-exchange.ts';
import { ScramTestClient } from './scram-test-client.ts';
import {
  credentialFromPassword,
  passwordMatches,
  scramMechanismByName,
  type ScramCredential,
  type ScramMechanism,
} from './scram-mechanism.ts';

const sha256 = scramMechanismByName('SCRAM-SHA-256')!;
const sha512 = scramMechanismByName('SCRAM-SHA-512')!;

// RFC 7677 §3: user "user", password "pencil".
const rfc = {
  salt: Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'),
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

function exchangeFor(mechanism: ScramMechanism, users: Record<string, ScramCredential>, nonce?: () => string) {
  return new ScramServerExchange(mechanism, (user, wanted) => (wanted === mechanism ? users[user] : undefined), nonce);
}

describe('SCRAM server exchange', () => {
  it('replays the SCRAM-SHA-256 exchange of RFC 7677 byte for byte', () => {
    const credential = credentialFromPassword(sha256, 'pencil', rfc.salt, 4096);
    const exchange = exchangeFor(sha256, { user: credential }, () => rfc.serverNonce);
    const first = exchange.evaluate(Buffer.from(rfc.clientFirst));
    expect(first).toEqual({ kind: 'challenge', token: Buffer.from(rfc.serverFirst) });
    const final = exchange.evaluate(Buffer.from(rfc.clientFinal));
    expect(final).toEqual({ kind: 'done', token: Buffer.from(rfc.serverFinal), principal: 'user' });
  });

  it('refuses the RFC 7677 proof when the stored password differs', () => {
    const credential = credentialFromPassword(sha256, 'pencil2', rfc.salt, 4096);
    const exchange = exchangeFor(sha256, { user: credential }, () => rfc.serverNonce);
    exchange.evaluate(Buffer.from(rfc.clientFirst));
    const final = exchange.evaluate(Buffer.from(rfc.clientFinal));
    expect(final.kind).toBe('failed');
    expect(final.kind === 'failed' && final.message).toMatch(/invalid credentials with SASL mechanism SCRAM-SHA-256/);
  });

  it('authenticates a SCRAM-SHA-512 client and proves itself with the server signature', () => {
    const credential = credentialFromPassword(sha512, 'secret, with = signs', Buffer.from('salty'), 4096);
    const exchange = exchangeFor(sha512, { 'a,b=c': credential });
    const client = new ScramTestClient(sha512, 'a,b=c', 'secret, with = signs');
    const first = exchange.evaluate(client.clientFirst());
    expect(first.kind).toBe('challenge');
    const final = exchange.evaluate(client.clientFinal(first.kind === 'challenge' ? first.token : Buffer.alloc(0)));
    expect(final.kind).toBe('done');
    expect(final.kind === 'done' && client.verifyServerFinal(final.token)).toBe(true);
    expect(final.kind === 'done' && final.principal).toBe('a,b=c');
  });

  it('fails an unknown user, a changed nonce and channel binding', () => {
    expect(exchangeFor(sha256, {}).evaluate(Buffer.from('n,,n=nobody,r=abc')).kind).toBe('failed');
    expect(exchangeFor(sha256, {}).evaluate(Buffer.from('p=tls-unique,,n=user,r=abc'))).toMatchObject({
      message: 'channel binding is not supported',
    });
    const credential = credentialFromPassword(sha256, 'pencil', rfc.salt, 4096);
    const exchange = exchangeFor(sha256, { user: credential }, () => rfc.serverNonce);
    exchange.evaluate(Buffer.from(rfc.clientFirst));
    const tampered = rfc.clientFinal.replace('r=rOpr', 'r=XOpr');
    expect(exchange.evaluate(Buffer.from(tampered))).toMatchObject({
      kind: 'failed',
      message: 'nonce does not match the server-first-message',
    });
  });

  it('accepts an authorization id only when it names the authenticated user', () => {
    const credential = credentialFromPassword(sha256, 'pencil', rfc.salt, 4096);
    expect(exchangeFor(sha256, { user: credential }).evaluate(Buffer.from('n,a=user,n=user,r=abc')).kind).toBe('challenge');
    expect(exchangeFor(sha256, { user: credential }).evaluate(Buffer.from('n,a=admin,n=user,r=abc')).kind).toBe('failed');
  });
});

describe('PLAIN server exchange', () => {
  const credential = credentialFromPassword(sha256, 'pencil', rfc.salt, 4096);
  const exchange = () => new PlainServerExchange((user, password) => user === 'user' && passwordMatches(sha256, credential, password));

  it('accepts the right password, with or without an equal authorization id', () => {
    expect(exchange().evaluate(Buffer.from('\0user\0pencil'))).toEqual({ kind: 'done', token: Buffer.alloc(0), principal: 'user' });
    expect(exchange().evaluate(Buffer.from('user\0user\0pencil')).kind).toBe('done');
  });

  it('refuses a wrong password, another authorization id and a malformed message', () => {
    expect(exchange().evaluate(Buffer.from('\0user\0pencils'))).toMatchObject({
      kind: 'failed',
      message: 'Authentication failed: Invalid username or password',
    });
    expect(exchange().evaluate(Buffer.from('admin\0user\0pencil')).kind).toBe('failed');
    expect(exchange().evaluate(Buffer.from('user pencil')).kind).toBe('failed');
  });
});
