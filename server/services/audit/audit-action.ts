// The closed list of audited actions, `entity.verb`. Adding a mutation means adding its action here first.
import { z } from 'zod';

export const auditActions = [
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

export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;
