// LeaveGroup (13), v0-5. v0-2: one member id, its error is the top-level error. v3+: a batch of members
// (static members by group.instance.id), each with its own error.

import { readLeaveGroupRequest, type LeaveGroupRequest } from '../protocol/generated/leave-group-request.ts';
import { writeLeaveGroupResponse, type LeaveGroupResponse } from '../protocol/generated/leave-group-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';

/** Bound on members one request may remove. */
const MAX_MEMBERS_PER_LEAVE = 10_000;

export const leaveGroupHandler = defineHandler<LeaveGroupRequest, LeaveGroupResponse>({
  apiKey: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readLeaveGroupRequest,
  writeResponse: writeLeaveGroupResponse,
  handle({ broker, apiVersion }, request) {
    if (apiVersion < 3) {
      const result = broker.groups.leaveGroup(request.groupId, [{ memberId: request.memberId ?? '', groupInstanceId: null }]);
      return { throttleTimeMs: 0, errorCode: result.members[0]?.errorCode ?? result.errorCode, members: [] };
    }
    const identities = (request.members ?? []).map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null }));
    if (identities.length > MAX_MEMBERS_PER_LEAVE) return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, members: [] };
    const result = broker.groups.leaveGroup(request.groupId, identities);
    return { throttleTimeMs: 0, errorCode: result.errorCode, members: result.members };
  },
});
