// Creates a topic on any cluster, audited; members only under their team's prefixes.
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { assertMayChangeTopic } from './topic-ownership.ts';
import { awaitTopicMetadata } from './await-topic-metadata.ts';

/** Kafka's own rule for topic names. */
const topicNamePattern = /^[a-zA-Z0-9._-]{1,249}$/;

export const NewTopicInput = z.object({
  clusterId: z.string().min(1),
  name: z.string().regex(topicNamePattern, 'Letters, digits, ".", "_" and "-" only, at most 249').refine((name) => name !== '.' && name !== '..'),
  partitions: z.number().int().min(1).max(10_000),
  replicationFactor: z.number().int().min(1).max(32),
  configs: z.record(z.string().max(255), z.string().max(10_000)).optional(),
});
export type NewTopicInput = z.infer<typeof NewTopicInput>;

export async function createTopic(context: ServiceContext, input: NewTopicInput): Promise<void> {
  await assertMayChangeTopic(context, input.name);
  const client = await context.clusters.client(input.clusterId);
  const parameters = { partitions: input.partitions, replicationFactor: input.replicationFactor, configs: input.configs ?? {} };
  await recordChange(
    context,
    { action: 'topic.create', clusterId: input.clusterId, resourceType: 'topic', resourceName: input.name, parameters },
    async () => {
      await client.createTopic({ name: input.name, partitions: input.partitions, replicationFactor: input.replicationFactor, configs: input.configs });
      context.clusters.invalidate(input.clusterId);
      await awaitTopicMetadata(context.clusters, input.clusterId, input.name, true);
      return { result: undefined, after: parameters };
    },
  );
}
