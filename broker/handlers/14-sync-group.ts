// SyncGroup (14), v0-5. Followers wait for the leader's assignment; the leader's SyncGroup makes the
// group Stable and answers everyone. v5 checks the protocol type and name (INCONSISTENT_GROUP_PROTOCOL).

import { readSyncGroupRequest, type SyncGroupRequest } from '../protocol/generated/sync-group-request.ts';
import { writeSyncGroupResponse, type SyncGroupResponse } from '../protocol/generated/sync-group-response.ts';
import { defineHandler } from './api-handler.ts';

export const syncGroupHandler = defineHandler<SyncGroupRequest, SyncGroupResponse>({
  apiKey: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readSyncGroupRequest,
  writeResponse: writeSyncGroupResponse,
  async handle({ broker }, request) {
    const result = await broker.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
      protocolType: request.protocolType ?? null,
      protocolName: request.protocolName ?? null,
      assignments: request.assignments.map(({ memberId, assignment }) => ({ memberId, assignment })),
    });
    return { throttleTimeMs: 0, ...result };
  },
});
