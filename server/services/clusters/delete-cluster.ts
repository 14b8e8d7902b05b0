// Removes a stored external cluster; the built-in cluster cannot be removed.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { clusters } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { builtInClusterId } from './cluster-registry.ts';

export const DeleteClusterInput = z.object({ clusterId: z.string().min(1).max(100) });
export type DeleteClusterInput = z.infer<typeof DeleteClusterInput>;

export async function deleteCluster({ ctx, input }: VerbArgs<typeof DeleteClusterInput>): Promise<void> {
  const { clusterId } = DeleteClusterInput.parse(input);
  if (clusterId === builtInClusterId) throw new ValidationError('The built-in cluster is always present and cannot be removed.');
  const [row] = await ctx.db.select().from(clusters).where(eq(clusters.id, clusterId));
  if (!row) throw new NotFoundError(`No cluster with id ${clusterId}.`);
  const before = { name: row.name, bootstrapServers: row.bootstrapServers, saslMechanism: row.saslMechanism, tlsEnabled: row.tlsEnabled };
  await recordChange(ctx, { action: 'cluster.delete', clusterId, resourceType: 'cluster', resourceName: row.name, before }, async () => {
    await ctx.db.delete(clusters).where(eq(clusters.id, clusterId));
    await ctx.clusters.forget(clusterId);
    return { result: undefined };
  });
}
