// What an offset reset asks for (target and scope), shared by the preview and the apply verbs, and the plan
// both compute from the cluster's state: describe the group, read its commits and the partitions' bounds,
// resolve times to offsets, then the pure planPartitionReset per partition.
import { z } from 'zod';
import type { ClusterClient, TopicInfo } from '../../kafka/cluster-client.ts';
import { describeConsumerGroups, fetchCommittedOffsets, listConsumerGroups, type GroupDescription } from '../../kafka/consumer-groups.ts';
import { listPartitionOffsets } from '../../kafka/partition-offsets.ts';
import {
  estimateReprocessing,
  type PartitionResetPlan,
  planPartitionReset,
  type ReprocessingEstimate,
  type ResetTarget,
  resetCommandLine,
} from '../../kafka/reset-plan.ts';
import { boundedRecord } from '../bounded-record.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';

const maxPartitionsPerReset = 10_000;
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ResetTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('earliest') }),
  z.object({ kind: z.literal('latest') }),
  z.object({ kind: z.literal('timestamp'), timestampMs: z.number().int().min(0).max(8.64e15) }),
  z
    .object({
      kind: z.literal('offset'),
      /** The offset of every partition in scope not listed in perPartition; without it, only those listed. */
      offset: offset.optional(),
      /** "topic/partition" -> offset. */
      perPartition: boundedRecord(z.string().max(260), offset, { maxEntries: maxPartitionsPerReset, what: 'partitions' }).optional(),
    })
    .refine((target) => target.offset !== undefined || Object.keys(target.perPartition ?? {}).length > 0, {
      message: 'Give an offset, or an offset for at least one partition.',
    }),
  z.object({ kind: z.literal('shift'), by: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER) }),
  z.object({
    kind: z.literal('durationBack'),
    durationMs: z
      .number()
      .int()
      .min(1)
      .max(3_650 * 86_400_000),
  }),
  z.object({ kind: z.literal('group'), groupId: z.string().min(1).max(255) }),
]);

export const ResetScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('topic'), topic: z.string().min(1).max(249) }),
  z.object({
    kind: z.literal('partitions'),
    topic: z.string().min(1).max(249),
    partitions: z.array(z.number().int().min(0).max(1_000_000)).min(1).max(maxPartitionsPerReset),
  }),
]);

export const ResetRequest = z.object({
  clusterId: z.string().min(1).max(100),
  groupId: z.string().min(1).max(255),
  target: ResetTargetSchema,
  scope: ResetScopeSchema.default({ kind: 'all' }),
});
export type ResetRequest = z.infer<typeof ResetRequest>;

export interface ResetPlan {
  groupId: string;
  state: string;
  /** Active members: a reset is refused while there are any. */
  members: { memberId: string; clientId: string; clientHost: string }[];
  partitions: PartitionResetPlan[];
  /** Every topic the group commits to or is assigned (what a member's team must own). */
  groupTopics: string[];
  commandLine: string;
  /** For --from-file (per-partition offsets, another group's offsets): the CSV the tool reads; else null. */
  commandFile: string | null;
  /** Roughly how long reprocessing takes, from the rate the console last saw the group consume at. */
  reprocessing: ReprocessingEstimate;
}

export async function planReset(ctx: Pick<ServiceContext, 'clusters'>, request: ResetRequest): Promise<ResetPlan> {
  const client = await ctx.clusters.client(request.clusterId);
  const description = await describeExisting(client, request.groupId);
  const committed = (await fetchCommittedOffsets(client, [request.groupId])).get(request.groupId) ?? new Map();
  const metadata = await ctx.clusters.metadata(request.clusterId, { fresh: true });
  const topicsByName = new Map(metadata.topics.map((topic) => [topic.name, topic]));
  const groupTopics = new Set<string>(committed.keys());
  for (const member of description.members) for (const assignment of member.assignments) groupTopics.add(assignment.topic);
  let scoped = scopedPartitions(request, committed, topicsByName);
  const perPartition = request.target.kind === 'offset' ? request.target.perPartition : undefined;
  if (request.target.kind === 'offset' && request.target.offset === undefined && perPartition) {
    // Offsets for some partitions only: the reset covers exactly those (within the scope).
    scoped = scoped.filter(({ topic, partition }) => perPartition[`${topic.name}/${partition}`] !== undefined);
    const unknown = Object.keys(perPartition).filter((key) => !scoped.some(({ topic, partition }) => `${topic.name}/${partition}` === key));
    if (unknown.length > 0)
      throw new ValidationError(`Not in the reset's scope or not a partition of the group's topics: ${unknown.slice(0, 10).join(', ')}.`);
  }
  if (scoped.length === 0) throw new ValidationError(`Group ${request.groupId} has no committed offsets to reset; choose a topic.`);
  if (request.target.kind === 'shift') refuseShiftWithoutCommit(scoped, committed);
  const topics = [...new Set(scoped.map((entry) => entry.topic.name))].map((name) => topicsByName.get(name)!);
  const bounds = (await listPartitionOffsets(client, topics, { lastRecordTimestamps: false })).byTopic;
  const forTime = await offsetsForTime(client, request.target, scoped);
  const other = request.target.kind === 'group' ? await otherGroupOffsets(client, request.target.groupId) : null;
  const target = request.target as ResetTarget;
  const partitions = scoped.map(({ topic, partition }) => {
    const bound = bounds.get(topic.name)?.get(partition);
    if (!bound) throw new ValidationError(`The cluster gave no offsets for ${topic.name}/${partition} (no leader?); narrow the scope.`);
    const key = `${topic.name}/${partition}`;
    return planPartitionReset(
      {
        topic: topic.name,
        partition,
        logStartOffset: bound.logStartOffset,
        endOffset: bound.endOffset,
        currentOffset: committed.get(topic.name)?.get(partition)?.offset ?? null,
        offsetForTime: forTime?.get(key) ?? null,
        otherGroupOffset: other?.get(topic.name)?.get(partition)?.offset ?? null,
      },
      target,
    );
  });
  const connection = await ctx.clusters.connection(request.clusterId);
  const scope =
    request.scope.kind === 'all'
      ? 'all'
      : { topic: request.scope.topic, partitions: request.scope.kind === 'partitions' ? request.scope.partitions : undefined };
  return {
    groupId: request.groupId,
    state: description.state,
    members: description.members.map(({ memberId, clientId, clientHost }) => ({ memberId, clientId, clientHost })),
    partitions,
    groupTopics: [...groupTopics].sort(),
    commandLine: resetCommandLine({ bootstrapServers: connection.bootstrapServers.join(','), groupId: request.groupId, target, scope }),
    commandFile: usesFile(request.target) ? partitions.map((p) => `${p.topic},${p.partition},${p.newOffset}`).join('\n') + '\n' : null,
    reprocessing: estimateReprocessing(partitions, ctx.clusters.consumption.lastActiveRate(request.clusterId, request.groupId)),
  };
}

function usesFile(target: ResetRequest['target']): boolean {
  return target.kind === 'group' || (target.kind === 'offset' && Object.keys(target.perPartition ?? {}).length > 0);
}

export async function describeExisting(client: ClusterClient, groupId: string): Promise<GroupDescription> {
  const description = (await describeConsumerGroups(client, [groupId])).get(groupId);
  if (!description || description.state === 'Dead') {
    const known = (await listConsumerGroups(client)).some((group) => group.groupId === groupId);
    if (!known) throw new NotFoundError(`No consumer group ${groupId} on this cluster.`);
  }
  return description ?? { groupId, state: 'Empty', protocolType: '', type: 'classic', protocol: '', members: [] };
}

/**
 * As Kafka's tool: --all-topics means exactly the partitions the group has committed offsets for (not every
 * partition of those topics); a topic, every partition of it, committed or not.
 */
function scopedPartitions(
  request: ResetRequest,
  committed: Map<string, Map<number, unknown>>,
  topicsByName: Map<string, TopicInfo>,
): { topic: TopicInfo; partition: number }[] {
  const scope = request.scope;
  const names = scope.kind === 'all' ? [...committed.keys()].sort() : [scope.topic];
  const result: { topic: TopicInfo; partition: number }[] = [];
  for (const name of names) {
    const topic = topicsByName.get(name);
    if (!topic) {
      if (scope.kind === 'all') continue;
      throw new NotFoundError(`Topic ${name} does not exist on this cluster.`);
    }
    const partitions =
      scope.kind === 'partitions'
        ? [...new Set(scope.partitions)].sort((a, b) => a - b)
        : scope.kind === 'all'
          ? [...committed.get(name)!.keys()].filter((partition) => partition < topic.partitionCount).sort((a, b) => a - b)
          : topic.partitions.map((p) => p.partition);
    for (const partition of partitions) {
      if (partition >= topic.partitionCount)
        throw new ValidationError(`Topic ${name} has no partition ${partition} (it has ${topic.partitionCount}).`);
      result.push({ topic, partition });
    }
  }
  if (result.length > maxPartitionsPerReset)
    throw new ValidationError(`At most ${maxPartitionsPerReset} partitions per reset; narrow the scope.`);
  return result;
}

/** Kafka's tool refuses a shift where the group has no committed offset: there is nothing to shift from. */
function refuseShiftWithoutCommit(scoped: { topic: TopicInfo; partition: number }[], committed: Map<string, Map<number, unknown>>): void {
  const uncommitted = scoped.filter(({ topic, partition }) => !committed.get(topic.name)?.has(partition));
  if (uncommitted.length === 0) return;
  const names = uncommitted.slice(0, 10).map(({ topic, partition }) => `${topic.name}/${partition}`);
  throw new ValidationError(
    `Cannot shift ${names.join(', ')}${uncommitted.length > 10 ? ` and ${uncommitted.length - 10} more` : ''}: the group has no committed offset there to shift from. Choose the partitions it has committed, or another target.`,
  );
}

async function offsetsForTime(
  client: ClusterClient,
  target: ResetRequest['target'],
  scoped: { topic: TopicInfo; partition: number }[],
): Promise<Map<string, number | null> | null> {
  if (target.kind !== 'timestamp' && target.kind !== 'durationBack') return null;
  const timestamp = BigInt(target.kind === 'timestamp' ? target.timestampMs : Date.now() - target.durationMs);
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of scoped) byTopic.set(topic.name, [...(byTopic.get(topic.name) ?? []), partition]);
  const listed = await client.call('list offsets by time', () =>
    client.admin.listOffsets({
      topics: [...byTopic].map(([name, partitions]) => ({
        name,
        partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })),
      })),
    }),
  );
  const result = new Map<string, number | null>();
  for (const topic of listed)
    for (const partition of topic.partitions)
      result.set(`${topic.name}/${partition.partitionIndex}`, partition.offset < 0n ? null : Number(partition.offset));
  return result;
}

async function otherGroupOffsets(client: ClusterClient, groupId: string) {
  await describeExisting(client, groupId);
  return (await fetchCommittedOffsets(client, [groupId])).get(groupId) ?? new Map();
}
