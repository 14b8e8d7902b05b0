// Provisions a failed request again (e.g. the cluster was down): failed -> provisioning -> created | failed.
// Nothing was created by the failed attempt (the cluster checks with validate_only first, and CreateTopics
// creates a topic whole or not at all), so a retry starts from scratch.
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';
import { provisionRequest } from './provision-request.ts';
import { loadVisibleRequest, type TopicRequestRow } from './request-store.ts';

export const RetryTopicRequestInput = z.object({ requestId: z.number().int().min(1).max(2_147_483_647) });
export type RetryTopicRequestInput = z.infer<typeof RetryTopicRequestInput>;

export async function retryTopicRequest({ ctx, input: unparsed }: VerbArgs<typeof RetryTopicRequestInput>): Promise<TopicRequestRow> {
  const input = RetryTopicRequestInput.parse(unparsed);
  const request = await loadVisibleRequest(ctx, input.requestId);
  if (request.state !== 'failed')
    throw new ConflictError(`Request #${request.id} is ${request.state}; only a failed request can be retried.`);
  const outcome = await recordChange(
    ctx,
    {
      action: 'request.retry',
      clusterId: request.clusterId,
      resourceType: 'request',
      resourceName: request.topicName,
      parameters: { requestId: request.id, previousError: request.error },
    },
    async () => {
      const row = await provisionRequest(ctx, request, 'failed');
      return { result: row, after: { state: row.state, error: row.error } };
    },
  );
  return outcome;
}
