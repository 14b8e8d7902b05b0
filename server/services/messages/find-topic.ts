// The topic a message verb works on, from the cluster's metadata; a clear NotFoundError when it is not there.
import type { TopicInfo } from '../../kafka/cluster-client.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export async function findTopic(ctx: Pick<ServiceContext, 'clusters'>, clusterId: string, name: string): Promise<TopicInfo> {
  let topic = (await ctx.clusters.metadata(clusterId)).topics.find((candidate) => candidate.name === name);
  // The cache may predate a topic created a moment ago (by another tool): look once more, fresh.
  if (!topic) topic = (await ctx.clusters.metadata(clusterId, { fresh: true })).topics.find((candidate) => candidate.name === name);
  if (!topic) throw new NotFoundError(`Topic ${name} does not exist on this cluster.`);
  return topic;
}
