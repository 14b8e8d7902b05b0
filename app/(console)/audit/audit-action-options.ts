// The action filter's choices. Mirrors server/services/audit/audit-action.ts (app/ may not import server code);
// a test there keeps the two lists equal.
export const auditActionOptions = [
  'cluster.create',
  'cluster.delete',
  'topic.create',
  'topic.delete',
  'topic.createPartitions',
  'topic.alterConfigs',
  'records.delete',
  'group.delete',
  'group.resetOffsets',
  'user.create',
  'user.update',
  'user.delete',
  'team.create',
  'team.update',
  'team.delete',
  'request.approve',
  'request.reject',
] as const;
