// DeleteGroups (42), v0-2. Deletes groups without members together with their committed offsets
// (tombstones in __consumer_offsets). NON_EMPTY_GROUP while members are in it, GROUP_ID_NOT_FOUND if unknown.

import { readDeleteGroupsRequest, type DeleteGroupsRequest } from '../protocol/generated/delete-groups-request.ts';
import { writeDeleteGroupsResponse, type DeleteGroupsResponse } from '../protocol/generated/delete-groups-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { deleteGroup } from '../coordinator/group-offsets.ts';
import { defineHandler } from './api-handler.ts';

const MAX_GROUPS_PER_DELETE = 10_000;

export const deleteGroupsHandler = defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  apiKey: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 2,
  readRequest: readDeleteGroupsRequest,
  writeResponse: writeDeleteGroupsResponse,
  async handle({ broker, clientId, clientAddress, principal }, request) {
    // Start every deletion before the first await, so they apply in request order.
    const pending = request.groupsNames.slice(0, MAX_GROUPS_PER_DELETE).map((groupId) => ({
      groupId,
      result: groupId === '' ? Promise.resolve(ErrorCode.INVALID_GROUP_ID) : deleteGroup(broker.groups, groupId),
    }));
    const results = [];
    for (const { groupId, result } of pending) {
      const errorCode = await result;
      if (errorCode === ErrorCode.NONE) {
        await broker.adminChanges.record({ action: 'group.delete', resource: groupId, clientId, clientAddress, principal, parameters: {} });
      }
      results.push({ groupId, errorCode });
    }
    return { throttleTimeMs: 0, results };
  },
});
