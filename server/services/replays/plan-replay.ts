// Plans a replay: what will be copied (records and bytes per partition), where to and about how long, stored
// as a replay in status "planned". Nothing is copied until it is started (start-replay.ts).
import { randomBytes } from 'node:crypto';
import { replays } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ForbiddenError } from '../service-error.ts';
import { ownsTopic } from './replay-access.ts';
import { initialReplayProgress, type ReplayPlan } from './replay-model.ts';
import { computeReplayPlan, ReplayRequest } from './replay-plan.ts';

export const PlanReplayInput = ReplayRequest;
export type PlanReplayInput = ReplayRequest;

export interface PlannedReplayResult {
  id: string;
  plan: ReplayPlan;
  /** A member's replay into a topic outside their team's prefixes: starting it asks an operator to approve. */
  needsApproval: boolean;
}

export async function planReplay({ ctx, input: unparsed }: VerbArgs<typeof PlanReplayInput>): Promise<PlannedReplayResult> {
  const input = PlanReplayInput.parse(unparsed);
  if (ctx.actor.role === 'viewer') throw new ForbiddenError('Viewers cannot plan replays.');
  const { plan, settings } = await computeReplayPlan(ctx, input);
  const needsApproval = !(await ownsTopic(ctx, input.targetTopic));
  const id = randomBytes(6).toString('hex');
  await recordChange(
    ctx,
    {
      action: 'replay.plan',
      clusterId: input.clusterId,
      resourceType: 'replay',
      resourceName: id,
      parameters: {
        sourceTopic: input.sourceTopic,
        targetTopic: input.targetTopic,
        settings,
        totalRecords: plan.totalRecords,
        partitions: plan.partitions,
      },
    },
    async () => {
      await ctx.db.insert(replays).values({
        id,
        clusterId: input.clusterId,
        sourceTopic: input.sourceTopic,
        targetTopic: input.targetTopic,
        settings,
        plan,
        status: 'planned',
        requestedByUserId: ctx.actor.userId,
        requestedByName: ctx.actor.username,
        progress: initialReplayProgress(plan),
      });
      return {
        result: undefined,
        after: { status: 'planned', totalRecords: plan.totalRecords, totalEstimatedBytes: plan.totalEstimatedBytes },
      };
    },
  );
  return { id, plan, needsApproval };
}
