// CreateTopics with validate_only: the cluster checks name, partitions, replication factor and every config
// exactly as for a real create, and creates nothing. @platformatic/kafka's Admin always sends
// validate_only=false, so this sends the request itself on the client's raw connection.
import { createTopicsV7 } from '@platformatic/kafka';
import { requestTimeoutMs, type ClusterClient, type NewTopic } from './cluster-client.ts';

export interface ValidatedTopic {
  partitions: number;
  replicationFactor: number;
  /** The configs the topic would get, as the cluster reports them (v5+). */
  configs: { name: string; value: string | null; sensitive: boolean }[];
}

export async function validateNewTopic(client: ClusterClient, topic: NewTopic): Promise<ValidatedTopic> {
  return client.call(`check topic ${topic.name}`, async () => {
    const connection = await client.rawConnection();
    const configs = Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value }));
    const request = [
      { name: topic.name, numPartitions: topic.partitions, replicationFactor: topic.replicationFactor, assignments: [], configs },
    ];
    const response = await createTopicsV7.api.async(connection, request, requestTimeoutMs, true);
    const [result] = response.topics;
    return {
      partitions: result?.numPartitions ?? topic.partitions,
      replicationFactor: result?.replicationFactor ?? topic.replicationFactor,
      configs: (result?.configs ?? []).map((config) => ({
        name: config.name,
        value: config.isSensitive ? null : (config.value ?? null),
        sensitive: config.isSensitive,
      })),
    };
  });
}
