// Creates a topic on any cluster, audited; members only under their team's prefixes and within their team's
// topic policy. checkNewTopic runs the same checks and the cluster's own (CreateTopics validate_only) without
// creating anything.
import { z } from 'zod';
import { validateNewTopic } from '../../kafka/validate-new-topic.ts';
import { recordChange } from '../audit/record-change.ts';
import { boundedRecord } from '../bounded-record.ts';
import type { ServiceContext, VerbArgs } from '../service-context.ts';
import { ClusterError } from '../../kafka/cluster-error.ts';
import { ValidationError } from '../service-error.ts';
import { assertWithinMemberPolicy, memberPolicyViolations, shapeOf, type PolicyShapes } from './member-topic-policy.ts';
import { assertMayChangeTopic } from './topic-ownership.ts';
import { awaitTopicMetadata } from './await-topic-metadata.ts';
import { catalogEntryFor, checkConfigValue, MAX_CONFIG_VALUE_LENGTH, unknownConfigMessage } from './topic-config-catalog.ts';
import { getTopicLimits } from './get-topic-limits.ts';
import { TopicName } from '../../../domain/topic-name.ts';

/** More configs than Kafka has topic configs is never a real request. */
export const maxConfigsPerRequest = 64;

export const CreateTopicInput = z.object({
  clusterId: z.string().min(1).max(100),
  name: TopicName,
  partitions: z.number().int().min(1).max(100_000),
  replicationFactor: z.number().int().min(1).max(32),
  /** Kafka topic config names the console knows (topic-config-catalog.ts); others are refused by name. */
  configs: boundedRecord(z.string().min(1).max(255), z.string().max(MAX_CONFIG_VALUE_LENGTH), {
    maxEntries: maxConfigsPerRequest,
    what: 'configs',
  }).optional(),
});
export type CreateTopicInput = z.infer<typeof CreateTopicInput>;

export interface TopicProblem {
  /** The config the problem is about, or null for the topic as a whole. */
  key: string | null;
  message: string;
}

export interface NewTopicVerdict {
  ok: boolean;
  problems: TopicProblem[];
  /** The configs the topic would get, as the cluster reports them (only when ok). */
  configs: { name: string; value: string | null }[];
}

export async function checkNewTopic({ ctx, input: unparsed }: VerbArgs<typeof CreateTopicInput>): Promise<NewTopicVerdict> {
  const input = CreateTopicInput.parse(unparsed);
  await assertMayChangeTopic(ctx, input.name);
  const problems = await localProblems(ctx, input);
  if (problems.length === 0) {
    const violations = await memberPolicyViolations(ctx, input.clusterId, () => newTopicShapes(ctx, input));
    problems.push(...violations.map((violation) => ({ key: null, message: violation.message })));
  }
  if (problems.length > 0) return { ok: false, problems, configs: [] };
  const client = await ctx.clusters.client(input.clusterId);
  try {
    const validated = await validateNewTopic(client, {
      name: input.name,
      partitions: input.partitions,
      replicationFactor: input.replicationFactor,
      configs: input.configs,
    });
    return { ok: true, problems: [], configs: validated.configs };
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    return {
      ok: false,
      problems: [{ key: keyNamedIn(error.message, Object.keys(input.configs ?? {})), message: error.message }],
      configs: [],
    };
  }
}

export async function createTopic({ ctx, input: unparsed }: VerbArgs<typeof CreateTopicInput>): Promise<void> {
  const input = CreateTopicInput.parse(unparsed);
  await assertMayChangeTopic(ctx, input.name);
  const problems = await localProblems(ctx, input);
  if (problems.length > 0)
    throw new ValidationError(problems.map((problem) => (problem.key ? `${problem.key}: ${problem.message}` : problem.message)).join('; '));
  await assertWithinMemberPolicy(ctx, input.clusterId, 'create', () => newTopicShapes(ctx, input));
  const client = await ctx.clusters.client(input.clusterId);
  const parameters = { partitions: input.partitions, replicationFactor: input.replicationFactor, configs: input.configs ?? {} };
  await recordChange(
    ctx,
    { action: 'topic.create', clusterId: input.clusterId, resourceType: 'topic', resourceName: input.name, parameters },
    async () => {
      await client.createTopic({
        name: input.name,
        partitions: input.partitions,
        replicationFactor: input.replicationFactor,
        configs: input.configs,
      });
      ctx.clusters.invalidate(input.clusterId);
      await awaitTopicMetadata(ctx.clusters, input.clusterId, input.name, true);
      return { result: undefined, after: parameters };
    },
  );
}

async function newTopicShapes(ctx: ServiceContext, input: CreateTopicInput): Promise<PolicyShapes> {
  const metadata = await ctx.clusters.metadata(input.clusterId);
  return {
    after: shapeOf(input.name, input.partitions, input.replicationFactor, input.configs ?? {}),
    brokerCount: metadata.brokers.length,
  };
}

/** The console's checks: typed config values and the cluster's limits, each problem next to its key. */
async function localProblems(ctx: ServiceContext, input: CreateTopicInput): Promise<TopicProblem[]> {
  const problems: TopicProblem[] = [];
  for (const [key, value] of Object.entries(input.configs ?? {})) {
    const unknown = unknownConfigMessage(key);
    if (unknown) {
      problems.push({ key, message: unknown });
      continue;
    }
    const problem = checkConfigValue(catalogEntryFor(key), value);
    if (problem) problems.push({ key, message: `${key} ${problem}.` });
  }
  const limits = await getTopicLimits({ ctx, input: { clusterId: input.clusterId } });
  if (input.replicationFactor > limits.maxReplicationFactor) {
    problems.push({
      key: null,
      message: `Replication factor ${input.replicationFactor} is more than the ${limits.brokerCount} broker(s) of this cluster.`,
    });
  }
  if (input.partitions > limits.maxPartitionsPerTopic) {
    problems.push({
      key: null,
      message: `${input.partitions} partitions is more than ${limits.maxPartitionsPerTopic}, ${limits.maxPartitionsSource}.`,
    });
  }
  return problems;
}

/** The cluster names the offending config in its message ("Invalid value x for configuration retention.ms"). */
export function keyNamedIn(message: string, keys: string[]): string | null {
  return [...keys].sort((a, b) => b.length - a.length).find((key) => message.includes(key)) ?? null;
}
