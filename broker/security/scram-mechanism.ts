// SCRAM (RFC 5802) with SHA-256 / SHA-512 (RFC 7677), as Kafka's SCRAM-SHA-256 and SCRAM-SHA-512 use it:
// the key derivation shared by the server exchange, PLAIN password checks and AlterUserScramCredentials.

import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

export type ScramMechanismName = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface ScramMechanism {
  readonly name: ScramMechanismName;
  /** Kafka's ScramMechanism type id in DescribeUserScramCredentials / AlterUserScramCredentials. */
  readonly kafkaType: number;
  readonly hash: 'sha256' | 'sha512';
  readonly keyBytes: number;
}

/** Kafka's bounds (ScramMechanism.minIterations / maxIterations). */
export const MIN_SCRAM_ITERATIONS = 4096;
export const MAX_SCRAM_ITERATIONS = 16384;

export const SCRAM_MECHANISMS: readonly ScramMechanism[] = [
  { name: 'SCRAM-SHA-256', kafkaType: 1, hash: 'sha256', keyBytes: 32 },
  { name: 'SCRAM-SHA-512', kafkaType: 2, hash: 'sha512', keyBytes: 64 },
];

export function scramMechanismByName(name: string): ScramMechanism | undefined {
  return SCRAM_MECHANISMS.find((mechanism) => mechanism.name === name);
}

export function scramMechanismByKafkaType(kafkaType: number): ScramMechanism | undefined {
  return SCRAM_MECHANISMS.find((mechanism) => mechanism.kafkaType === kafkaType);
}

/** What the server keeps per user and mechanism: never the password nor the salted password. */
export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

export function hmac(mechanism: ScramMechanism, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(mechanism.hash, key).update(data).digest();
}

export function hash(mechanism: ScramMechanism, data: Buffer): Buffer {
  return createHash(mechanism.hash).update(data).digest();
}

/**
 * Hi(password, salt, i) of RFC 5802 is PBKDF2 with HMAC as the PRF. The password is taken as plain UTF-8
 * without SASLprep, as Kafka's ScramFormatter and librdkafka do, so the same password derives the same keys.
 */
export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, mechanism.keyBytes, mechanism.hash);
}

export function credentialFromSaltedPassword(mechanism: ScramMechanism, salted: Buffer, salt: Buffer, iterations: number): ScramCredential {
  const clientKey = hmac(mechanism, salted, 'Client Key');
  return {
    salt,
    iterations,
    storedKey: hash(mechanism, clientKey),
    serverKey: hmac(mechanism, salted, 'Server Key'),
  };
}

export function credentialFromPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): ScramCredential {
  return credentialFromSaltedPassword(mechanism, saltedPassword(mechanism, password, salt, iterations), salt, iterations);
}

/** True when `password` derives the credential's stored key (used by PLAIN). */
export function passwordMatches(mechanism: ScramMechanism, credential: ScramCredential, password: string): boolean {
  const derived = credentialFromPassword(mechanism, password, credential.salt, credential.iterations);
  return timingSafeEqual(derived.storedKey, credential.storedKey);
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const result = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) result[i] = a[i] ^ b[i];
  return result;
}
