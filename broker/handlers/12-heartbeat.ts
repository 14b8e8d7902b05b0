// Heartbeat (12), v0-4. Keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin,
// ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID that it is out of the group.

import { readHeartbeatRequest, type HeartbeatRequest } from '../protocol/generated/heartbeat-request.ts';
import { writeHeartbeatResponse, type HeartbeatResponse } from '../protocol/generated/heartbeat-response.ts';
import { defineHandler } from './api-handler.ts';

export const heartbeatHandler = defineHandler<HeartbeatRequest, HeartbeatResponse>({
  apiKey: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 4,
  readRequest: readHeartbeatRequest,
  writeResponse: writeHeartbeatResponse,
  handle({ broker }, request) {
    const errorCode = broker.groups.heartbeat(request.groupId, request.generationId, request.memberId, request.groupInstanceId ?? null);
    return { throttleTimeMs: 0, errorCode };
  },
});
