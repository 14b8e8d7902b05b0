// Every topic policy, cluster-wide ones first; everyone may read the rules they are held to.
import { asc, eq } from 'drizzle-orm';
import type { TopicPolicyRules } from '../../../domain/topic-policy.ts';
import { teams, topicPolicies } from '../../db/schema/index.ts';
import type { VerbContextArgs } from '../service-context.ts';

/** Policies are one per cluster and team: a few hundred at most. */
const MAX_POLICIES = 1_000;

export interface TopicPolicySummary {
  id: string;
  clusterId: string;
  teamId: string | null;
  teamName: string | null;
  rules: TopicPolicyRules;
  updatedAt: Date;
  updatedBy: string;
}

export async function listTopicPolicies({ ctx }: VerbContextArgs): Promise<TopicPolicySummary[]> {
  const rows = await ctx.db
    .select({ policy: topicPolicies, teamName: teams.name })
    .from(topicPolicies)
    .leftJoin(teams, eq(teams.id, topicPolicies.teamId))
    .orderBy(asc(topicPolicies.clusterId), asc(teams.name))
    .limit(MAX_POLICIES);
  return rows
    .map(({ policy, teamName }) => ({ ...policy, teamName }))
    .sort((a, b) => a.clusterId.localeCompare(b.clusterId) || Number(a.teamId !== null) - Number(b.teamId !== null));
}
