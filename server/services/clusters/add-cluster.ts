// Admins add an external cluster; its SASL password is sealed (AES-256-GCM) before it reaches the database.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { clusters, saslMechanisms } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';

const hostPort = /^[A-Za-z0-9._-]+:\d{1,5}$/;

export const NewCluster = z.object({
  name: z.string().trim().min(1).max(100),
  bootstrapServers: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine((list) => list.split(',').every((server) => hostPort.test(server.trim())), 'Use host:port, comma-separated'),
  sasl: z.object({ mechanism: z.enum(saslMechanisms), username: z.string().min(1).max(500), password: z.string().max(2000) }).optional(),
  tls: z.object({ caPem: z.string().max(100_000).optional(), rejectUnauthorized: z.boolean().default(true) }).optional(),
});
export type NewCluster = z.infer<typeof NewCluster>;

export async function addCluster(context: ServiceContext, input: NewCluster): Promise<{ id: string }> {
  const id = randomUUID();
  // Parameters never include the password; only whether one was given.
  const parameters = {
    name: input.name,
    bootstrapServers: input.bootstrapServers,
    saslMechanism: input.sasl?.mechanism ?? null,
    saslUsername: input.sasl?.username ?? null,
    tlsEnabled: Boolean(input.tls),
  };
  return recordChange(context, { action: 'cluster.create', clusterId: id, resourceType: 'cluster', resourceName: input.name, parameters }, async () => {
    try {
      await context.db.insert(clusters).values({
        id,
        name: input.name,
        bootstrapServers: input.bootstrapServers,
        saslMechanism: input.sasl?.mechanism ?? null,
        saslUsername: input.sasl?.username ?? null,
        saslPasswordEncrypted: input.sasl ? context.secretBox.seal(input.sasl.password) : null,
        tlsEnabled: Boolean(input.tls),
        tlsCaPem: input.tls?.caPem ?? null,
        tlsRejectUnauthorized: input.tls?.rejectUnauthorized ?? true,
      });
    } catch (error) {
      if (String((error as Error).cause ?? error).includes('unique')) throw new ConflictError(`A cluster named ${input.name} already exists.`);
      throw error;
    }
    return { result: { id }, after: parameters };
  });
}
