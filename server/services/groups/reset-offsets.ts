// Resets a group's committed offsets to a target (earliest, latest, a time, an offset, a shift, a duration
// back, another group's offsets) over a scope, as kafka-consumer-groups.sh --reset-offsets --execute does.
import type { VerbArgs } from '../service-context.ts';
import { commitResetPlan, type AppliedReset } from './commit-reset-plan.ts';
import { assertMayResetGroup } from './group-ownership.ts';
import { planReset, ResetRequest } from './reset-request.ts';

export const ResetOffsetsInput = ResetRequest;
export type ResetOffsetsInput = ResetRequest;

export async function resetOffsets({ ctx, input: unparsed }: VerbArgs<typeof ResetOffsetsInput>): Promise<AppliedReset> {
  const input = ResetOffsetsInput.parse(unparsed);
  const plan = await planReset(ctx, input);
  await assertMayResetGroup(ctx, input.groupId, [...new Set([...plan.groupTopics, ...plan.partitions.map((p) => p.topic)])]);
  return commitResetPlan(ctx, input.clusterId, plan, 'group.resetOffsets', { target: input.target, scope: input.scope });
}
