// The dry run of an undo: what restoring the offsets an audited reset replaced would do, per partition.
import type { VerbArgs } from '../service-context.ts';
import type { AuditedOffset } from './commit-reset-plan.ts';
import { planReset, type ResetPlan } from './reset-request.ts';
import { undoAsResetRequest, UndoRequest } from './undo-request.ts';

export const PreviewUndoResetOffsetsInput = UndoRequest;
export type PreviewUndoResetOffsetsInput = { auditRecordId: number };

export interface UndoPlan extends ResetPlan {
  /** Partitions that had no commit before the reset; OffsetCommit cannot remove a commit, so they stay. */
  skipped: AuditedOffset[];
  clusterId: string;
}

export async function previewUndoResetOffsets({ ctx, input: unparsed }: VerbArgs<typeof PreviewUndoResetOffsetsInput>): Promise<UndoPlan> {
  const input = PreviewUndoResetOffsetsInput.parse(unparsed);
  return planUndo(ctx, input.auditRecordId);
}

export async function planUndo(
  ctx: Parameters<typeof planReset>[0] & Parameters<typeof undoAsResetRequest>[0],
  auditRecordId: number,
): Promise<UndoPlan> {
  const { request, skipped } = await undoAsResetRequest(ctx, auditRecordId);
  const plan = await planReset(ctx, request);
  const wanted = (request.target as { perPartition?: Record<string, number> }).perPartition ?? {};
  // Only the partitions the reset changed: an 'all' scope covers every partition of the group's topics.
  return {
    ...plan,
    partitions: plan.partitions.filter((p) => `${p.topic}/${p.partition}` in wanted),
    skipped,
    clusterId: request.clusterId,
  };
}
