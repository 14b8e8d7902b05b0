// Changes a topic's configs: the diff against what is in force, the console's typed checks, the cluster's
// own check (IncrementalAlterConfigs validate_only, key by key so each refusal sits next to its key), and
// only then the change, audited with the diff. validateOnly stops after the checks. Members apply only changes
// within their team's topic policy (checked on apply: validateOnly is the configs page's preview, and a member's
// change outside the policy goes on as a change request).
import { z } from 'zod';
import { alterTopicConfigs as alterOnCluster } from '../../kafka/alter-topic-configs.ts';
import { describeTopicConfigs } from '../../kafka/topic-configs.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext, VerbArgs } from '../service-context.ts';
import { ClusterError } from '../../kafka/cluster-error.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { diffConfigChanges, type ConfigDiffEntry } from './config-diff.ts';
import { maxConfigsPerRequest, type TopicProblem } from './create-topic.ts';
import { catalogEntryFor, checkConfigValue, MAX_CONFIG_VALUE_LENGTH, unknownConfigMessage } from './topic-config-catalog.ts';
import { assertWithinMemberPolicy, configValues, shapeOf } from './member-topic-policy.ts';
import { assertMayChangeTopic } from './topic-ownership.ts';
import { TopicName } from '../../../domain/topic-name.ts';

const ConfigName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9._-]+$/, 'Config names are lower-case letters, digits, ".", "_" and "-"');

export const AlterTopicConfigsInput = z.object({
  clusterId: z.string().min(1).max(100),
  name: TopicName,
  changes: z
    .array(
      z.discriminatedUnion('operation', [
        z.object({ name: ConfigName, operation: z.literal('set'), value: z.string().max(MAX_CONFIG_VALUE_LENGTH) }),
        z.object({ name: ConfigName, operation: z.literal('delete') }),
      ]),
    )
    .min(1)
    .max(maxConfigsPerRequest)
    .refine((changes) => new Set(changes.map((change) => change.name)).size === changes.length, 'Each config at most once per change'),
  validateOnly: z.boolean().default(false),
});
export type AlterTopicConfigsInput = z.infer<typeof AlterTopicConfigsInput>;

export interface ConfigChangeVerdict {
  ok: boolean;
  diff: ConfigDiffEntry[];
  problems: TopicProblem[];
  applied: boolean;
}

export async function alterTopicConfigs({ ctx, input: unparsed }: VerbArgs<typeof AlterTopicConfigsInput>): Promise<ConfigChangeVerdict> {
  const input = AlterTopicConfigsInput.parse(unparsed);
  await assertMayChangeTopic(ctx, input.name);
  const client = await ctx.clusters.client(input.clusterId);
  const current = await describeTopicConfigs(client, input.name).catch((error: unknown) => {
    if (error instanceof ClusterError && /does not exist|unknown topic/i.test(error.message))
      throw new NotFoundError(`Topic ${input.name} does not exist on this cluster (it may have been deleted).`, { cause: error });
    throw error;
  });
  const diff = diffConfigChanges(current, input.changes);
  const problems = localProblems(current, input.changes);
  const changes = input.changes.filter((change) => diff.some((entry) => entry.key === change.name));
  if (problems.length === 0 && changes.length > 0) problems.push(...(await clusterProblems(ctx, input, changes)));
  const ok = problems.length === 0;
  if (input.validateOnly || !ok || changes.length === 0) {
    if (!input.validateOnly && !ok) throw new ValidationError(problems.map((problem) => problem.message).join('; '));
    return { ok, diff, problems, applied: false };
  }
  await assertWithinMemberPolicy(ctx, input.clusterId, 'change', async () => {
    const metadata = await ctx.clusters.metadata(input.clusterId, { fresh: true });
    const topic = metadata.topics.find((candidate) => candidate.name === input.name);
    if (!topic) throw new NotFoundError(`Topic ${input.name} does not exist on this cluster (it may have been deleted).`);
    const values = configValues(current);
    const changed = { ...values };
    // A deleted override falls back to the default, which the policy check assumes when the key is absent.
    for (const change of changes) {
      if (change.operation === 'set') changed[change.name] = change.value;
      else delete changed[change.name];
    }
    return {
      before: shapeOf(input.name, topic.partitionCount, topic.replicationFactor, values),
      after: shapeOf(input.name, topic.partitionCount, topic.replicationFactor, changed),
      brokerCount: metadata.brokers.length,
    };
  });
  const before = Object.fromEntries(diff.map((entry) => [entry.key, { value: entry.oldValue, source: entry.oldSource }]));
  await recordChange(
    ctx,
    {
      action: 'topic.alterConfigs',
      clusterId: input.clusterId,
      resourceType: 'topic',
      resourceName: input.name,
      parameters: { diff },
      before,
    },
    async () => {
      await alterOnCluster(client, input.name, changes, { validateOnly: false });
      const after = await describeTopicConfigs(client, input.name);
      return { result: undefined, after: Object.fromEntries(diff.map((entry) => [entry.key, pick(after, entry.key)])) };
    },
  );
  return { ok: true, diff, problems: [], applied: true };
}

function localProblems(current: { name: string; readOnly: boolean }[], changes: AlterTopicConfigsInput['changes']): TopicProblem[] {
  const problems: TopicProblem[] = [];
  for (const change of changes) {
    const existing = current.find((config) => config.name === change.name);
    const unknown = unknownConfigMessage(change.name);
    if (unknown) problems.push({ key: change.name, message: unknown });
    else if (!existing) problems.push({ key: change.name, message: `${change.name} is not a config of this topic on this cluster.` });
    else if (existing.readOnly) problems.push({ key: change.name, message: `${change.name} is read-only on this cluster.` });
    else if (change.operation === 'set') {
      const problem = checkConfigValue(catalogEntryFor(change.name), change.value);
      if (problem) problems.push({ key: change.name, message: `${change.name} ${problem}.` });
    }
  }
  return problems;
}

/** Each change checked alone first, so the cluster's message lands next to the key it is about. */
async function clusterProblems(
  ctx: ServiceContext,
  input: AlterTopicConfigsInput,
  changes: AlterTopicConfigsInput['changes'],
): Promise<TopicProblem[]> {
  const client = await ctx.clusters.client(input.clusterId);
  const problems: TopicProblem[] = [];
  for (const change of changes) {
    const refusal = await refusalOf(() => alterOnCluster(client, input.name, [change], { validateOnly: true }));
    if (refusal) problems.push({ key: change.name, message: refusal });
  }
  if (problems.length === 0 && changes.length > 1) {
    const refusal = await refusalOf(() => alterOnCluster(client, input.name, changes, { validateOnly: true }));
    if (refusal) problems.push({ key: null, message: refusal });
  }
  return problems;
}

async function refusalOf(check: () => Promise<void>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (error) {
    if (error instanceof ClusterError) return error.message;
    throw error;
  }
}

function pick(configs: { name: string; value: string | null; source: string }[], key: string) {
  const config = configs.find((candidate) => candidate.name === key);
  return config ? { value: config.value, source: config.source } : null;
}
