// DescribeGroups (15), v0-6. State, protocol and members; member metadata and assignments only once the
// group is Stable (as Kafka). An unknown group (the empty id too) is described as state "Dead", with no
// error in v0-5 and GROUP_ID_NOT_FOUND "Group <id> not found." from v6 (KIP-1043), as Kafka 4.3 answers;
// a KIP-848 consumer group likewise, with "Group <id> is not a classic group." (ConsumerGroupDescribe describes it).
// Authorized operations (v3+, when asked): every group operation, as there are no ACLs.

import { readDescribeGroupsRequest, type DescribeGroupsRequest } from '../protocol/generated/describe-groups-request.ts';
import { writeDescribeGroupsResponse, type DescribeGroupsResponse } from '../protocol/generated/describe-groups-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { describeGroup } from '../coordinator/group-offsets.ts';
import { defineHandler } from './api-handler.ts';

const OPERATIONS_NOT_REQUESTED = -2147483648;
/** Bits of AclOperation READ (3), DELETE (6), DESCRIBE (8), DESCRIBE_CONFIGS (10), ALTER_CONFIGS (11): Kafka's 3400. */
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11);
const MAX_GROUPS_PER_DESCRIBE = 10_000;
const FIRST_VERSION_WITH_NOT_FOUND = 6;

export const describeGroupsHandler = defineHandler<DescribeGroupsRequest, DescribeGroupsResponse>({
  apiKey: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 6,
  readRequest: readDescribeGroupsRequest,
  writeResponse: writeDescribeGroupsResponse,
  handle({ broker, apiVersion }, request) {
    const authorizedOperations = request.includeAuthorizedOperations ? GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED;
    return {
      throttleTimeMs: 0,
      groups: request.groups.slice(0, MAX_GROUPS_PER_DESCRIBE).map((groupId) => {
        const group = describeGroup(broker.groups, groupId);
        const notFound = apiVersion >= FIRST_VERSION_WITH_NOT_FOUND && group.state === 'Dead';
        return {
          errorCode: notFound ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NONE,
          errorMessage: notFound ? group.notFoundMessage : null,
          groupId,
          groupState: group.state,
          protocolType: group.protocolType,
          protocolData: group.protocolName,
          members: group.members.map((member) => ({
            memberId: member.memberId,
            groupInstanceId: member.groupInstanceId,
            clientId: member.clientId,
            clientHost: member.clientHost,
            memberMetadata: member.metadata,
            memberAssignment: member.assignment,
          })),
          authorizedOperations,
        };
      }),
    };
  },
});
