// DescribeUserScramCredentials (50), v0. Lists users' SCRAM mechanisms and iteration counts (never salts or
// keys). No users (null or empty) means every user; a named user without credentials is RESOURCE_NOT_FOUND
// and a name asked for twice DUPLICATE_RESOURCE, with Kafka's messages.

import {
  readDescribeUserScramCredentialsRequest,
  type DescribeUserScramCredentialsRequest,
} from '../protocol/generated/describe-user-scram-credentials-request.ts';
import {
  writeDescribeUserScramCredentialsResponse,
  type DescribeUserScramCredentialsResponse,
  type DescribeUserScramCredentialsResult,
} from '../protocol/generated/describe-user-scram-credentials-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ScramCredentialStore } from '../security/scram-credential-store.ts';
import { defineHandler } from './api-handler.ts';

export const describeUserScramCredentialsHandler = defineHandler<DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse>(
  {
    apiKey: 50,
    name: 'DescribeUserScramCredentials',
    minVersion: 0,
    maxVersion: 0,
    readRequest: readDescribeUserScramCredentialsRequest,
    writeResponse: writeDescribeUserScramCredentialsResponse,
    handle({ broker }, request) {
      const store = broker.scramCredentials;
      const requested = request.users === null || request.users.length === 0 ? null : request.users.map((user) => user.name);
      const names = requested ?? store.userNames();
      const counts = new Map<string, number>();
      for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
      const results = [...counts].map(([name, count]) => describeUser(store, name, count > 1));
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, results };
    },
  },
);

function describeUser(store: ScramCredentialStore, user: string, duplicate: boolean): DescribeUserScramCredentialsResult {
  if (duplicate) {
    return {
      user,
      errorCode: ErrorCode.DUPLICATE_RESOURCE,
      errorMessage: `Cannot describe SCRAM credentials for the same user twice in a single request: ${user}`,
      credentialInfos: [],
    };
  }
  const credentials = store.credentialsOf(user);
  if (credentials === undefined) {
    return {
      user,
      errorCode: ErrorCode.RESOURCE_NOT_FOUND,
      errorMessage: `Attempt to describe a user credential that does not exist: ${user}`,
      credentialInfos: [],
    };
  }
  return {
    user,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    credentialInfos: credentials.map(({ mechanism, iterations }) => ({ mechanism: mechanism.kafkaType, iterations })),
  };
}
