// The rules a topic (new, or an existing one after a change) breaks under the policy in force for a team on a
// cluster: the effective policy, the team's prefixes and its disk budget so far, run through the one pure check
// (domain/topic-policy.ts). Requests use it for their verdict; the topics verbs use it to hold members to the
// same policy when they change a topic directly.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { checkTopicPolicy, type PolicyViolation, type TopicShape } from '../../../domain/topic-policy.ts';
import { teamPrefixes, topicRequests } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { effectivePolicy, type EffectivePolicy } from './effective-policy.ts';

/** Requests whose estimated disk counts against their team's budget. */
const BUDGET_STATES = ['pending', 'approved', 'provisioning', 'failed', 'created'] as const;

export interface PolicyCheckOptions {
  /** The team the topic is for; null: no team (the prefix and budget rules are not applied). */
  teamId: string | null;
  /** Null when the cluster could not be reached: the broker-count rules are then not applied. */
  brokerCount: number | null;
  /** A request being re-checked: it does not count twice against the budget. */
  excludeRequestId?: number;
}

export interface PolicyCheck {
  policy: EffectivePolicy;
  violations: PolicyViolation[];
}

export async function policyViolations(
  ctx: Pick<ServiceContext, 'db'>,
  clusterId: string,
  shape: TopicShape,
  options: PolicyCheckOptions,
): Promise<PolicyCheck> {
  const policy = await effectivePolicy(ctx.db, clusterId, options.teamId);
  const prefixes =
    options.teamId === null
      ? null
      : (await ctx.db.select({ prefix: teamPrefixes.prefix }).from(teamPrefixes).where(eq(teamPrefixes.teamId, options.teamId))).map(
          (row) => row.prefix,
        );
  const violations = checkTopicPolicy(policy.rules, shape, {
    teamPrefixes: prefixes,
    brokerCount: options.brokerCount,
    teamDiskUsedBytes: await teamDiskUsed(ctx, clusterId, options),
  });
  return { policy, violations };
}

/** The team's other requests' estimated disk on this cluster; null when one of them is unbounded. */
async function teamDiskUsed(ctx: Pick<ServiceContext, 'db'>, clusterId: string, options: PolicyCheckOptions): Promise<number | null> {
  if (options.teamId === null) return 0;
  const conditions = [
    eq(topicRequests.clusterId, clusterId),
    eq(topicRequests.teamId, options.teamId),
    eq(topicRequests.kind, 'create'),
    inArray(topicRequests.state, [...BUDGET_STATES]),
  ];
  if (options.excludeRequestId !== undefined) conditions.push(ne(topicRequests.id, options.excludeRequestId));
  const [row] = await ctx.db
    .select({
      unbounded: sql<number>`count(*) filter (where ${topicRequests.estimatedDiskBytes} is null)`.mapWith(Number),
      total: sql<string>`coalesce(sum(${topicRequests.estimatedDiskBytes}), 0)`,
    })
    .from(topicRequests)
    .where(and(...conditions));
  return row.unbounded > 0 ? null : Number(row.total);
}
