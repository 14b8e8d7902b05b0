// ConsumerGroupDescribe (69), v0-1: KIP-848 consumer groups with their epochs, assignor and members (each
// member's current and target assignment, topics by id and name). An unknown group answers
// GROUP_ID_NOT_FOUND "Group <id> not found.", a classic group "Group <id> is not a consumer group." (the
// admin client then falls back to DescribeGroups), as Kafka does. Authorized operations: every group
// operation when asked, as there are no ACLs. v1 adds the member type (1: consumer protocol, 0: a classic member inside the group).

import {
  readConsumerGroupDescribeRequest,
  type ConsumerGroupDescribeRequest,
} from '../protocol/generated/consumer-group-describe-request.ts';
import {
  writeConsumerGroupDescribeResponse,
  type ConsumerGroupDescribeResponse,
  type DescribedGroup,
} from '../protocol/generated/consumer-group-describe-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { DEFAULT_SERVER_ASSIGNOR } from '../coordinator/consumer-group-assignors.ts';
import type { Assignment } from '../coordinator/consumer-group.ts';
import type { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import { defineHandler } from './api-handler.ts';

const OPERATIONS_NOT_REQUESTED = -2147483648;
/** Bits of AclOperation READ (3), DELETE (6), DESCRIBE (8), DESCRIBE_CONFIGS (10), ALTER_CONFIGS (11): Kafka's 3400. */
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11);
const MAX_GROUPS_PER_DESCRIBE = 10_000;
/** ConsumerGroupDescribe v1's MemberType: 0 a classic-protocol member (online migration), 1 a consumer-protocol one. */
const CLASSIC_MEMBER_TYPE = 0;
const CONSUMER_MEMBER_TYPE = 1;

function notFound(groupId: string, errorMessage: string): DescribedGroup {
  return {
    errorCode: ErrorCode.GROUP_ID_NOT_FOUND,
    errorMessage,
    groupId,
    groupState: '',
    groupEpoch: 0,
    assignmentEpoch: 0,
    assignorName: '',
    members: [],
    authorizedOperations: OPERATIONS_NOT_REQUESTED,
  };
}

function describedAssignment(groups: GroupCoordinator, assignment: Assignment) {
  return {
    topicPartitions: [...assignment].map(([topicId, partitions]) => ({
      topicId,
      topicName: groups.consumerGroups.topicName(topicId) ?? '',
      partitions: [...partitions].sort((a, b) => a - b),
    })),
  };
}

function owned(assigned: Assignment, pendingRevocation: Assignment): Assignment {
  const all: Assignment = new Map([...assigned].map(([topicId, partitions]) => [topicId, new Set(partitions)]));
  for (const [topicId, partitions] of pendingRevocation) {
    const into = all.get(topicId) ?? new Set<number>();
    for (const partition of partitions) into.add(partition);
    all.set(topicId, into);
  }
  return all;
}

function describe(groups: GroupCoordinator, groupId: string, authorizedOperations: number): DescribedGroup {
  const group = groups.groupFor(groupId, false);
  if (group === null) return notFound(groupId, `Group ${groupId} not found.`);
  if (group.consumer === null) return notFound(groupId, `Group ${groupId} is not a consumer group.`);
  const consumer = group.consumer;
  return {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    groupId,
    groupState: group.state,
    groupEpoch: consumer.groupEpoch,
    assignmentEpoch: consumer.assignmentEpoch,
    assignorName: consumer.preferredAssignor(DEFAULT_SERVER_ASSIGNOR),
    members: [...consumer.members.values()].map((member) => ({
      memberId: member.memberId,
      instanceId: member.instanceId,
      rackId: member.rackId,
      memberEpoch: member.memberEpoch,
      clientId: member.clientId,
      clientHost: member.clientHost,
      subscribedTopicNames: member.subscribedTopicNames,
      subscribedTopicRegex: member.subscribedTopicRegex,
      // What the member owns: its partitions and those it has yet to revoke (Kafka describes both).
      assignment: describedAssignment(groups, owned(member.assigned, member.pendingRevocation)),
      targetAssignment: describedAssignment(groups, consumer.targetAssignment.get(member.memberId) ?? new Map()),
      memberType: member.classic === null ? CONSUMER_MEMBER_TYPE : CLASSIC_MEMBER_TYPE,
    })),
    authorizedOperations,
  };
}

export const consumerGroupDescribeHandler = defineHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>({
  apiKey: 69,
  name: 'ConsumerGroupDescribe',
  minVersion: 0,
  maxVersion: 1,
  readRequest: readConsumerGroupDescribeRequest,
  writeResponse: writeConsumerGroupDescribeResponse,
  handle({ broker }, request) {
    const authorizedOperations = request.includeAuthorizedOperations ? GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED;
    return {
      throttleTimeMs: 0,
      groups: request.groupIds.slice(0, MAX_GROUPS_PER_DESCRIBE).map((groupId) => describe(broker.groups, groupId, authorizedOperations)),
    };
  },
});
