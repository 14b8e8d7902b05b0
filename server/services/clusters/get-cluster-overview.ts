// The overview page: brokers, controller, topic and partition counts, total size when the cluster offers
// DescribeLogDirs, and in-rates derived between reads. What the Kafka protocol cannot tell (the out-rate;
// sizes on a cluster without DescribeLogDirs) is reported with a reason, not as an error or a made-up zero.
import { z } from 'zod';
import type { BrokerInfo, ClusterClient, TopicInfo } from '../../kafka/cluster-client.ts';
import { ClusterError, UnsupportedByClusterError } from '../../kafka/cluster-error.ts';
import type { Throughput } from '../../kafka/throughput-tracker.ts';
import type { VerbArgs } from '../service-context.ts';

export const GetClusterOverviewInput = z.object({ clusterId: z.string().min(1).max(100) });
export type GetClusterOverviewInput = z.infer<typeof GetClusterOverviewInput>;

export interface ClusterOverview {
  clusterId: string;
  kafkaClusterId: string;
  controllerId: number;
  brokers: BrokerInfo[];
  topicCount: number;
  partitionCount: number;
  totalSizeBytes: number | null;
  /** Why totalSizeBytes is null. */
  totalSizeUnavailableReason: string | null;
  throughput: Throughput;
  /** Why the in-rates are missing or partial, or the window they cover. */
  throughputNote: string;
  /** Consumers' fetches are not counted anywhere a Kafka client can read, so there is never an out-rate. */
  bytesOutUnavailableReason: string;
  fetchedAtMs: number;
}

const bytesOutUnavailableReason = 'Not available: the Kafka protocol does not expose it (broker metrics do).';

export async function getClusterOverview({ ctx, input }: VerbArgs<typeof GetClusterOverviewInput>): Promise<ClusterOverview> {
  const { clusterId } = GetClusterOverviewInput.parse(input);
  const { clusters } = ctx;
  const metadata = await clusters.metadata(clusterId);
  const client = await clusters.client(clusterId);
  const size = await readTotalSize(client, metadata.topics);
  let throughput: Throughput = { recordsInPerSecond: null, bytesInPerSecond: null, windowSeconds: null };
  let throughputNote: string;
  try {
    const recordsTotal = await client.sumLogEndOffsets(metadata.topics);
    throughput = clusters.throughput.observe(clusterId, { atMs: Date.now(), recordsTotal, bytesTotal: size.totalSizeBytes });
    throughputNote =
      throughput.windowSeconds === null
        ? 'Measuring: rates appear on the next refresh.'
        : `Over the last ${Math.round(throughput.windowSeconds)} s.`;
    if (size.totalSizeBytes === null) throughputNote += ' Bytes in needs DescribeLogDirs.';
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    throughputNote = error.message;
  }
  return {
    clusterId,
    kafkaClusterId: metadata.clusterId,
    controllerId: metadata.controllerId,
    brokers: clusters.brokersAsClientsSee(clusterId, metadata.brokers),
    topicCount: metadata.topics.length,
    partitionCount: metadata.topics.reduce((sum, topic) => sum + topic.partitionCount, 0),
    ...size,
    throughput,
    throughputNote,
    bytesOutUnavailableReason,
    fetchedAtMs: metadata.fetchedAtMs,
  };
}

async function readTotalSize(
  client: ClusterClient,
  topics: TopicInfo[],
): Promise<{ totalSizeBytes: number | null; totalSizeUnavailableReason: string | null }> {
  try {
    return { totalSizeBytes: await client.totalLogSizeBytes(topics), totalSizeUnavailableReason: null };
  } catch (error) {
    if (error instanceof UnsupportedByClusterError)
      return { totalSizeBytes: null, totalSizeUnavailableReason: 'Not available: this cluster does not support DescribeLogDirs.' };
    if (error instanceof ClusterError) return { totalSizeBytes: null, totalSizeUnavailableReason: error.message };
    throw error;
  }
}
