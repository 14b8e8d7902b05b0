// The policy that applies to a team on a cluster: the team's own when an admin set one, else the cluster's,
// else no rules (the team-prefix rule and the cluster's own limits still apply).
import { and, eq, isNull } from 'drizzle-orm';
import { TopicPolicyRules } from '../../../domain/topic-policy.ts';
import type { Database } from '../../db/database.ts';
import { topicPolicies } from '../../db/schema/index.ts';

export interface EffectivePolicy {
  rules: TopicPolicyRules;
  /** Where the rules come from, in words: "team payments on built-in", "cluster built-in", "none". */
  scope: 'team' | 'cluster' | 'none';
  policyId: string | null;
}

export const noRules: TopicPolicyRules = TopicPolicyRules.parse({});

export async function effectivePolicy(db: Pick<Database, 'select'>, clusterId: string, teamId: string | null): Promise<EffectivePolicy> {
  if (teamId !== null) {
    const [own] = await db
      .select()
      .from(topicPolicies)
      .where(and(eq(topicPolicies.clusterId, clusterId), eq(topicPolicies.teamId, teamId)))
      .limit(1);
    if (own) return { rules: TopicPolicyRules.parse(own.rules), scope: 'team', policyId: own.id };
  }
  const [clusterWide] = await db
    .select()
    .from(topicPolicies)
    .where(and(eq(topicPolicies.clusterId, clusterId), isNull(topicPolicies.teamId)))
    .limit(1);
  if (clusterWide) return { rules: TopicPolicyRules.parse(clusterWide.rules), scope: 'cluster', policyId: clusterWide.id };
  return { rules: noRules, scope: 'none', policyId: null };
}
