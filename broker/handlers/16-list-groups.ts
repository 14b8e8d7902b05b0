// ListGroups (16), v0-5. Every group this broker coordinates (all of them: single node), including Empty
// groups that only hold offsets. v4 filters by state, v5 by type (all groups here are "classic").

import { readListGroupsRequest, type ListGroupsRequest } from '../protocol/generated/list-groups-request.ts';
import { writeListGroupsResponse, type ListGroupsResponse } from '../protocol/generated/list-groups-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { listGroups } from '../coordinator/group-offsets.ts';
import { defineHandler } from './api-handler.ts';

const GROUP_TYPE = 'classic';

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
      .filter(() => types.size === 0 || types.has(GROUP_TYPE))
      .map((group) => ({ groupId: group.groupId, protocolType: group.protocolType, groupState: group.state, groupType: GROUP_TYPE }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  },
});
