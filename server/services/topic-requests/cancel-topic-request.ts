// The requester withdraws their own request while it is still pending (one conditional UPDATE from pending).
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ForbiddenError } from '../service-error.ts';
import { loadVisibleRequest, moveRequest, type TopicRequestRow } from './request-store.ts';

export const CancelTopicRequestInput = z.object({ requestId: z.number().int().min(1).max(2_147_483_647) });
export type CancelTopicRequestInput = z.infer<typeof CancelTopicRequestInput>;

export async function cancelTopicRequest({ ctx, input: unparsed }: VerbArgs<typeof CancelTopicRequestInput>): Promise<TopicRequestRow> {
  const input = CancelTopicRequestInput.parse(unparsed);
  const request = await loadVisibleRequest(ctx, input.requestId);
  if (request.requesterUserId !== ctx.actor.userId)
    throw new ForbiddenError(`Only ${request.requesterName}, who asked for request #${request.id}, can cancel it.`);
  return recordChange(
    ctx,
    {
      action: 'request.cancel',
      clusterId: request.clusterId,
      resourceType: 'request',
      resourceName: request.topicName,
      parameters: { requestId: request.id },
    },
    async () => {
      const row = await moveRequest(ctx, request.id, {
        from: ['pending'],
        to: 'cancelled',
        message: `Cancelled by ${ctx.actor.username}.`,
      });
      return { result: row, after: { state: 'cancelled' } };
    },
  );
}
