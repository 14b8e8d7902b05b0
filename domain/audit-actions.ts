// The closed list of audited actions, `entity.verb`. Adding a change means adding its action here first; an
// action stays listed only while something emits it (domain/audit-actions.test.ts checks both).
// group.commitOffsets, group.deleteOffsets, group.alterConfigs, broker.* come only from other tools' changes seen by the built-in
// broker (server/jobs/broker-change-audit-entry.ts); broker.change stands for a broker action not mapped yet;
// audit.detectGap is written by that recorder when changes were removed before it read them. replay.finish,
// replay.interrupt and replay.recover are written by the replay job itself (server/jobs/replay-audit.ts).
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
  'group.alterConfigs',
  'replay.plan',
  'replay.start',
  'replay.approve',
  'replay.pause',
  'replay.resume',
  'replay.cancel',
  'replay.finish',
  'replay.interrupt',
  'replay.recover',
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
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.test',
  'policy.set',
  'policy.delete',
  'request.create',
  'request.createChange',
  'request.cancel',
  'request.approve',
  'request.reject',
  'request.provision',
  'request.retry',
] as const;

export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;
