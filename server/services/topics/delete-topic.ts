// Deletes a topic, audited with what it looked like before: partitions, records and bytes that went with it.
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';
import { assertMayChangeTopic } from './topic-ownership.ts';
import { awaitTopicMetadata } from './await-topic-metadata.ts';
import { loadTopicStats } from './topic-stats.ts';
import { TopicName } from '../../../domain/topic-name.ts';

export const DeleteTopicInput = z.object({ clusterId: z.string().min(1).max(100), name: TopicName });
export type DeleteTopicInput = z.infer<typeof DeleteTopicInput>;

export async function deleteTopic({ ctx, input: unparsed }: VerbArgs<typeof DeleteTopicInput>): Promise<void> {
  const { clusterId, name } = DeleteTopicInput.parse(unparsed);
  await assertMayChangeTopic(ctx, name);
  const metadata = await ctx.clusters.metadata(clusterId, { fresh: true });
  const topic = metadata.topics.find((candidate) => candidate.name === name);
  if (!topic) throw new NotFoundError(`No topic named ${name} on this cluster.`);
  const client = await ctx.clusters.client(clusterId);
  const stats = (await loadTopicStats(client, [topic])).byTopic.get(name);
  const before = {
    partitions: topic.partitionCount,
    replicationFactor: topic.replicationFactor,
    topicId: topic.id,
    records: stats?.records ?? null,
    sizeBytes: stats?.sizeBytes ?? null,
  };
  await recordChange(ctx, { action: 'topic.delete', clusterId, resourceType: 'topic', resourceName: name, before }, async () => {
    await client.deleteTopic(name);
    ctx.clusters.invalidate(clusterId);
    await awaitTopicMetadata(ctx.clusters, clusterId, name, false);
    return { result: undefined };
  });
}
