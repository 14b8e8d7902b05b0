// Checks a requested topic (new, or an existing one after a change) against the policy in force and the
// cluster: the policy's rules (domain/topic-policy.ts), the topic name free on the cluster and among live
// requests, typed config values, and the cluster's partition and broker limits. Used as the member types,
// on submit, and again at approval (the policy may have changed in between).
import { and, eq, inArray, ne } from 'drizzle-orm';
import {
  estimateDiskBytes,
  suggestPartitions,
  type PolicyViolation,
  type TopicPolicyRules,
  type TopicShape,
} from '../../../domain/topic-policy.ts';
import { ClusterError } from '../../kafka/cluster-error.ts';
import { topicRequests } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { policyViolations } from '../topic-policies/policy-violations.ts';
import { getTopicLimits, type TopicLimits } from '../topics/get-topic-limits.ts';
import { catalogEntryFor, checkConfigValue } from '../topics/topic-config-catalog.ts';

const LIVE_NAME_STATES = ['pending', 'approved', 'provisioning', 'failed'] as const;

export interface RequestProblem {
  /** The config the problem is about, 'name' for the topic name, null for the request as a whole. */
  key: string | null;
  message: string;
}

export interface RequestVerdict {
  ok: boolean;
  violations: PolicyViolation[];
  /** What is not a policy rule but still blocks: name taken, a config value out of range, the cluster's limits. */
  problems: RequestProblem[];
  policy: { scope: 'team' | 'cluster' | 'none'; rules: TopicPolicyRules };
  estimatedDiskBytes: number | null;
  suggestedPartitions: number;
  /** False when the cluster could not be reached: its limits and broker-count rules were not checked. */
  clusterReachable: boolean;
  clusterError: string | null;
}

export interface VerdictOptions {
  kind: 'create' | 'change';
  teamId: string | null;
  /** The request being re-checked: it does not take its own name nor count twice against the budget. */
  excludeRequestId?: number;
}

export async function requestVerdict(
  ctx: ServiceContext,
  clusterId: string,
  shape: TopicShape,
  options: VerdictOptions,
): Promise<RequestVerdict> {
  let limits: TopicLimits | null = null;
  let topicNames: Set<string> | null = null;
  let clusterError: string | null = null;
  try {
    const metadata = await ctx.clusters.metadata(clusterId, { fresh: true });
    topicNames = new Set([...metadata.topics, ...metadata.internalTopics].map((topic) => topic.name));
    limits = await getTopicLimits({ ctx, input: { clusterId } });
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    clusterError = error.message;
  }
  const { policy, violations } = await policyViolations(ctx, clusterId, shape, {
    teamId: options.teamId,
    brokerCount: limits?.brokerCount ?? null,
    excludeRequestId: options.excludeRequestId,
  });
  const problems = [...configProblems(shape), ...limitProblems(shape, limits)];
  if (options.kind === 'create') problems.push(...(await nameProblems(ctx, clusterId, shape.name, options.excludeRequestId, topicNames)));
  return {
    ok: violations.length === 0 && problems.length === 0,
    violations,
    problems,
    policy: { scope: policy.scope, rules: policy.rules },
    estimatedDiskBytes: estimateDiskBytes(shape),
    suggestedPartitions: suggestPartitions(shape.recordsPerSecond, shape.averageRecordBytes, policy.rules.maxPartitions),
    clusterReachable: clusterError === null,
    clusterError,
  };
}

function configProblems(shape: TopicShape): RequestProblem[] {
  const problems: RequestProblem[] = [];
  for (const [key, value] of Object.entries(shape.configs)) {
    const problem = checkConfigValue(catalogEntryFor(key), value);
    if (problem) problems.push({ key, message: `${key} ${problem}.` });
  }
  return problems;
}

function limitProblems(shape: TopicShape, limits: TopicLimits | null): RequestProblem[] {
  if (limits === null) return [];
  const problems: RequestProblem[] = [];
  if (shape.replicationFactor > limits.maxReplicationFactor)
    problems.push({
      key: null,
      message: `Replication factor ${shape.replicationFactor} is more than the ${limits.brokerCount} broker(s) of this cluster.`,
    });
  if (shape.partitions > limits.maxPartitionsPerTopic)
    problems.push({
      key: null,
      message: `${shape.partitions} partitions is more than ${limits.maxPartitionsPerTopic}, ${limits.maxPartitionsSource}.`,
    });
  return problems;
}

async function nameProblems(
  ctx: ServiceContext,
  clusterId: string,
  name: string,
  excludeRequestId: number | undefined,
  /** The cluster's topics; null when it could not be reached. */
  topicNames: Set<string> | null,
): Promise<RequestProblem[]> {
  const problems: RequestProblem[] = [];
  if (topicNames?.has(name)) problems.push({ key: 'name', message: `Name taken: a topic named ${name} already exists on this cluster.` });
  const conditions = [eq(topicRequests.clusterId, clusterId), eq(topicRequests.topicName, name), eq(topicRequests.kind, 'create')];
  if (excludeRequestId !== undefined) conditions.push(ne(topicRequests.id, excludeRequestId));
  const [other] = await ctx.db
    .select({ id: topicRequests.id, state: topicRequests.state, requesterName: topicRequests.requesterName })
    .from(topicRequests)
    .where(and(...conditions, inArray(topicRequests.state, [...LIVE_NAME_STATES])))
    .limit(1);
  if (other)
    problems.push({
      key: 'name',
      message: `Name taken: request #${other.id} by ${other.requesterName} (${other.state}) already asks for ${name}.`,
    });
  return problems;
}

/** Violations and problems as one line each, for a refusal's message. */
export function describeVerdict(verdict: Pick<RequestVerdict, 'violations' | 'problems'>): string {
  return [...verdict.violations.map((violation) => violation.message), ...verdict.problems.map((problem) => problem.message)].join(' ');
}
