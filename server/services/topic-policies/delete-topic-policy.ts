// Removes a policy; a team without its own policy falls back to the cluster's. Audited as policy.delete.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { topicPolicies } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';
import { policyScopeName } from './set-topic-policy.ts';

export const DeleteTopicPolicyInput = z.object({ policyId: z.string().min(1).max(100) });
export type DeleteTopicPolicyInput = z.infer<typeof DeleteTopicPolicyInput>;

export async function deleteTopicPolicy({ ctx, input: unparsed }: VerbArgs<typeof DeleteTopicPolicyInput>): Promise<void> {
  const input = DeleteTopicPolicyInput.parse(unparsed);
  const [policy] = await ctx.db.select().from(topicPolicies).where(eq(topicPolicies.id, input.policyId)).limit(1);
  if (!policy) throw new NotFoundError('No such policy (it may have been removed already).');
  const resourceName = await policyScopeName(ctx, policy.clusterId, policy.teamId);
  await recordChange(
    ctx,
    { action: 'policy.delete', clusterId: policy.clusterId, resourceType: 'policy', resourceName, before: policy.rules },
    async () => {
      await ctx.db.delete(topicPolicies).where(eq(topicPolicies.id, policy.id));
      return { result: undefined };
    },
  );
}
