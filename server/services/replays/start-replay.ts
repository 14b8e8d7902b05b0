// Starts a planned replay. Operators and admins start any; a member starts their own replay into a topic under
// their team's prefixes, and one into any other topic goes to "awaiting approval" for an operator.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ReplayStatus } from '../../../domain/replay.ts';
import { replays } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, ForbiddenError } from '../service-error.ts';
import { loadReplay, ownsTopic } from './replay-access.ts';

export const StartReplayInput = z.object({ id: z.string().min(1).max(100) });
export type StartReplayInput = z.infer<typeof StartReplayInput>;

export async function startReplay({ ctx, input: unparsed }: VerbArgs<typeof StartReplayInput>): Promise<{ status: ReplayStatus }> {
  const { id } = StartReplayInput.parse(unparsed);
  const row = await loadReplay(ctx, id);
  if (row.status !== 'planned')
    throw new ConflictError(`Replay ${id} is ${row.status.replace('_', ' ')}; only a planned replay can be started.`);
  const operator = ctx.actor.role === 'operator' || ctx.actor.role === 'admin';
  if (!operator && row.requestedByUserId !== ctx.actor.userId)
    throw new ForbiddenError(`Only ${row.requestedByName}, who planned replay ${id}, or an operator can start it.`);
  const status: ReplayStatus = (await ownsTopic(ctx, row.targetTopic)) ? 'running' : 'awaiting_approval';
  await recordChange(
    ctx,
    {
      action: 'replay.start',
      clusterId: row.clusterId,
      resourceType: 'replay',
      resourceName: id,
      parameters: { sourceTopic: row.sourceTopic, targetTopic: row.targetTopic },
      before: { status: row.status },
    },
    async () => {
      const moved = await ctx.db
        .update(replays)
        .set({ status, startedAt: status === 'running' ? new Date() : null, updatedAt: new Date() })
        .where(and(eq(replays.id, id), eq(replays.status, 'planned')))
        .returning({ id: replays.id });
      if (moved.length === 0) throw new ConflictError(`Replay ${id} changed meanwhile; reload it.`);
      return { result: undefined, after: { status } };
    },
  );
  if (status === 'running') ctx.replays.wake();
  return { status };
}
