// Members change their team's topics directly (topics.create, alterConfigs, addPartitions) only within the
// topic policy in force for their team on that cluster, checked by the same rules as a topic request
// (topic-policies/policy-violations.ts); anything else is for a request an operator approves. Operators and
// admins are not held to policies. A change to an existing topic is refused for what it breaks anew: a rule the
// topic already broke in the same way before (say, retention.bytes unlimited from before the policy) does not
// block an unrelated change. Refused before anything reaches the cluster and, like the ownership refusal,
// not audited: nothing was attempted.
import { hasRole } from '../../../domain/roles.ts';
import type { PolicyViolation, TopicShape } from '../../../domain/topic-policy.ts';
import type { ServiceContext } from '../service-context.ts';
import { ForbiddenError } from '../service-error.ts';
import { policyViolations } from '../topic-policies/policy-violations.ts';

export interface PolicyShapes {
  /** The topic as it would be; a new topic has no `before`. */
  after: TopicShape;
  before?: TopicShape;
  /** Null when unknown: the broker-count rules are then not applied. */
  brokerCount: number | null;
}

/** What the actor's change would newly break; empty for operators and admins. `shapes` runs only for members. */
export async function memberPolicyViolations(
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  clusterId: string,
  shapes: () => Promise<PolicyShapes>,
): Promise<PolicyViolation[]> {
  if (hasRole(ctx.actor.role, 'operator')) return [];
  const { after, before, brokerCount } = await shapes();
  const options = { teamId: ctx.actor.teamId, brokerCount };
  const broken = (await policyViolations(ctx, clusterId, after, options)).violations;
  if (!before || broken.length === 0) return broken;
  const already = new Set((await policyViolations(ctx, clusterId, before, options)).violations.map((violation) => violation.message));
  return broken.filter((violation) => !already.has(violation.message));
}

/** Refuses a member's change that breaks the policy, naming each broken rule and where to ask instead. */
export async function assertWithinMemberPolicy(
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  clusterId: string,
  kind: 'create' | 'change',
  shapes: () => Promise<PolicyShapes>,
): Promise<void> {
  const violations = await memberPolicyViolations(ctx, clusterId, shapes);
  if (violations.length === 0) return;
  const instead =
    kind === 'create'
      ? 'File a request at /requests/new for an operator to approve.'
      : 'File a change request ("Request a change…" on the topic\'s page; new topics at /requests/new) for an operator to approve.';
  throw new ForbiddenError(
    `This breaks your team's topic policy on this cluster: ${violations.map((violation) => violation.message).join(' ')} ${instead}`,
  );
}

/** A topic shape with no expected throughput (direct changes do not state one). */
export function shapeOf(name: string, partitions: number, replicationFactor: number, configs: Record<string, string>): TopicShape {
  return { name, partitions, replicationFactor, configs, recordsPerSecond: 0, averageRecordBytes: 0 };
}

/** The values in force of a topic's described configs (null: sensitive or unset, left out). */
export function configValues(described: readonly { name: string; value: string | null }[]): Record<string, string> {
  return Object.fromEntries(described.flatMap((config) => (config.value === null ? [] : [[config.name, config.value]])));
}
