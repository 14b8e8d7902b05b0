// Changes a topic's configs with IncrementalAlterConfigs (SET a value, DELETE an override to fall back to the
// default), optionally validate-only: the cluster checks every value and changes nothing.
import { ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka';
import type { ClusterClient } from './cluster-client.ts';

export type TopicConfigChange = { name: string; operation: 'set'; value: string } | { name: string; operation: 'delete' };

export async function alterTopicConfigs(
  client: ClusterClient,
  topic: string,
  changes: TopicConfigChange[],
  options: { validateOnly: boolean },
): Promise<void> {
  const configs = changes.map((change) =>
    change.operation === 'set'
      ? { name: change.name, configOperation: IncrementalAlterConfigOperationTypes.SET, value: change.value }
      : { name: change.name, configOperation: IncrementalAlterConfigOperationTypes.DELETE },
  );
  await client.call(`${options.validateOnly ? 'check' : 'change'} configs of ${topic}`, () =>
    client.admin.incrementalAlterConfigs({
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs }],
      validateOnly: options.validateOnly,
    }),
  );
}
