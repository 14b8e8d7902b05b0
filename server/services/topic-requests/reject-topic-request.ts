// An operator or admin other than the requester rejects a pending request, with a comment the requester
// reads. One conditional UPDATE from pending: a request approved meanwhile is not rejected.
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { assertNotRequester } from './approve-topic-request.ts';
import { describeRequest, loadVisibleRequest, moveRequest, notifyRequester, type TopicRequestRow } from './request-store.ts';

export const RejectTopicRequestInput = z.object({
  requestId: z.number().int().min(1).max(2_147_483_647),
  comment: z.string().trim().min(1, 'Say why, so the requester can fix it.').max(2_000),
});
export type RejectTopicRequestInput = z.infer<typeof RejectTopicRequestInput>;

export async function rejectTopicRequest({ ctx, input: unparsed }: VerbArgs<typeof RejectTopicRequestInput>): Promise<TopicRequestRow> {
  const input = RejectTopicRequestInput.parse(unparsed);
  const request = await loadVisibleRequest(ctx, input.requestId);
  assertNotRequester(ctx, request, 'reject');
  const rejected = await recordChange(
    ctx,
    {
      action: 'request.reject',
      clusterId: request.clusterId,
      resourceType: 'request',
      resourceName: request.topicName,
      parameters: { requestId: request.id, comment: input.comment },
    },
    async () => {
      const row = await moveRequest(ctx, request.id, {
        from: ['pending'],
        to: 'rejected',
        message: `Rejected by ${ctx.actor.username}: ${input.comment}`,
        changes: { deciderName: ctx.actor.username, decisionComment: input.comment },
      });
      return { result: row, after: { state: 'rejected' } };
    },
  );
  await notifyRequester(ctx, rejected, `${describeRequest(rejected)} was rejected by ${ctx.actor.username}: ${input.comment}`);
  return rejected;
}
