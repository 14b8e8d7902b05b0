// Moves a replay from one status to another for pause, resume and cancel: the control check, the audit
// record (counts so far in `after`), a conditional update (a job finishing meanwhile wins), and the running job
// stopped before the verb returns, so the counts it reports are final.
import { and, eq, inArray } from 'drizzle-orm';
import type { AuditAction } from '../../../domain/audit-actions.ts';
import type { ReplayStatus } from '../../../domain/replay.ts';
import { replays } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';
import { assertMayControlReplay, loadReplay } from './replay-access.ts';
import { type ReplayProgress, replayCounts } from './replay-model.ts';

export interface ReplayTransition {
  action: AuditAction;
  from: readonly ReplayStatus[];
  to: ReplayStatus;
  /** Words for the refusal: "paused", "resumed", "cancelled". */
  verbPast: string;
}

export async function transitionReplay(ctx: ServiceContext, id: string, transition: ReplayTransition): Promise<{ status: ReplayStatus }> {
  const row = await loadReplay(ctx, id);
  assertMayControlReplay(ctx, row);
  if (!transition.from.includes(row.status))
    throw new ConflictError(`Replay ${id} is ${row.status.replace('_', ' ')}; it cannot be ${transition.verbPast} now.`);
  await recordChange(
    ctx,
    {
      action: transition.action,
      clusterId: row.clusterId,
      resourceType: 'replay',
      resourceName: id,
      parameters: { sourceTopic: row.sourceTopic, targetTopic: row.targetTopic },
      before: { status: row.status, ...replayCounts(row.progress as ReplayProgress | null) },
    },
    async () => {
      const moved = await ctx.db
        .update(replays)
        .set({
          status: transition.to,
          updatedAt: new Date(),
          ...(transition.to === 'cancelled' ? { finishedAt: new Date() } : {}),
          ...(transition.to === 'running' ? { lastError: null, lastErrorAt: null } : {}),
        })
        .where(and(eq(replays.id, id), inArray(replays.status, [...transition.from])))
        .returning({ id: replays.id });
      if (moved.length === 0) throw new ConflictError(`Replay ${id} changed meanwhile (it may have finished); reload it.`);
      if (transition.to === 'running') ctx.replays.wake();
      else await ctx.replays.stopJob(id);
      const after = await loadReplay(ctx, id);
      return { result: undefined, after: { status: transition.to, ...replayCounts(after.progress as ReplayProgress | null) } };
    },
  );
  return { status: transition.to };
}
