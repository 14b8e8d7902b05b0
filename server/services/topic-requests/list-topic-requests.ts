// Requests a user may see: members their team's, operators and admins all. The queue (view=queue) is the
// pending ones, oldest first, for approvers; other views are newest first. Paged.
import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { hasRole } from '../../../domain/roles.ts';
import { topicRequestStates } from '../../../domain/topic-request-states.ts';
import { teams, topicRequests } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import type { TopicRequestRow } from './request-store.ts';

export const MAX_REQUESTS_PER_PAGE = 100;

export const ListTopicRequestsInput = z.object({
  view: z.enum(['all', 'queue', 'mine']).default('all'),
  state: z.enum(topicRequestStates).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(MAX_REQUESTS_PER_PAGE).default(25),
});
export type ListTopicRequestsInput = z.infer<typeof ListTopicRequestsInput>;

export interface TopicRequestList {
  rows: (TopicRequestRow & { teamName: string | null })[];
  totalCount: number;
  /** Pending requests the caller can see: the queue's length. */
  pendingCount: number;
}

export async function listTopicRequests({ ctx, input: unparsed }: VerbArgs<typeof ListTopicRequestsInput>): Promise<TopicRequestList> {
  const input = ListTopicRequestsInput.parse(unparsed);
  const scope: SQL[] = [];
  if (!hasRole(ctx.actor.role, 'operator')) {
    if (ctx.actor.teamId === null) return { rows: [], totalCount: 0, pendingCount: 0 };
    scope.push(eq(topicRequests.teamId, ctx.actor.teamId));
  }
  const conditions = [...scope];
  if (input.view === 'mine') conditions.push(eq(topicRequests.requesterUserId, ctx.actor.userId));
  if (input.view === 'queue') conditions.push(eq(topicRequests.state, 'pending'));
  else if (input.state) conditions.push(eq(topicRequests.state, input.state));
  const order =
    input.view === 'queue'
      ? [asc(topicRequests.createdAt), asc(topicRequests.id)]
      : [desc(topicRequests.createdAt), desc(topicRequests.id)];
  const [rows, [total], [pending]] = await Promise.all([
    ctx.db
      .select({ request: topicRequests, teamName: teams.name })
      .from(topicRequests)
      .leftJoin(teams, eq(teams.id, topicRequests.teamId))
      .where(and(...conditions))
      .orderBy(...order)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    ctx.db
      .select({ value: count() })
      .from(topicRequests)
      .where(and(...conditions)),
    ctx.db
      .select({ value: count() })
      .from(topicRequests)
      .where(and(...scope, eq(topicRequests.state, 'pending'))),
  ]);
  return {
    rows: rows.map((row) => ({ ...row.request, teamName: row.teamName })),
    totalCount: total.value,
    pendingCount: pending.value,
  };
}
