// Shared by AlterConfigs and IncrementalAlterConfigs: resolves each resource, computes its new configs
// with the caller's rule, and starts every change before the first await (request order). Only TOPIC
// resources change; this single broker's settings are all static, so a BROKER resource is refused as
// Kafka refuses static broker configs (INVALID_REQUEST "Cannot update these configs dynamically").

import { ErrorCode } from '../protocol/error-codes.ts';
import type { ConfigChangeResult } from '../topics/alter-topic-configs.ts';
import type { Topic } from '../topics/topic-registry.ts';
import type { BrokerState, RequestContext } from './api-handler.ts';

const TOPIC = 2;
const BROKER = 4;

export interface ConfigResourceResponse {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

export interface ConfigResourceRequest {
  resourceType: number;
  resourceName: string;
  configs: readonly { name: string }[];
}

export async function changeConfigResources<Resource extends ConfigResourceRequest>(
  context: RequestContext,
  resources: readonly Resource[],
  validateOnly: boolean,
  computeTopicConfigs: (topic: Topic, resource: Resource) => ConfigChangeResult,
): Promise<ConfigResourceResponse[]> {
  const { broker, clientId, clientAddress } = context;
  const seen = new Set<string>();
  const pending = resources.map((resource): ConfigResourceResponse | Promise<ConfigResourceResponse> => {
    const answer = (errorCode: number, errorMessage: string | null = null): ConfigResourceResponse => ({
      errorCode, errorMessage, resourceType: resource.resourceType, resourceName: resource.resourceName,
    });
    const key = `${resource.resourceType}:${resource.resourceName}`;
    if (seen.has(key)) return answer(ErrorCode.INVALID_REQUEST, `Duplicate resource ${resource.resourceName} in the request`);
    seen.add(key);
    if (resource.resourceType === BROKER) return answer(...refuseBrokerChange(broker, resource));
    if (resource.resourceType !== TOPIC) return answer(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${resource.resourceType}`);
    const topic = broker.topics.get(resource.resourceName);
    if (topic === undefined) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic ${resource.resourceName} does not exist`);
    const result = computeTopicConfigs(topic, resource);
    if ('errorCode' in result) return answer(result.errorCode, result.message);
    if (validateOnly) return answer(ErrorCode.NONE);
    const before = { ...topic.configs };
    return broker.topics.alterTopicConfigs(topic, result.configs).then(
      async () => {
        await broker.adminChanges.record({
          action: 'topic.alterConfigs', resource: topic.name, clientId, clientAddress, parameters: { before, after: result.configs },
        });
        return answer(ErrorCode.NONE);
      },
      (error: unknown) => answer(ErrorCode.KAFKA_STORAGE_ERROR, `could not store the change: ${String(error)}`),
    );
  });
  return Promise.all(pending);
}

function refuseBrokerChange(broker: BrokerState, resource: ConfigResourceRequest): [number, string | null] {
  if (resource.resourceName !== '' && resource.resourceName !== String(broker.config.nodeId)) {
    return [ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${broker.config.nodeId} or empty string, but received ${resource.resourceName}`];
  }
  if (resource.configs.length === 0) return [ErrorCode.NONE, null];
  const names = resource.configs.map((config) => config.name).join(', ');
  return [ErrorCode.INVALID_REQUEST, `Cannot update these configs dynamically: Set(${names})`];
}
