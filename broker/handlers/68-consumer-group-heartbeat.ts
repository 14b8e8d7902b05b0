// ConsumerGroupHeartbeat (68), v0-1: the KIP-848 consumer group protocol (group.protocol=consumer). Joins
// (member epoch 0), heartbeats, leaves (-1; -2 for a static member leaving for a while) through the
// coordinator's ConsumerGroupCoordinator: epochs, server-side assignors (uniform, range), reconciliation
// with revocation before reassignment, session and rebalance timeouts. v0 lets the coordinator pick the
// member id; from v1 the client sends its own (KIP-1082) and may subscribe with a regular expression.
// The answer waits until the group's records are in __consumer_offsets. Assignments name topics by id.
// A join into a classic group with members upgrades it (online migration, consumer-group-classic-members.ts).
// NOT done: rack-aware assignment.

import {
  readConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatRequest,
} from '../protocol/generated/consumer-group-heartbeat-request.ts';
import {
  writeConsumerGroupHeartbeatResponse,
  type ConsumerGroupHeartbeatResponse,
} from '../protocol/generated/consumer-group-heartbeat-response.ts';
import { clientHostOf } from '../coordinator/client-host.ts';
import { toTopicPartitions } from '../coordinator/consumer-group-records.ts';
import { defineHandler } from './api-handler.ts';

export const consumerGroupHeartbeatHandler = defineHandler<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>({
  apiKey: 68,
  name: 'ConsumerGroupHeartbeat',
  minVersion: 0,
  maxVersion: 1,
  readRequest: readConsumerGroupHeartbeatRequest,
  writeResponse: writeConsumerGroupHeartbeatResponse,
  async handle({ broker, apiVersion, clientId, clientAddress }, request) {
    const result = await broker.groups.consumerGroups.heartbeat({
      groupId: request.groupId,
      memberId: request.memberId,
      memberEpoch: request.memberEpoch,
      instanceId: request.instanceId,
      rackId: request.rackId,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      subscribedTopicNames: request.subscribedTopicNames,
      subscribedTopicRegex: request.subscribedTopicRegex ?? null,
      serverAssignor: request.serverAssignor,
      topicPartitions: request.topicPartitions,
      clientId: clientId ?? '',
      clientHost: clientHostOf(clientAddress),
      apiVersion,
    });
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      errorMessage: result.errorMessage,
      memberId: result.memberId,
      memberEpoch: result.memberEpoch,
      heartbeatIntervalMs: result.heartbeatIntervalMs,
      assignment: result.assignment === null ? null : { topicPartitions: toTopicPartitions(result.assignment) },
    };
  },
});
