// An operator approves a member's replay into a topic outside the member's prefixes, which starts it. Four
// eyes: whoever asked for the replay cannot approve it.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { replays } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, ForbiddenError } from '../service-error.ts';
import { loadReplay } from './replay-access.ts';

export const ApproveReplayInput = z.object({ id: z.string().min(1).max(100) });
export type ApproveReplayInput = z.infer<typeof ApproveReplayInput>;

export async function approveReplay({ ctx, input: unparsed }: VerbArgs<typeof ApproveReplayInput>): Promise<void> {
  const { id } = ApproveReplayInput.parse(unparsed);
  const row = await loadReplay(ctx, id);
  if (ctx.actor.role !== 'operator' && ctx.actor.role !== 'admin')
    throw new ForbiddenError('Only an operator or an admin approves replays.');
  if (row.requestedByUserId === ctx.actor.userId)
    throw new ForbiddenError('You asked for this replay; another operator must approve it (four eyes).');
  if (row.status !== 'awaiting_approval')
    throw new ConflictError(`Replay ${id} is ${row.status.replace('_', ' ')}, not awaiting approval.`);
  await recordChange(
    ctx,
    {
      action: 'replay.approve',
      clusterId: row.clusterId,
      resourceType: 'replay',
      resourceName: id,
      parameters: { sourceTopic: row.sourceTopic, targetTopic: row.targetTopic, requestedBy: row.requestedByName },
      before: { status: row.status },
    },
    async () => {
      const moved = await ctx.db
        .update(replays)
        .set({
          status: 'running',
          approvedByName: ctx.actor.username,
          approvedAt: new Date(),
          startedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(and(eq(replays.id, id), eq(replays.status, 'awaiting_approval')))
        .returning({ id: replays.id });
      if (moved.length === 0) throw new ConflictError(`Replay ${id} changed meanwhile; reload it.`);
      return { result: undefined, after: { status: 'running', approvedBy: ctx.actor.username } };
    },
  );
  ctx.replays.wake();
}
