// Dynamic broker configs, as Kafka's DynamicBrokerConfig offers them: the broker-level synonyms of topic
// configs (log.retention.ms, message.max.bytes, log.cleanup.policy, ...) changed at runtime, either for
// this broker (resource name "1") or as the cluster-wide default (resource name ""). Precedence for a topic
// without its own override: per-broker > cluster default > static (start-up) > Kafka's default.
// Pure functions: TopicRegistry stores the result durably and applies it to the partition logs.

import { ErrorCode } from '../protocol/error-codes.ts';
import { duplicateName, requestedConfigSet, type ConfigChangeError, type IncrementalOperation } from './alter-topic-configs.ts';
import { checkConfigValue, topicConfigDefinitions, type TopicConfigDefinition } from './topic-configs.ts';
import {
  checkKafkaConfigValue,
  KAFKA_STATIC_BROKER_CONFIG_NAMES,
  kafkaDynamicBrokerConfigs,
  type DynamicBrokerConfigDefinition,
} from './kafka-config-definitions.ts';

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
 * Broker settings Samsa fixes at start-up although Kafka changes them at runtime: the listeners and the log
 * cleaner's pace are flags of this process. They stay refused, as static configs are.
 */
const FIXED_AT_START_UP = new Set(['listeners', 'log.cleaner.backoff.ms']);

/** Kafka's dynamic broker configs that are not topic-config defaults: accepted and described, with no effect here. */
export const otherDynamicBrokerConfigs: ReadonlyMap<string, DynamicBrokerConfigDefinition> = new Map(
  [...kafkaDynamicBrokerConfigs].filter(([name]) => !dynamicBrokerConfigDefinitions.has(name) && !FIXED_AT_START_UP.has(name)),
);

function notDynamic(name: string): boolean {
  if (dynamicBrokerConfigDefinitions.has(name) || otherDynamicBrokerConfigs.has(name)) return false;
  // Names Kafka does not know are custom configs (for plugins): Kafka stores them, and so does this broker.
  return KAFKA_STATIC_BROKER_CONFIG_NAMES.has(name) || FIXED_AT_START_UP.has(name) || describedStaticNames.has(name);
}

/** Samsa's own read-only settings (max.partitions.per.topic, ...), which Kafka does not have. */
const describedStaticNames = new Set(['max.partitions.per.topic', 'max.broker.partitions', 'max.partitions.per.request', 'max.open.files']);

/**
 * Validates a scope's complete dynamic configs as Kafka's DynamicBrokerConfig.validateConfigs does, in its
 * order: static configs, SSL stores without a listener prefix, per-broker configs at the cluster default,
 * then each value. Kafka answers broker-config problems with INVALID_REQUEST (its ConfigException is
 * wrapped, KAFKA-13609), not INVALID_CONFIG.
 */
export function validateBrokerConfigSet(
  configs: Readonly<Record<string, string>>,
  scope: BrokerConfigScope = 'broker',
): ConfigChangeError | null {
  const names = Object.keys(configs);
  const refused = (message: string, which: string[]) => ({
    errorCode: ErrorCode.INVALID_REQUEST,
    message: `${message}: [${which.join(', ')}]`,
  });
  const staticNames = names.filter(notDynamic);
  if (staticNames.length > 0) return refused('Cannot update these configs dynamically', staticNames);
  const listenerOnly = names.filter((name) => otherDynamicBrokerConfigs.get(name)?.listenerPrefixOnly === true);
  if (listenerOnly.length > 0) {
    return refused('These security configs can be dynamically updated only per-listener using the listener prefix', listenerOnly);
  }
  const perBroker = names.filter((name) => otherDynamicBrokerConfigs.get(name)?.perBrokerOnly === true);
  if (scope === 'default' && perBroker.length > 0) {
    return refused('Cannot update these configs at default cluster level, broker id must be specified', perBroker);
  }
  for (const [name, value] of Object.entries(configs)) {
    const topicDefinition = dynamicBrokerConfigDefinitions.get(name);
    const otherDefinition = otherDynamicBrokerConfigs.get(name);
    const problem =
      topicDefinition !== undefined
        ? checkConfigValue(topicDefinition, value)
        : otherDefinition !== undefined
          ? checkKafkaConfigValue(otherDefinition, value)
          : null;
    if (problem !== null)
      return { errorCode: ErrorCode.INVALID_REQUEST, message: `Invalid value ${value} for configuration ${name}: ${problem}` };
  }
  return null;
}

/** AlterConfigs: the request's configs replace every dynamic config of the scope. */
export function replaceBrokerConfigs(
  entries: readonly { name: string; value: string | null }[],
  scope: BrokerConfigScope = 'broker',
): BrokerConfigChangeResult {
  const requested = requestedConfigSet(entries);
  if ('errorCode' in requested) return requested;
  return validateBrokerConfigSet(requested.configs, scope) ?? requested;
}

/** IncrementalAlterConfigs: APPEND / SUBTRACT start from the scope's own value, else Kafka's default (as Kafka). */
export function applyBrokerIncrementalOperations(
  current: Readonly<Record<string, string>>,
  operations: readonly IncrementalOperation[],
  scope: BrokerConfigScope = 'broker',
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
    const definition = dynamicBrokerConfigDefinitions.get(name) ?? otherDynamicBrokerConfigs.get(name);
    if (definition === undefined)
      return { errorCode: ErrorCode.INVALID_REQUEST, message: `Cannot update these configs dynamically: [${name}]` };
    if (definition.type !== 'list') {
      const verb = configOperation === OPERATION.APPEND ? 'append' : 'subtract';
      return { errorCode: ErrorCode.INVALID_CONFIG, message: `Config value ${verb} is not allowed for config key: ${name}` };
    }
    const items = listItems(configs[name] ?? definition.defaultValue ?? '');
    const operands = listItems(value);
    const next =
      configOperation === OPERATION.APPEND
        ? [...items, ...operands.filter((item) => !items.includes(item))]
        : items.filter((item) => !operands.includes(item));
    if (next.length > MAX_LIST_ITEMS) return { errorCode: ErrorCode.INVALID_CONFIG, message: `Too many items in ${name}` };
    configs[name] = next.join(',');
  }
  return validateBrokerConfigSet(configs, scope) ?? { configs };
}
