// ListGroups (16), v0-5. Every group this broker coordinates (all of them: single node), including Empty
// groups that only hold offsets. v4 filters by state, v5 by type ("classic", or "consumer" for KIP-848
// groups, whose states are Empty, Assigning, Reconciling, Stable); both filters ignore case, as Kafka.

import { readListGroupsRequest, type ListGroupsRequest } from '../protocol/generated/list-groups-request.ts';
import { writeListGroupsResponse, type ListGroupsResponse } from '../protocol/generated/list-groups-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { listGroups } from '../coordinator/group-offsets.ts';
import { defineHandler } from './api-handler.ts';

export const listGroupsHandler = defineHandler<ListGroupsRequest, ListGroupsResponse>({
  apiKey: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readListGroupsRequest,
  writeResponse: writeListGroupsResponse,
  handle({ broker }, request) {
    const states = new Set((request.statesFilter ?? []).map((s) => s.toLowerCase()));
    const types = new Set((request.typesFilter ?? []).map((t) => t.toLowerCase()));
    const groups = listGroups(broker.groups)
      .filter((group) => states.size === 0 || states.has(group.state.toLowerCase()))
      .filter((group) => types.size === 0 || types.has(group.type))
      .map((group) => ({ groupId: group.groupId, protocolType: group.protocolType, groupState: group.state, groupType: group.type }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  },
});
