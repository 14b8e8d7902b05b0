// Who may do what with a replay. Operators and admins start, approve and control any replay. A member plans
// and starts replays into topics under their team's prefixes; one into any other topic waits for an operator's
// approval, and the approver is never the requester (four eyes). Members pause, resume and cancel their own.
import { eq } from 'drizzle-orm';
import { hasRole } from '../../../domain/roles.ts';
import { replays, teamPrefixes } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { ForbiddenError, NotFoundError } from '../service-error.ts';

export type ReplayRow = typeof replays.$inferSelect;

export async function loadReplay(ctx: Pick<ServiceContext, 'db'>, id: string): Promise<ReplayRow> {
  const [row] = await ctx.db.select().from(replays).where(eq(replays.id, id));
  if (!row) throw new NotFoundError(`No replay with id ${id}.`);
  return row;
}

/** Whether the actor's team owns the topic's prefix (operators and admins own everything). */
export async function ownsTopic(ctx: Pick<ServiceContext, 'db' | 'actor'>, topic: string): Promise<boolean> {
  const { actor } = ctx;
  if (hasRole(actor.role, 'operator')) return true;
  if (actor.role !== 'member' || !actor.teamId) return false;
  const prefixes = await ctx.db.select().from(teamPrefixes).where(eq(teamPrefixes.teamId, actor.teamId));
  return prefixes.some((owned) => topic.startsWith(owned.prefix));
}

/** Pause, resume, cancel: operators and admins any replay, a member only one they asked for. */
export function assertMayControlReplay(ctx: Pick<ServiceContext, 'actor'>, row: ReplayRow): void {
  if (hasRole(ctx.actor.role, 'operator')) return;
  if (ctx.actor.role === 'member' && row.requestedByUserId === ctx.actor.userId) return;
  throw new ForbiddenError(`Only ${row.requestedByName}, who asked for replay ${row.id}, or an operator can change it.`);
}
