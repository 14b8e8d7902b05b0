// Undoes an audited offset reset: restores the previous offsets from its audit record (refused while the
// group has members), itself audited as group.undoResetOffsets with the offsets before and after.
import type { VerbArgs } from '../service-context.ts';
import { commitResetPlan, type AppliedReset } from './commit-reset-plan.ts';
import { assertMayResetGroup } from './group-ownership.ts';
import { planUndo } from './preview-undo-reset-offsets.ts';
import { UndoRequest } from './undo-request.ts';

export const UndoResetOffsetsInput = UndoRequest;
export type UndoResetOffsetsInput = { auditRecordId: number };

export async function undoResetOffsets({ ctx, input: unparsed }: VerbArgs<typeof UndoResetOffsetsInput>): Promise<AppliedReset> {
  const input = UndoResetOffsetsInput.parse(unparsed);
  const plan = await planUndo(ctx, input.auditRecordId);
  await assertMayResetGroup(ctx, plan.groupId, [...new Set([...plan.groupTopics, ...plan.partitions.map((p) => p.topic)])]);
  return commitResetPlan(ctx, plan.clusterId, plan, 'group.undoResetOffsets', { undoOf: input.auditRecordId });
}
