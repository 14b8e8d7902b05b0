// JoinGroup (11), v0-9. Classic group membership through the GroupCoordinator: generations, protocol
// selection, MEMBER_ID_REQUIRED (v4+), static membership (v5+ group.instance.id). The answer waits until
// the rebalance completes. v0 has no rebalance timeout: it equals the session timeout, as in Kafka.
// A static member rejoining a Stable group keeps its assignment without a rebalance, the leader too
// (skipAssignment from v9, answered as a follower before), as Kafka.

import { readJoinGroupRequest, type JoinGroupRequest } from '../protocol/generated/join-group-request.ts';
import { writeJoinGroupResponse, type JoinGroupResponse } from '../protocol/generated/join-group-response.ts';
import { defineHandler } from './api-handler.ts';
import { clientHostOf } from '../coordinator/client-host.ts';

const FIRST_SKIP_ASSIGNMENT_VERSION = 9;

export const joinGroupHandler = defineHandler<JoinGroupRequest, JoinGroupResponse>({
  apiKey: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 9,
  readRequest: readJoinGroupRequest,
  writeResponse: writeJoinGroupResponse,
  async handle({ broker, apiVersion, clientId, clientAddress }, request) {
    const result = await broker.groups.joinGroup({
      groupId: request.groupId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
      clientId: clientId ?? '',
      clientHost: clientHostOf(clientAddress),
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: apiVersion >= 1 ? (request.rebalanceTimeoutMs ?? request.sessionTimeoutMs) : request.sessionTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols.map(({ name, metadata }) => ({ name, metadata })),
      requireKnownMemberId: apiVersion >= 4,
      supportsSkipAssignment: apiVersion >= FIRST_SKIP_ASSIGNMENT_VERSION,
    });
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      generationId: result.generationId,
      protocolType: result.protocolType,
      // v0-6 have a non-nullable protocol name.
      protocolName: apiVersion >= 7 ? result.protocolName : (result.protocolName ?? ''),
      leader: result.leader,
      skipAssignment: result.skipAssignment,
      memberId: result.memberId,
      members: result.members.map((member) => ({
        memberId: member.memberId,
        groupInstanceId: member.groupInstanceId,
        metadata: member.metadata,
      })),
    };
  },
});
