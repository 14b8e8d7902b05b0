// Dynamic broker configs, as Kafka's DynamicBrokerConfig offers them: the broker-level synonyms of topic
// configs (log.retention.ms, message.max.bytes, log.cleanup.policy, ...) changed at runtime, either for
// this broker (resource name "1") or as the cluster-wide default (resource name ""). Precedence for a topic
// without its own override: per-broker > cluster default > static (start-up) > Kafka's default.
// Pure functions: TopicRegistry stores the result durably and applies it to the partition logs.

import { ErrorCode } from '../protocol/error-codes.ts';
import { duplicateName, requestedConfigSet, type ConfigChangeError, type IncrementalOperation } from './alter-topic-configs.ts';
import { checkConfigValue, topicConfigDefinitions, type TopicConfigDefinition } from './topic-configs.ts';

/** 'broker' is this node's own resource ("1"), 'default' the cluster-wide default (""). */
export type BrokerConfigScope = 'default' | 'broker';

/** Dynamic broker configs by scope, keyed by broker config name (log.retention.ms, ...). */
export interface DynamicBrokerConfigs {
  readonly default: Readonly<Record<string, string>>;
  readonly broker: Readonly<Record<string, string>>;
}

export type BrokerConfigChangeResult = { configs: Record<string, string> } | ConfigChangeError;

const OPERATION = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
/** Bound on the items of a list config after APPEND. */
const MAX_LIST_ITEMS = 10_000;

/** Broker config name -> the topic config whose default it supplies. Every one is dynamic in Kafka. */
export const dynamicBrokerConfigDefinitions: ReadonlyMap<string, TopicConfigDefinition> = new Map(
  [...topicConfigDefinitions.values()]
    .filter((definition) => definition.brokerSynonym !== null)
    .map((definition) => [definition.brokerSynonym as string, definition]),
);

/** Resolves a BROKER resource name to its scope, or Kafka's error for another broker's id. */
export function brokerConfigScope(resourceName: string, nodeId: number): BrokerConfigScope | ConfigChangeError {
  if (resourceName === '') return 'default';
  if (resourceName === String(nodeId)) return 'broker';
  return {
    errorCode: ErrorCode.INVALID_REQUEST,
    message: `Unexpected broker id, expected ${nodeId} or empty string, but received ${resourceName}`,
  };
}

/**
 * Broker-level topic defaults keyed by topic config name, as the logs use them: dynamic per-broker, then
 * dynamic cluster default, then the static start-up setting.
 */
export function effectiveTopicDefaults(
  staticDefaults: Readonly<Record<string, string>>,
  dynamic: DynamicBrokerConfigs,
): Record<string, string> {
  const defaults: Record<string, string> = { ...staticDefaults };
  for (const [brokerName, definition] of dynamicBrokerConfigDefinitions) {
    const value = dynamic.broker[brokerName] ?? dynamic.default[brokerName];
    if (value !== undefined) defaults[definition.name] = value;
  }
  return defaults;
}

function listItems(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Validates a scope's complete dynamic configs as Kafka's DynamicBrokerConfig.validate does. Kafka answers
 * broker-config problems with INVALID_REQUEST (its ConfigException is wrapped, KAFKA-13609), not INVALID_CONFIG.
 */
export function validateBrokerConfigSet(configs: Readonly<Record<string, string>>): ConfigChangeError | null {
  const notDynamic = Object.keys(configs).filter((name) => !dynamicBrokerConfigDefinitions.has(name));
  if (notDynamic.length > 0) {
    return { errorCode: ErrorCode.INVALID_REQUEST, message: `Cannot update these configs dynamically: [${notDynamic.join(', ')}]` };
  }
  for (const [name, value] of Object.entries(configs)) {
    const problem = checkConfigValue(dynamicBrokerConfigDefinitions.get(name)!, value);
    if (problem !== null)
      return { errorCode: ErrorCode.INVALID_REQUEST, message: `Invalid value ${value} for configuration ${name}: ${problem}` };
  }
  return null;
}

/** AlterConfigs: the request's configs replace every dynamic config of the scope. */
export function replaceBrokerConfigs(entries: readonly { name: string; value: string | null }[]): BrokerConfigChangeResult {
  const requested = requestedConfigSet(entries);
  if ('errorCode' in requested) return requested;
  return validateBrokerConfigSet(requested.configs) ?? requested;
}

/** IncrementalAlterConfigs: APPEND / SUBTRACT start from the scope's own value, else Kafka's default (as Kafka). */
export function applyBrokerIncrementalOperations(
  current: Readonly<Record<string, string>>,
  operations: readonly IncrementalOperation[],
): BrokerConfigChangeResult {
  const duplicate = duplicateName(operations.map((operation) => operation.name));
  if (duplicate !== null) return duplicate;
  const configs: Record<string, string> = { ...current };
  for (const { name, configOperation, value } of operations) {
    if (configOperation === OPERATION.DELETE) {
      delete configs[name];
      continue;
    }
    if (configOperation !== OPERATION.SET && configOperation !== OPERATION.APPEND && configOperation !== OPERATION.SUBTRACT) {
      return { errorCode: ErrorCode.INVALID_REQUEST, message: `Unknown config operation ${configOperation} for ${name}` };
    }
    if (value === null) return { errorCode: ErrorCode.INVALID_REQUEST, message: `Null value not supported for : ${name}` };
    if (configOperation === OPERATION.SET) {
      configs[name] = value;
      continue;
    }
    const definition = dynamicBrokerConfigDefinitions.get(name);
    if (definition === undefined)
      return { errorCode: ErrorCode.INVALID_REQUEST, message: `Cannot update these configs dynamically: [${name}]` };
    if (definition.type !== 'list') {
      const verb = configOperation === OPERATION.APPEND ? 'append' : 'subtract';
      return { errorCode: ErrorCode.INVALID_CONFIG, message: `Config value ${verb} is not allowed for config key: ${name}` };
    }
    const items = listItems(configs[name] ?? definition.defaultValue);
    const operands = listItems(value);
    const next =
      configOperation === OPERATION.APPEND
        ? [...items, ...operands.filter((item) => !items.includes(item))]
        : items.filter((item) => !operands.includes(item));
    if (next.length > MAX_LIST_ITEMS) return { errorCode: ErrorCode.INVALID_CONFIG, message: `Too many items in ${name}` };
    configs[name] = next.join(',');
  }
  return validateBrokerConfigSet(configs) ?? { configs };
}
