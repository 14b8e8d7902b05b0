// Partitions of the topics the cluster flags internal (__consumer_offsets, __transaction_state, ...).
// @platformatic/kafka's Admin drops them from its metadata, so they are asked for with a Metadata request
// of their own on the client's raw connection.
import { metadataV12 } from '@platformatic/kafka';
import type { ClusterClient, TopicInfo } from './cluster-client.ts';

export async function describeInternalTopics(client: ClusterClient, names: string[]): Promise<TopicInfo[]> {
  if (names.length === 0) return [];
  const connection = await client.rawConnection();
  const response = await metadataV12.api.async(connection, names, false, false);
  return response.topics
    .filter((topic) => topic.errorCode === 0 && topic.name)
    .map((topic) => {
      const partitions = topic.partitions
        .map((partition) => ({
          partition: partition.partitionIndex,
          leader: partition.leaderId,
          replicas: partition.replicaNodes,
          isr: partition.isrNodes,
        }))
        .sort((a, b) => a.partition - b.partition);
      return {
        name: topic.name!,
        id: topic.topicId,
        internal: true,
        partitionCount: partitions.length,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
        partitions,
      };
    });
}
