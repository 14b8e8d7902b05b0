// The configs page: every config the cluster reports for the topic, with its value, default, source, our
// explanation and how to edit it, grouped with retention first; plus the facts the retention panel states
// in plain words (oldest record's age, bytes on disk against retention.bytes x partitions).
import { z } from 'zod';
import { listPartitionOffsets } from '../../kafka/partition-offsets.ts';
import { describePartitionSizes } from '../../kafka/partition-sizes.ts';
import { describeTopicConfigs, type DescribedTopicConfig } from '../../kafka/topic-configs.ts';
import type { VerbArgs } from '../service-context.ts';
import { ClusterError, UnsupportedByClusterError } from '../../kafka/cluster-error.ts';
import { NotFoundError } from '../service-error.ts';
import { catalogEntryFor, configGroupOrder, topicConfigCatalog, type ConfigGroup, type ConfigKind } from './topic-config-catalog.ts';
import { TopicName } from '../../../domain/topic-name.ts';

export const GetTopicConfigsInput = z.object({ clusterId: z.string().min(1).max(100), name: TopicName });
export type GetTopicConfigsInput = z.infer<typeof GetTopicConfigsInput>;

export interface TopicConfigRow extends DescribedTopicConfig {
  group: ConfigGroup;
  explanation: string;
  edit: ConfigKind;
}

export interface RetentionFacts {
  partitions: number;
  /** Leader-sized bytes summed over partitions (one copy of the data), null when the cluster cannot say. */
  sizeBytes: number | null;
  oldestRecordTimestampMs: number | null;
}

export interface TopicConfigs {
  name: string;
  groups: { group: ConfigGroup; configs: TopicConfigRow[] }[];
  retention: RetentionFacts;
}

export async function getTopicConfigs({ ctx, input: unparsed }: VerbArgs<typeof GetTopicConfigsInput>): Promise<TopicConfigs> {
  const input = GetTopicConfigsInput.parse(unparsed);
  const metadata = await ctx.clusters.metadata(input.clusterId, { fresh: true });
  const topic = [...metadata.topics, ...metadata.internalTopics].find((candidate) => candidate.name === input.name);
  if (!topic) throw new NotFoundError(`Topic ${input.name} does not exist on this cluster (it may have been deleted).`);
  const client = await ctx.clusters.client(input.clusterId);
  const [configs, offsets, sizes] = await Promise.all([
    describeTopicConfigs(client, input.name),
    listPartitionOffsets(client, [topic], { lastRecordTimestamps: false, oldestRecordTimestamps: true }),
    describePartitionSizes(client, [topic]).catch((error: unknown) => {
      if (error instanceof UnsupportedByClusterError || error instanceof ClusterError) return null;
      throw error;
    }),
  ]);
  const rows: TopicConfigRow[] = configs.map((config) => {
    const entry = catalogEntryFor(config.name);
    // The console changes only the configs it knows (alterTopicConfigs refuses others), so it offers no edit.
    const readOnly = config.readOnly || !topicConfigCatalog.has(config.name);
    return { ...config, readOnly, group: entry.group, explanation: entry.explanation, edit: entry.edit };
  });
  const groups = configGroupOrder.map((group) => ({
    group,
    configs: rows.filter((row) => row.group === group).sort((a, b) => a.name.localeCompare(b.name)),
  }));
  // Retention first within its group too: the two limits people ask about.
  const retention = groups[0].configs;
  retention.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  let sizeBytes: number | null = null;
  if (sizes) {
    const largestReplica = new Map<number, number>();
    for (const replica of sizes)
      largestReplica.set(replica.partition, Math.max(largestReplica.get(replica.partition) ?? 0, replica.sizeBytes));
    sizeBytes = [...largestReplica.values()].reduce((sum, size) => sum + size, 0);
  }
  const oldest = [...(offsets.byTopic.get(topic.name)?.values() ?? [])]
    .map((partition) => partition.oldestRecordTimestampMs)
    .filter((value): value is number => value !== null);
  return {
    name: topic.name,
    groups: groups.filter((group) => group.configs.length > 0),
    retention: { partitions: topic.partitionCount, sizeBytes, oldestRecordTimestampMs: oldest.length > 0 ? Math.min(...oldest) : null },
  };
}

function rank(name: string): number {
  const order = ['retention.ms', 'retention.bytes'];
  const index = order.indexOf(name);
  return index === -1 ? order.length : index;
}
