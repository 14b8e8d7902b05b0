// The overview page: brokers, controller, topic and partition counts, and total size when the cluster
// offers DescribeLogDirs. A missing API is reported as a reason, not an error.
import type { BrokerInfo } from '../../kafka/cluster-client.ts';
import type { ClusterRegistry } from './cluster-registry.ts';
import { UnsupportedByClusterError } from '../service-error.ts';

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
  fetchedAtMs: number;
}

export async function getClusterOverview(clusters: ClusterRegistry, clusterId: string): Promise<ClusterOverview> {
  const metadata = await clusters.metadata(clusterId);
  const client = await clusters.client(clusterId);
  let totalSizeBytes: number | null = null;
  let totalSizeUnavailableReason: string | null = null;
  try {
    totalSizeBytes = await client.totalLogSizeBytes();
  } catch (error) {
    if (!(error instanceof UnsupportedByClusterError)) throw error;
    totalSizeUnavailableReason = 'DescribeLogDirs is not supported by this cluster.';
  }
  return {
    clusterId,
    kafkaClusterId: metadata.clusterId,
    controllerId: metadata.controllerId,
    brokers: metadata.brokers,
    topicCount: metadata.topics.length,
    partitionCount: metadata.topics.reduce((sum, topic) => sum + topic.partitionCount, 0),
    totalSizeBytes,
    totalSizeUnavailableReason,
    fetchedAtMs: metadata.fetchedAtMs,
  };
}
