// Admins add an external cluster; its SASL password is sealed (AES-256-GCM) before it reaches the database.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { clusters, saslMechanisms } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { withoutControlCharacters } from '../control-characters.ts';
import { ConflictError } from '../service-error.ts';

const hostPort = /^[A-Za-z0-9._-]+:\d{1,5}$/;

export const CreateClusterInput = z.object({
  name: withoutControlCharacters(z.string().trim().min(1).max(100)),
  bootstrapServers: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine((list) => list.split(',').every((server) => hostPort.test(server.trim())), 'Use host:port, comma-separated'),
  sasl: z.object({ mechanism: z.enum(saslMechanisms), username: z.string().min(1).max(500), password: z.string().max(2000) }).optional(),
  tls: z.object({ caPem: z.string().max(100_000).optional(), rejectUnauthorized: z.boolean().default(true) }).optional(),
});
export type CreateClusterInput = z.infer<typeof CreateClusterInput>;

export async function createCluster({ ctx, input }: VerbArgs<typeof CreateClusterInput>): Promise<{ id: string }> {
  const cluster = CreateClusterInput.parse(input);
  const id = randomUUID();
  // Parameters never include the password; only whether one was given.
  const parameters = {
    name: cluster.name,
    bootstrapServers: cluster.bootstrapServers,
    saslMechanism: cluster.sasl?.mechanism ?? null,
    saslUsername: cluster.sasl?.username ?? null,
    tlsEnabled: Boolean(cluster.tls),
  };
  return recordChange(
    ctx,
    { action: 'cluster.create', clusterId: id, resourceType: 'cluster', resourceName: cluster.name, parameters },
    async () => {
      try {
        await ctx.db.insert(clusters).values({
          id,
          name: cluster.name,
          bootstrapServers: cluster.bootstrapServers,
          saslMechanism: cluster.sasl?.mechanism ?? null,
          saslUsername: cluster.sasl?.username ?? null,
          saslPasswordEncrypted: cluster.sasl ? ctx.secretBox.seal(cluster.sasl.password) : null,
          tlsEnabled: Boolean(cluster.tls),
          tlsCaPem: cluster.tls?.caPem ?? null,
          tlsRejectUnauthorized: cluster.tls?.rejectUnauthorized ?? true,
        });
      } catch (error) {
        if (String((error as Error).cause ?? error).includes('unique'))
          throw new ConflictError(`A cluster named ${cluster.name} already exists.`);
        throw error;
      }
      return { result: { id }, after: parameters };
    },
  );
}
