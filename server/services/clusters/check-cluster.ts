// Connection health of one cluster for the clusters page: reachable with N brokers, or the error as text.
import { z } from 'zod';
import type { VerbArgs } from '../service-context.ts';

export const CheckClusterInput = z.object({ clusterId: z.string().min(1).max(100) });
export type CheckClusterInput = z.infer<typeof CheckClusterInput>;

export interface ClusterStatus {
  ok: boolean;
  detail: string;
  brokerCount: number | null;
}

export async function checkCluster({ ctx, input }: VerbArgs<typeof CheckClusterInput>): Promise<ClusterStatus> {
  const { clusterId } = CheckClusterInput.parse(input);
  try {
    const metadata = await ctx.clusters.metadata(clusterId, { fresh: true });
    return {
      ok: true,
      detail: `${metadata.brokers.length} broker(s), ${metadata.topics.length} topic(s)`,
      brokerCount: metadata.brokers.length,
    };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error), brokerCount: null };
  }
}
