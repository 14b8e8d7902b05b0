// What a new topic may ask of this cluster: replication factor up to the broker count, partitions up to the
// broker's max.partitions.per.topic when it reports one (the built-in broker does), otherwise the console's
// own bound. Also the cluster's defaults, so the form starts where the cluster would.
import { z } from 'zod';
import { describeBrokerConfigValues } from '../../kafka/topic-configs.ts';
import type { VerbArgs } from '../service-context.ts';

/** Apache Kafka has no per-topic partition limit; the console refuses more than this in one topic. */
export const consoleMaxPartitionsPerTopic = 10_000;

export const GetTopicLimitsInput = z.object({ clusterId: z.string().min(1).max(100) });
export type GetTopicLimitsInput = z.infer<typeof GetTopicLimitsInput>;

export interface TopicLimits {
  brokerCount: number;
  maxReplicationFactor: number;
  maxPartitionsPerTopic: number;
  /** Where maxPartitionsPerTopic comes from, in words. */
  maxPartitionsSource: string;
  /** max.broker.partitions and the partitions already on the cluster, when the broker reports the limit. */
  maxBrokerPartitions: number | null;
  currentPartitions: number;
  defaultPartitions: number | null;
  defaultReplicationFactor: number | null;
}

export async function getTopicLimits({ ctx, input: unparsed }: VerbArgs<typeof GetTopicLimitsInput>): Promise<TopicLimits> {
  const input = GetTopicLimitsInput.parse(unparsed);
  const metadata = await ctx.clusters.metadata(input.clusterId);
  const client = await ctx.clusters.client(input.clusterId);
  const brokerId = metadata.brokers.some((broker) => broker.nodeId === metadata.controllerId)
    ? metadata.controllerId
    : metadata.brokers[0]?.nodeId;
  // A cluster that refuses broker DescribeConfigs still gets the bounds the console knows.
  const configs =
    brokerId === undefined
      ? new Map<string, string>()
      : await describeBrokerConfigValues(client, brokerId).catch(() => new Map<string, string>());
  const numberOf = (name: string) => {
    const value = Number(configs.get(name));
    return configs.has(name) && Number.isInteger(value) && value > 0 ? value : null;
  };
  const brokerLimit = numberOf('max.partitions.per.topic');
  const currentPartitions = [...metadata.topics, ...metadata.internalTopics].reduce((sum, topic) => sum + topic.partitionCount, 0);
  return {
    brokerCount: metadata.brokers.length,
    maxReplicationFactor: Math.max(1, metadata.brokers.length),
    maxPartitionsPerTopic: brokerLimit ?? consoleMaxPartitionsPerTopic,
    maxPartitionsSource: brokerLimit ? `the cluster’s max.partitions.per.topic` : `the console’s limit (the cluster reports none)`,
    maxBrokerPartitions: numberOf('max.broker.partitions'),
    currentPartitions,
    defaultPartitions: numberOf('num.partitions'),
    defaultReplicationFactor: numberOf('default.replication.factor'),
  };
}
