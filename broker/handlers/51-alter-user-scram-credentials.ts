// AlterUserScramCredentials (51), v0. Upsertions carry what Kafka's admin client derives on its side (salt,
// iterations and the salted password); the broker keeps only the stored and server keys (RFC 5802).
// Deletions remove one mechanism of a user. Validation and messages follow Kafka's ScramControlManager; a
// user's changes apply all or nothing, users independently, and the answer waits until they are durable.
// Users given at start (--sasl-user, SAMSA_BROKER_SASL_USERS) belong to the broker's configuration and are
// refused (CLUSTER_AUTHORIZATION_FAILED): otherwise any client could reset the password of the console's own
// generated user and then make changes the console takes for its own.

import {
  readAlterUserScramCredentialsRequest,
  type AlterUserScramCredentialsRequest,
} from '../protocol/generated/alter-user-scram-credentials-request.ts';
import {
  writeAlterUserScramCredentialsResponse,
  type AlterUserScramCredentialsResponse,
  type AlterUserScramCredentialsResult,
} from '../protocol/generated/alter-user-scram-credentials-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import {
  MAX_SCRAM_ITERATIONS,
  MIN_SCRAM_ITERATIONS,
  credentialFromSaltedPassword,
  scramMechanismByKafkaType,
} from '../security/scram-mechanism.ts';
import { MAX_SCRAM_USERS, type CredentialChange, type ScramCredentialStore } from '../security/scram-credential-store.ts';
import { defineHandler } from './api-handler.ts';

type Alteration =
  | { kind: 'upsert'; user: string; mechanismType: number; iterations: number; salt: Buffer; saltedPassword: Buffer }
  | { kind: 'delete'; user: string; mechanismType: number };

type Outcome = { errorCode: number; errorMessage: string | null };

export const alterUserScramCredentialsHandler = defineHandler<AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse>({
  apiKey: 51,
  name: 'AlterUserScramCredentials',
  minVersion: 0,
  maxVersion: 0,
  readRequest: readAlterUserScramCredentialsRequest,
  writeResponse: writeAlterUserScramCredentialsResponse,
  async handle({ broker, clientId, clientAddress, principal }, request) {
    const byUser = new Map<string, Alteration[]>();
    const add = (alteration: Alteration) => byUser.set(alteration.user, [...(byUser.get(alteration.user) ?? []), alteration]);
    for (const deletion of request.deletions) add({ kind: 'delete', user: deletion.name, mechanismType: deletion.mechanism });
    for (const upsertion of request.upsertions)
      add({ kind: 'upsert', user: upsertion.name, mechanismType: upsertion.mechanism, ...upsertion });
    const store = broker.scramCredentials;
    const changes: CredentialChange[] = [];
    const results: AlterUserScramCredentialsResult[] = [];
    let newUsers = 0;
    const startUsers = new Set(broker.config.saslUsers.map((startUser) => startUser.name));
    for (const [user, alterations] of byUser) {
      if (startUsers.has(user)) {
        results.push({
          user,
          errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
          errorMessage: `User ${user} is set by the broker's start configuration and cannot be altered over the protocol`,
        });
        continue;
      }
      const validated = validateUser(store, user, alterations);
      if (!Array.isArray(validated)) {
        results.push({ user, ...validated });
        continue;
      }
      const isNew = store.credentialsOf(user) === undefined;
      if (isNew && store.userCount + newUsers >= MAX_SCRAM_USERS) {
        results.push({
          user,
          errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL,
          errorMessage: `This broker keeps at most ${MAX_SCRAM_USERS} users`,
        });
        continue;
      }
      if (isNew) newUsers++;
      changes.push(...validated);
      results.push({ user, errorCode: ErrorCode.NONE, errorMessage: null });
    }
    // Applied in memory before the first await: later requests on any connection see the new credentials.
    if (changes.length > 0) {
      await store.apply(changes);
      for (const user of new Set(changes.map((change) => change.user))) {
        const mechanisms = changes.filter((change) => change.user === user).map((change) => `${change.kind} ${change.mechanism.name}`);
        await broker.adminChanges.record({
          action: 'user.alterScramCredentials',
          resource: user,
          clientId,
          clientAddress,
          principal,
          parameters: { mechanisms },
        });
      }
    }
    return { throttleTimeMs: 0, results };
  },
});

function validateUser(store: ScramCredentialStore, user: string, alterations: readonly Alteration[]): CredentialChange[] | Outcome {
  if (user === '') return { errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, errorMessage: 'Username must not be empty' };
  // Checked first, as Kafka does: the same user and mechanism twice (deletion or upsertion).
  if (new Set(alterations.map((alteration) => alteration.mechanismType)).size !== alterations.length) {
    return { errorCode: ErrorCode.DUPLICATE_RESOURCE, errorMessage: 'A user credential cannot be altered twice in the same request' };
  }
  const changes: CredentialChange[] = [];
  for (const alteration of alterations) {
    const mechanism = scramMechanismByKafkaType(alteration.mechanismType);
    if (mechanism === undefined) return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, errorMessage: 'Unknown SCRAM mechanism' };
    if (alteration.kind === 'delete') {
      if (store.lookup(user, mechanism) === undefined) {
        return { errorCode: ErrorCode.RESOURCE_NOT_FOUND, errorMessage: 'Attempt to delete a user credential that does not exist' };
      }
      changes.push({ kind: 'delete', user, mechanism });
      continue;
    }
    if (alteration.iterations < MIN_SCRAM_ITERATIONS)
      return { errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, errorMessage: 'Too few iterations' };
    if (alteration.iterations > MAX_SCRAM_ITERATIONS)
      return { errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, errorMessage: 'Too many iterations' };
    if (alteration.salt.length === 0 || alteration.saltedPassword.length !== mechanism.keyBytes) {
      return {
        errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL,
        errorMessage: `A ${mechanism.name} credential needs a salt and a ${mechanism.keyBytes}-byte salted password`,
      };
    }
    const credential = credentialFromSaltedPassword(
      mechanism,
      alteration.saltedPassword,
      Buffer.from(alteration.salt),
      alteration.iterations,
    );
    changes.push({ kind: 'upsert', user, mechanism, credential });
  }
  return changes;
}
