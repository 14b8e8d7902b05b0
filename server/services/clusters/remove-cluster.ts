// Removes a stored external cluster; the built-in cluster cannot be removed.
import { eq } from 'drizzle-orm';
import { clusters } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { builtInClusterId } from './cluster-registry.ts';

export async function removeCluster(context: ServiceContext, clusterId: string): Promise<void> {
  if (clusterId === builtInClusterId) throw new ValidationError('The built-in cluster is always present and cannot be removed.');
  const [row] = await context.db.select().from(clusters).where(eq(clusters.id, clusterId));
  if (!row) throw new NotFoundError(`No cluster with id ${clusterId}.`);
  const before = { name: row.name, bootstrapServers: row.bootstrapServers, saslMechanism: row.saslMechanism, tlsEnabled: row.tlsEnabled };
  await recordChange(context, { action: 'cluster.delete', clusterId, resourceType: 'cluster', resourceName: row.name, before }, async () => {
    await context.db.delete(clusters).where(eq(clusters.id, clusterId));
    await context.clusters.forget(clusterId);
    return { result: undefined };
  });
}
