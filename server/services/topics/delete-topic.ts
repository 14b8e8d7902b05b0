// Deletes a topic, audited with what it looked like before.
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';
import { assertMayChangeTopic } from './topic-ownership.ts';
import { awaitTopicMetadata } from './await-topic-metadata.ts';

export async function deleteTopic(context: ServiceContext, clusterId: string, name: string): Promise<void> {
  await assertMayChangeTopic(context, name);
  const metadata = await context.clusters.metadata(clusterId, { fresh: true });
  const topic = metadata.topics.find((candidate) => candidate.name === name);
  if (!topic) throw new NotFoundError(`No topic named ${name} on this cluster.`);
  const client = await context.clusters.client(clusterId);
  const before = { partitions: topic.partitionCount, replicationFactor: topic.replicationFactor, topicId: topic.id };
  await recordChange(context, { action: 'topic.delete', clusterId, resourceType: 'topic', resourceName: name, before }, async () => {
    await client.deleteTopic(name);
    context.clusters.invalidate(clusterId);
    await awaitTopicMetadata(context.clusters, clusterId, name, false);
    return { result: undefined };
  });
}
