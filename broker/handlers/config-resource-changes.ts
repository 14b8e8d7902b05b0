// Shared by AlterConfigs and IncrementalAlterConfigs: resolves each resource, computes its new configs
// with the caller's rules, and starts every change before the first await (request order). TOPIC
// resources change a topic's overrides; BROKER resources ("1" or "" for the cluster default) change the
// dynamic broker configs (broker/topics/broker-configs.ts); static broker settings are refused as Kafka
// refuses them (INVALID_REQUEST "Cannot update these configs dynamically"); GROUP resources change a
// group's configs (broker/topics/group-configs.ts). Internal topics' configs are
// refused (INVALID_TOPIC_EXCEPTION), validateOnly included: a client shortening the retention of
// __samsa_admin_changes could remove changes before the console audits them.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { ConfigChangeResult } from '../topics/alter-topic-configs.ts';
import { brokerConfigScope, type BrokerConfigChangeResult, type BrokerConfigScope } from '../topics/broker-configs.ts';
import { checkGroupResourceName, type GroupConfigChangeResult } from '../topics/group-configs.ts';
import type { Topic } from '../topics/topic-registry.ts';
import type { RequestContext } from './api-handler.ts';

const TOPIC = 2;
const BROKER = 4;
const GROUP = 32;

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

export interface ConfigChangeRules<Resource> {
  /** The topic's new dynamic configs. */
  topic: (topic: Topic, resource: Resource) => ConfigChangeResult;
  /** The scope's new dynamic broker configs, from its current ones. */
  broker: (current: Readonly<Record<string, string>>, resource: Resource, scope: BrokerConfigScope) => BrokerConfigChangeResult;
  /** The group's new configs, from its current ones. */
  group: (current: Readonly<Record<string, string>>, resource: Resource) => GroupConfigChangeResult;
}

export async function changeConfigResources<Resource extends ConfigResourceRequest>(
  context: RequestContext,
  resources: readonly Resource[],
  validateOnly: boolean,
  rules: ConfigChangeRules<Resource>,
): Promise<ConfigResourceResponse[]> {
  const { broker, clientId, clientAddress, principal } = context;
  const seen = new Set<string>();
  const pending = resources.map((resource): ConfigResourceResponse | Promise<ConfigResourceResponse> => {
    const answer = (errorCode: number, errorMessage: string | null = null): ConfigResourceResponse => ({
      errorCode,
      errorMessage,
      resourceType: resource.resourceType,
      resourceName: resource.resourceName,
    });
    const key = `${resource.resourceType}:${resource.resourceName}`;
    if (seen.has(key)) return answer(ErrorCode.INVALID_REQUEST, `Duplicate resource ${resource.resourceName} in the request`);
    seen.add(key);
    if (resource.resourceType === BROKER)
      return changeBrokerConfigs(context, resource, validateOnly, rules.broker).then(([code, message]) => answer(code, message));
    if (resource.resourceType === GROUP)
      return changeGroupConfigs(context, resource, validateOnly, rules.group).then(([code, message]) => answer(code, message));
    if (resource.resourceType !== TOPIC) return answer(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${resource.resourceType}`);
    const topic = broker.topics.get(resource.resourceName);
    if (topic === undefined) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic ${resource.resourceName} does not exist`);
    if (topic.isInternal) return answer(ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot alter configs of internal topic ${topic.name}`);
    const result = rules.topic(topic, resource);
    if ('errorCode' in result) return answer(result.errorCode, result.message);
    if (validateOnly) return answer(ErrorCode.NONE);
    const before = { ...topic.configs };
    return broker.topics.alterTopicConfigs(topic, result.configs).then(
      async () => {
        await broker.adminChanges.record({
          action: 'topic.alterConfigs',
          resource: topic.name,
          clientId,
          clientAddress,
          principal,
          parameters: { before, after: result.configs },
        });
        return answer(ErrorCode.NONE);
      },
      (error: unknown) => answer(ErrorCode.KAFKA_STORAGE_ERROR, `could not store the change: ${String(error)}`),
    );
  });
  return Promise.all(pending);
}

/** Validates and applies one BROKER resource's change; the change starts before the first await. */
function changeBrokerConfigs<Resource extends ConfigResourceRequest>(
  context: RequestContext,
  resource: Resource,
  validateOnly: boolean,
  rule: ConfigChangeRules<Resource>['broker'],
): Promise<[number, string | null]> {
  const { broker, clientId, clientAddress, principal } = context;
  const scope = brokerConfigScope(resource.resourceName, broker.config.nodeId);
  if (typeof scope !== 'string') return Promise.resolve([scope.errorCode, scope.message]);
  const before = broker.topics.brokerConfigsForChange(scope);
  const result = rule(before, resource, scope);
  if ('errorCode' in result) return Promise.resolve([result.errorCode, result.message]);
  if (validateOnly) return Promise.resolve([ErrorCode.NONE, null]);
  return broker.topics.alterBrokerConfigs(scope, result.configs).then(
    async (): Promise<[number, string | null]> => {
      await broker.adminChanges.record({
        action: 'broker.alterConfigs',
        resource: resource.resourceName,
        clientId,
        clientAddress,
        principal,
        parameters: { scope, before, after: result.configs },
      });
      return [ErrorCode.NONE, null];
    },
    (error: unknown): [number, string | null] => [ErrorCode.KAFKA_STORAGE_ERROR, `could not store the change: ${String(error)}`],
  );
}

/** Validates and applies one GROUP resource's change; the change starts before the first await. */
function changeGroupConfigs<Resource extends ConfigResourceRequest>(
  context: RequestContext,
  resource: Resource,
  validateOnly: boolean,
  rule: ConfigChangeRules<Resource>['group'],
): Promise<[number, string | null]> {
  const { broker, clientId, clientAddress, principal } = context;
  const badName = checkGroupResourceName(resource.resourceName);
  if (badName !== null) return Promise.resolve([badName.errorCode, badName.message]);
  const before = broker.topics.groupConfigsForChange(resource.resourceName);
  const result = rule(before, resource);
  if ('errorCode' in result) return Promise.resolve([result.errorCode, result.message]);
  if (validateOnly) return Promise.resolve([ErrorCode.NONE, null]);
  return broker.topics.alterGroupConfigs(resource.resourceName, result.configs).then(
    async (): Promise<[number, string | null]> => {
      await broker.adminChanges.record({
        action: 'group.alterConfigs',
        resource: resource.resourceName,
        clientId,
        clientAddress,
        principal,
        parameters: { before, after: result.configs },
      });
      return [ErrorCode.NONE, null];
    },
    (error: unknown): [number, string | null] => [ErrorCode.KAFKA_STORAGE_ERROR, `could not store the change: ${String(error)}`],
  );
}
