// Applies a reset plan: refused while the group has members (naming them), then one OffsetCommit of every
// partition's new offset, audited with the previous and the new offset of each partition.
import { and, desc, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import { alterCommittedOffsets } from '../../kafka/consumer-groups.ts';
import type { PartitionResetPlan } from '../../kafka/reset-plan.ts';
import type { AuditAction } from '../../../domain/audit-actions.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';
import type { ResetPlan } from './reset-request.ts';

export interface AppliedReset {
  /** The audit record holding the previous offsets: what an undo restores. */
  auditRecordId: number;
  partitions: PartitionResetPlan[];
}

export interface AuditedOffset {
  topic: string;
  partition: number;
  offset: number | null;
}

export async function commitResetPlan(
  ctx: ServiceContext,
  clusterId: string,
  plan: ResetPlan,
  action: AuditAction,
  parameters: unknown,
): Promise<AppliedReset> {
  if (plan.members.length > 0) {
    const names = plan.members.map((member) => `${member.clientId} on ${member.clientHost}`).join(', ');
    throw new ConflictError(
      `Group ${plan.groupId} has ${plan.members.length} active member(s): ${names}. Stop them first; a reset is offered again once the group is empty.`,
    );
  }
  const before: AuditedOffset[] = plan.partitions.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.currentOffset }));
  const after: AuditedOffset[] = plan.partitions.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.newOffset }));
  await recordChange(
    ctx,
    { action, clusterId, resourceType: 'group', resourceName: plan.groupId, parameters, before: { offsets: before } },
    async () => {
      const client = await ctx.clusters.client(clusterId);
      await alterCommittedOffsets(
        client,
        plan.groupId,
        after.map((entry) => ({ topic: entry.topic, partition: entry.partition, offset: entry.offset! })),
      );
      return { result: undefined, after: { offsets: after } };
    },
  );
  const [record] = await ctx.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.requestId, ctx.requestId), eq(auditLog.action, action), eq(auditLog.resourceName, plan.groupId)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return { auditRecordId: record.id, partitions: plan.partitions };
}
