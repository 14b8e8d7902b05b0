// Every API this broker serves. ApiVersions advertises exactly this list with each handler's versions, so
// adding a handler here is all it takes to offer a new API.

import type { AnyApiHandler } from './api-handler.ts';
import { produceHandler } from './00-produce.ts';
import { fetchHandler } from './01-fetch.ts';
import { listOffsetsHandler } from './02-list-offsets.ts';
import { metadataHandler } from './03-metadata.ts';
import { findCoordinatorHandler } from './10-find-coordinator.ts';
import { createApiVersionsHandler, type ApiVersionRange } from './18-api-versions.ts';
import { createTopicsHandler } from './19-create-topics.ts';
import { deleteTopicsHandler } from './20-delete-topics.ts';
import { initProducerIdHandler } from './22-init-producer-id.ts';
import { createPartitionsHandler } from './37-create-partitions.ts';
import { describeClusterHandler } from './60-describe-cluster.ts';
import { describeConfigsHandler } from './32-describe-configs.ts';
import { offsetCommitHandler } from './08-offset-commit.ts';
import { offsetFetchHandler } from './09-offset-fetch.ts';
import { joinGroupHandler } from './11-join-group.ts';
import { heartbeatHandler } from './12-heartbeat.ts';
import { leaveGroupHandler } from './13-leave-group.ts';
import { syncGroupHandler } from './14-sync-group.ts';
import { describeGroupsHandler } from './15-describe-groups.ts';
import { listGroupsHandler } from './16-list-groups.ts';
import { deleteGroupsHandler } from './42-delete-groups.ts';
import { offsetDeleteHandler } from './47-offset-delete.ts';
import { alterConfigsHandler } from './33-alter-configs.ts';
import { incrementalAlterConfigsHandler } from './44-incremental-alter-configs.ts';
import { deleteRecordsHandler } from './21-delete-records.ts';
import { describeLogDirsHandler } from './35-describe-log-dirs.ts';
import { saslHandshakeHandler } from './17-sasl-handshake.ts';
import { saslAuthenticateHandler } from './36-sasl-authenticate.ts';
import { describeUserScramCredentialsHandler } from './50-describe-user-scram-credentials.ts';
import { alterUserScramCredentialsHandler } from './51-alter-user-scram-credentials.ts';
import { offsetForLeaderEpochHandler } from './23-offset-for-leader-epoch.ts';
import { describeProducersHandler } from './61-describe-producers.ts';
import { addPartitionsToTxnHandler } from './24-add-partitions-to-txn.ts';
import { addOffsetsToTxnHandler } from './25-add-offsets-to-txn.ts';
import { endTxnHandler } from './26-end-txn.ts';
import { txnOffsetCommitHandler } from './28-txn-offset-commit.ts';
import { describeClientQuotasHandler } from './48-describe-client-quotas.ts';
import { describeTransactionsHandler } from './65-describe-transactions.ts';
import { listTransactionsHandler } from './66-list-transactions.ts';
import { consumerGroupHeartbeatHandler } from './68-consumer-group-heartbeat.ts';
import { consumerGroupDescribeHandler } from './69-consumer-group-describe.ts';

export function createHandlerRegistry(): ReadonlyMap<number, AnyApiHandler> {
  const handlers = new Map<number, AnyApiHandler>();
  const advertised = (): ApiVersionRange[] =>
    [...handlers.values()]
      .map(({ apiKey, minVersion, maxVersion, advertisedMinVersion }) => ({
        apiKey,
        minVersion: advertisedMinVersion ?? minVersion,
        maxVersion,
      }))
      .sort((a, b) => a.apiKey - b.apiKey);
  for (const handler of [
    produceHandler,
    fetchHandler,
    listOffsetsHandler,
    metadataHandler,
    findCoordinatorHandler,
    offsetCommitHandler,
    offsetFetchHandler,
    joinGroupHandler,
    heartbeatHandler,
    leaveGroupHandler,
    syncGroupHandler,
    describeGroupsHandler,
    listGroupsHandler,
    deleteGroupsHandler,
    offsetDeleteHandler,
    createApiVersionsHandler(advertised),
    createTopicsHandler,
    deleteTopicsHandler,
    initProducerIdHandler,
    describeConfigsHandler,
    alterConfigsHandler,
    incrementalAlterConfigsHandler,
    deleteRecordsHandler,
    describeLogDirsHandler,
    createPartitionsHandler,
    describeClusterHandler,
    saslHandshakeHandler,
    saslAuthenticateHandler,
    describeUserScramCredentialsHandler,
    alterUserScramCredentialsHandler,
    offsetForLeaderEpochHandler,
    describeProducersHandler,
    addPartitionsToTxnHandler,
    addOffsetsToTxnHandler,
    endTxnHandler,
    txnOffsetCommitHandler,
    describeClientQuotasHandler,
    describeTransactionsHandler,
    listTransactionsHandler,
    consumerGroupHeartbeatHandler,
    consumerGroupDescribeHandler,
  ]) {
    if (handlers.has(handler.apiKey)) throw new Error(`two handlers for API key ${handler.apiKey}`);
    handlers.set(handler.apiKey, handler);
  }
  return handlers;
}
