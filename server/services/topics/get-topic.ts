// One topic's page: partitions with leader, replicas, ISR, offsets, records, size and last record time;
// per-broker placement with marks; retention and cleanup in force; owning team.
import { z } from 'zod';
import { listPartitionOffsets } from '../../kafka/partition-offsets.ts';
import { describePartitionSizes, type ReplicaSize } from '../../kafka/partition-sizes.ts';
import { describeTopicConfigs } from '../../kafka/topic-configs.ts';
import type { VerbArgs } from '../service-context.ts';
import { UnsupportedByClusterError } from '../../kafka/cluster-error.ts';
import { NotFoundError } from '../service-error.ts';
import { brokerLoads, meanSize, partitionMarks, type BrokerLoad, type PartitionMark } from './partition-health.ts';
import { loadTeamPrefixes, owningTeamOf } from './topic-owners.ts';
import { TopicName } from '../../../domain/topic-name.ts';

export const GetTopicInput = z.object({
  clusterId: z.string().min(1).max(100),
  name: TopicName,
});
export type GetTopicInput = z.infer<typeof GetTopicInput>;

export interface PartitionDetail {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  logStartOffset: number | null;
  /** The high watermark. */
  endOffset: number | null;
  records: number | null;
  /** Largest replica (replicas of one partition hold the same data; a lagging follower holds less). */
  sizeBytes: number | null;
  /** brokerId -> bytes of this partition's replica on that broker. */
  replicaSizes: Record<number, number>;
  lastRecordTimestampMs: number | null;
  marks: PartitionMark[];
}

export interface TopicDetail {
  clusterId: string;
  name: string;
  id: string;
  internal: boolean;
  owningTeam: string | null;
  replicationFactor: number;
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  partitions: PartitionDetail[];
  brokerLoads: BrokerLoad[];
  totals: { records: number; sizeBytes: number | null; underReplicated: number; offline: number };
  retention: { retentionMs: string | null; retentionBytes: string | null; cleanupPolicy: string | null };
  sizeUnavailableReason: string | null;
  lastRecordTimestampUnavailableReason: string | null;
  fetchedAtMs: number;
}

export async function getTopic({ ctx, input: unparsed }: VerbArgs<typeof GetTopicInput>): Promise<TopicDetail> {
  const input = GetTopicInput.parse(unparsed);
  const metadata = await ctx.clusters.metadata(input.clusterId, { fresh: true });
  const topic = [...metadata.topics, ...metadata.internalTopics].find((candidate) => candidate.name === input.name);
  if (!topic) throw new NotFoundError(`Topic ${input.name} does not exist on this cluster (it may have been deleted).`);
  const client = await ctx.clusters.client(input.clusterId);
  const [offsets, sizes, configs, prefixes] = await Promise.all([
    listPartitionOffsets(client, [topic]),
    describePartitionSizes(client, [topic]).then(
      (replicas): { replicas: ReplicaSize[] | null; reason: string | null } => ({ replicas, reason: null }),
      (error: unknown) => {
        if (error instanceof UnsupportedByClusterError) return { replicas: null, reason: error.message };
        throw error;
      },
    ),
    describeTopicConfigs(client, topic.name),
    loadTeamPrefixes(ctx.db),
  ]);
  const partitionOffsets = offsets.byTopic.get(topic.name);
  const placements = topic.partitions.map((partition) => {
    const replicaSizes: Record<number, number> = {};
    for (const replica of sizes.replicas ?? [])
      if (replica.partition === partition.partition) replicaSizes[replica.brokerId] = replica.sizeBytes;
    const known = Object.values(replicaSizes);
    return { ...partition, replicaSizes, sizeBytes: sizes.replicas === null ? null : known.length > 0 ? Math.max(...known) : 0 };
  });
  const mean = meanSize(placements);
  const partitions: PartitionDetail[] = placements.map((placement) => {
    const partitionOffset = partitionOffsets?.get(placement.partition);
    return {
      ...placement,
      logStartOffset: partitionOffset?.logStartOffset ?? null,
      endOffset: partitionOffset?.endOffset ?? null,
      records: partitionOffset ? partitionOffset.endOffset - partitionOffset.logStartOffset : null,
      lastRecordTimestampMs: partitionOffset?.lastRecordTimestampMs ?? null,
      marks: partitionMarks(placement, mean),
    };
  });
  const configValue = (name: string) => configs.find((config) => config.name === name)?.value ?? null;
  return {
    clusterId: input.clusterId,
    name: topic.name,
    id: topic.id,
    internal: topic.internal,
    owningTeam: owningTeamOf(topic.name, prefixes),
    replicationFactor: topic.replicationFactor,
    brokers: metadata.brokers,
    partitions,
    brokerLoads: brokerLoads(
      placements,
      metadata.brokers.map((broker) => broker.nodeId),
    ),
    totals: {
      records: partitions.reduce((sum, partition) => sum + (partition.records ?? 0), 0),
      sizeBytes: sizes.replicas === null ? null : sizes.replicas.reduce((sum, replica) => sum + replica.sizeBytes, 0),
      underReplicated: partitions.filter((partition) => partition.marks.includes('under-replicated')).length,
      offline: partitions.filter((partition) => partition.marks.includes('offline')).length,
    },
    retention: {
      retentionMs: configValue('retention.ms'),
      retentionBytes: configValue('retention.bytes'),
      cleanupPolicy: configValue('cleanup.policy'),
    },
    sizeUnavailableReason: sizes.reason,
    lastRecordTimestampUnavailableReason: offsets.lastRecordTimestampUnavailableReason,
    fetchedAtMs: metadata.fetchedAtMs,
  };
}
