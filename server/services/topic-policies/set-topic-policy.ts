// Sets the policy of a cluster, or of one team on a cluster (replacing the cluster's for that team), audited
// as policy.set with the rules before and after. Requests already pending are checked against the new rules
// when an operator approves them.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { TopicPolicyRules } from '../../../domain/topic-policy.ts';
import { teams, topicPolicies } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext, VerbArgs } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { requireTeam } from '../teams/require-team.ts';

export const SetTopicPolicyInput = z.object({
  clusterId: z.string().min(1).max(100),
  teamId: z.string().min(1).max(100).nullable().default(null),
  rules: TopicPolicyRules,
});
export type SetTopicPolicyInput = z.infer<typeof SetTopicPolicyInput>;

/** "Built-in broker" or "Built-in broker / team payments": the audit record's resource name. */
export async function policyScopeName(ctx: ServiceContext, clusterId: string, teamId: string | null): Promise<string> {
  const cluster = (await ctx.clusters.list()).find((candidate) => candidate.id === clusterId);
  if (!cluster) throw new NotFoundError(`There is no cluster with id "${clusterId}".`);
  if (teamId === null) return cluster.name;
  const [team] = await ctx.db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)).limit(1);
  return `${cluster.name} / team ${team?.name ?? teamId}`;
}

export async function setTopicPolicy({ ctx, input: unparsed }: VerbArgs<typeof SetTopicPolicyInput>): Promise<{ id: string }> {
  const input = SetTopicPolicyInput.parse(unparsed);
  const { rules } = input;
  if (rules.minRetentionMs !== null && rules.maxRetentionMs !== null && rules.minRetentionMs > rules.maxRetentionMs)
    throw new ValidationError('The minimum retention is longer than the maximum.');
  await requireTeam(ctx.db, input.teamId);
  const resourceName = await policyScopeName(ctx, input.clusterId, input.teamId);
  const scope = and(
    eq(topicPolicies.clusterId, input.clusterId),
    input.teamId === null ? isNull(topicPolicies.teamId) : eq(topicPolicies.teamId, input.teamId),
  );
  const [existing] = await ctx.db.select().from(topicPolicies).where(scope).limit(1);
  return recordChange(
    ctx,
    {
      action: 'policy.set',
      clusterId: input.clusterId,
      resourceType: 'policy',
      resourceName,
      parameters: { teamId: input.teamId },
      before: existing?.rules ?? null,
    },
    async () => {
      const id = existing?.id ?? randomUUID();
      await ctx.db
        .insert(topicPolicies)
        .values({ id, clusterId: input.clusterId, teamId: input.teamId, rules, updatedBy: ctx.actor.username })
        .onConflictDoUpdate({
          target: [topicPolicies.clusterId, topicPolicies.teamId],
          set: { rules, updatedAt: new Date(), updatedBy: ctx.actor.username },
        });
      const [stored] = await ctx.db.select({ id: topicPolicies.id }).from(topicPolicies).where(scope).limit(1);
      return { result: { id: stored.id }, after: rules };
    },
  );
}
