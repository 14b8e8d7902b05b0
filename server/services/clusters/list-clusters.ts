// Every cluster the console knows: the built-in one first, then the stored external ones by name.
import type { VerbContextArgs } from '../service-context.ts';
import type { ClusterSummary } from './cluster-registry.ts';

export async function listClusters({ ctx }: VerbContextArgs): Promise<ClusterSummary[]> {
  return ctx.clusters.list();
}
