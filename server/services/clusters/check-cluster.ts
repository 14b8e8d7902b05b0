// Connection health of one cluster for the clusters page: reachable with N brokers, or the error as text.
import type { ClusterRegistry } from './cluster-registry.ts';

export interface ClusterStatus {
  ok: boolean;
  detail: string;
  brokerCount: number | null;
}

export async function checkCluster(clusters: ClusterRegistry, clusterId: string): Promise<ClusterStatus> {
  try {
    const metadata = await clusters.metadata(clusterId, { fresh: true });
    return { ok: true, detail: `${metadata.brokers.length} broker(s), ${metadata.topics.length} topic(s)`, brokerCount: metadata.brokers.length };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error), brokerCount: null };
  }
}
