// Reads and moves topic requests. A move is one conditional UPDATE (`where state = <expected>`) plus its
// timeline event in one transaction: of two people moving the same request at once exactly one wins, the
// other gets a ConflictError naming the state it found.
import { and, eq, inArray } from 'drizzle-orm';
import { mayMove, type TopicRequestState } from '../../../domain/topic-request-states.ts';
import { notifications, topicRequestEvents, topicRequests } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { ConflictError, NotFoundError } from '../service-error.ts';
import { hasRole } from '../../../domain/roles.ts';
import { consoleUrl } from '../webhooks/notification.ts';

export type TopicRequestRow = typeof topicRequests.$inferSelect;
type Changes = Partial<Omit<TopicRequestRow, 'id' | 'state' | 'createdAt'>>;

/** The request, if the actor may see it: operators and admins every one, members their team's. */
export async function loadVisibleRequest(ctx: ServiceContext, requestId: number): Promise<TopicRequestRow> {
  const [row] = await ctx.db.select().from(topicRequests).where(eq(topicRequests.id, requestId)).limit(1);
  const visible = row && (hasRole(ctx.actor.role, 'operator') || (ctx.actor.teamId !== null && row.teamId === ctx.actor.teamId));
  if (!row || !visible) throw new NotFoundError(`There is no request #${requestId} you can see.`);
  return row;
}

export interface Move {
  from: readonly TopicRequestState[];
  to: TopicRequestState;
  message: string;
  details?: unknown;
  changes?: Changes;
}

/** Moves the request if it is still in one of `from`; returns the updated row. */
export async function moveRequest(ctx: ServiceContext, requestId: number, move: Move): Promise<TopicRequestRow> {
  const illegal = move.from.filter((from) => !mayMove(from, move.to));
  if (illegal.length > 0) throw new Error(`invariant: a request never moves from ${illegal.join(', ')} to ${move.to}`);
  const moved = await ctx.db.transaction(async (transaction) => {
    const [row] = await transaction
      .update(topicRequests)
      .set({ ...move.changes, state: move.to, updatedAt: new Date() })
      .where(and(eq(topicRequests.id, requestId), inArray(topicRequests.state, [...move.from])))
      .returning();
    if (!row) return null;
    await transaction.insert(topicRequestEvents).values({
      requestId,
      actorName: ctx.actor.username,
      step: move.to,
      message: move.message,
      details: move.details ?? null,
    });
    return row;
  });
  if (moved) return moved;
  const [current] = await ctx.db
    .select({ state: topicRequests.state, deciderName: topicRequests.deciderName })
    .from(topicRequests)
    .where(eq(topicRequests.id, requestId));
  if (!current) throw new NotFoundError(`There is no request #${requestId}.`);
  const by = current.deciderName ? ` (by ${current.deciderName})` : '';
  throw new ConflictError(`Request #${requestId} is already ${current.state}${by}; it cannot become ${move.to} now.`);
}

/** A timeline step that does not move the request (a failed check, a re-check's verdict). */
export async function addEvent(ctx: ServiceContext, requestId: number, step: string, message: string, details?: unknown): Promise<void> {
  await ctx.db.insert(topicRequestEvents).values({ requestId, actorName: ctx.actor.username, step, message, details: details ?? null });
}

/**
 * Tells the requester in the app (the badge) and through the alert webhooks (every enabled one; none
 * configured sends nothing). Both are queued in one transaction; the webhook is sent off the request path.
 */
export async function notifyRequester(ctx: ServiceContext, request: TopicRequestRow, message: string): Promise<void> {
  if (request.requesterUserId === null) return;
  const userId = request.requesterUserId;
  await ctx.db.transaction(async (transaction) => {
    await transaction.insert(notifications).values({ userId, requestId: request.id, message });
    await ctx.webhooks.enqueue(
      transaction,
      {
        event: `topicRequest.${request.state}`,
        severity: request.state === 'failed' ? 'warning' : 'info',
        title: `${describeRequest(request)}: ${request.state}`,
        text: `${message} (requested by ${request.requesterName})`,
        links: [{ label: 'Open the request', url: consoleUrl(ctx.publicUrl, `/requests/${request.id}`) }],
        data: {
          requestId: request.id,
          state: request.state,
          topic: request.topicName,
          clusterId: request.clusterId,
          requester: request.requesterName,
        },
      },
      { subject: { type: 'topicRequest', id: String(request.id) } },
    );
  });
  ctx.webhooks.wake();
}

export function describeRequest(request: Pick<TopicRequestRow, 'id' | 'kind' | 'topicName'>): string {
  return request.kind === 'create'
    ? `Request #${request.id} for topic ${request.topicName}`
    : `Change request #${request.id} for ${request.topicName}`;
}
