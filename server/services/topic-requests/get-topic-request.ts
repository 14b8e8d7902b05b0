// One request with its timeline. While it is pending, also the verdict of the policy as it is now, so an
// approver sees whether it changed since the request was made.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { hasRole } from '../../../domain/roles.ts';
import { teams, topicRequestEvents } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import { adjust } from './approve-topic-request.ts';
import { requestVerdict, type RequestVerdict } from './request-verdict.ts';
import { loadVisibleRequest, type TopicRequestRow } from './request-store.ts';

/** A request's timeline stays short (a few steps per retry); this bounds what one page loads. */
const MAX_EVENTS = 500;

export const GetTopicRequestInput = z.object({ requestId: z.number().int().min(1).max(2_147_483_647) });
export type GetTopicRequestInput = z.infer<typeof GetTopicRequestInput>;

export interface TopicRequestDetail {
  request: TopicRequestRow & { teamName: string | null };
  events: (typeof topicRequestEvents.$inferSelect)[];
  /** The policy's verdict now (pending requests, for operators and admins); null otherwise. */
  verdictNow: RequestVerdict | null;
  /** Whether the caller may approve or reject it (an operator or admin who did not ask for it). */
  mayDecide: boolean;
  mayCancel: boolean;
}

export async function getTopicRequest({ ctx, input: unparsed }: VerbArgs<typeof GetTopicRequestInput>): Promise<TopicRequestDetail> {
  const input = GetTopicRequestInput.parse(unparsed);
  const request = await loadVisibleRequest(ctx, input.requestId);
  const [team] = request.teamId ? await ctx.db.select({ name: teams.name }).from(teams).where(eq(teams.id, request.teamId)) : [];
  const events = await ctx.db
    .select()
    .from(topicRequestEvents)
    .where(eq(topicRequestEvents.requestId, request.id))
    .orderBy(asc(topicRequestEvents.occurredAt), asc(topicRequestEvents.id))
    .limit(MAX_EVENTS);
  const operator = hasRole(ctx.actor.role, 'operator');
  const mayDecide = operator && request.state === 'pending' && request.requesterUserId !== ctx.actor.userId;
  let verdictNow: RequestVerdict | null = null;
  if (operator && request.state === 'pending' && request.kind === 'create') {
    const { partitions, configs } = adjust(request, {});
    verdictNow = await requestVerdict(
      ctx,
      request.clusterId,
      {
        name: request.topicName,
        partitions,
        replicationFactor: request.replicationFactor,
        configs,
        recordsPerSecond: request.recordsPerSecond,
        averageRecordBytes: request.averageRecordBytes,
      },
      { kind: 'create', teamId: request.teamId, excludeRequestId: request.id },
    );
  }
  return {
    request: { ...request, teamName: team?.name ?? null },
    events,
    verdictNow,
    mayDecide,
    mayCancel: request.state === 'pending' && request.requesterUserId === ctx.actor.userId,
  };
}
