// The closed list of audited actions, `entity.verb`. Adding a mutation means adding its action here first.
// group.commitOffsets, group.deleteOffsets, broker.* come only from other tools' changes seen by the built-in
// broker (server/jobs/broker-change-recorder.ts); broker.change stands for a broker action not mapped yet;
// audit.detectGap is written by that recorder when changes were removed before it read them.
import { z } from 'zod';

export const auditActions = [
  'cluster.create',
  'cluster.delete',
  'topic.create',
  'topic.delete',
  'topic.createPartitions',
  'topic.alterConfigs',
  'records.delete',
  'records.produce',
  'records.export',
  'group.delete',
  'group.resetOffsets',
  'group.undoResetOffsets',
  'group.commitOffsets',
  'group.deleteOffsets',
  'broker.alterConfigs',
  'broker.change',
  'audit.detectGap',
  'user.create',
  'user.update',
  'user.delete',
  'user.resetPassword',
  'user.changePassword',
  'user.signIn',
  'team.create',
  'team.update',
  'team.delete',
  'request.approve',
  'request.reject',
] as const;

export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;
