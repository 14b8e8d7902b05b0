// Bytes on disk per partition replica, from DescribeLogDirs (every broker answers for the replicas it holds).
// Topics are named explicitly: an empty list would mean "no topics". Bounded requests, as totalLogSizeBytes.
import type { ClusterClient, TopicInfo } from './cluster-client.ts';

const topicsPerRequest = 1_000;

export interface ReplicaSize {
  brokerId: number;
  topic: string;
  partition: number;
  sizeBytes: number;
}

export async function describePartitionSizes(client: ClusterClient, topics: TopicInfo[]): Promise<ReplicaSize[]> {
  const described = topics.filter((topic) => topic.partitions.length > 0);
  const sizes: ReplicaSize[] = [];
  for (let start = 0; start < described.length; start += topicsPerRequest) {
    const request = described
      .slice(start, start + topicsPerRequest)
      .map((topic) => ({ name: topic.name, partitions: topic.partitions.map((p) => p.partition) }));
    const brokers = await client.call('describe log dirs', () => client.admin.describeLogDirs({ topics: request }));
    for (const broker of brokers) {
      for (const logDir of broker.results) {
        for (const topic of logDir.topics) {
          for (const partition of topic.partitions) {
            // A future replica (being moved between log dirs) would count the same data twice.
            if (partition.isFutureKey) continue;
            sizes.push({
              brokerId: broker.broker,
              topic: topic.name,
              partition: partition.partitionIndex,
              sizeBytes: Number(partition.partitionSize),
            });
          }
        }
      }
    }
  }
  return sizes;
}
