// Raises a topic's partition count (CreatePartitions); validate-only asks the cluster without changing it.
import type { ClusterClient } from './cluster-client.ts';

export async function createPartitions(
  client: ClusterClient,
  topic: string,
  totalCount: number,
  options: { validateOnly: boolean },
): Promise<void> {
  await client.call(`add partitions to ${topic}`, () =>
    client.admin.createPartitions({ topics: [{ name: topic, count: totalCount }], validateOnly: options.validateOnly }),
  );
}
