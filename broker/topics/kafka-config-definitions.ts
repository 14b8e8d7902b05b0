// Kafka's own definitions of the configs it lets clients change at runtime beyond topic configs, read from
// kafka-configs.json (generated from the pinned jars by scripts/SnapshotKafkaConfigs.java):
// - dynamic broker configs (DynamicBrokerConfig.ALL_DYNAMIC_CONFIGS: thread pools, SASL/Kerberos login,
//   SSL, connection limits, remote log, ...), with Kafka's type, default and validator, and whether only a
//   broker id (not the cluster default) may set them or only a listener prefix;
// - the names of Kafka's static broker configs, which a client may not change;
// - the GROUP resource's configs (consumer.session.timeout.ms, ...) and the broker bounds that check them.
// Values are checked as Kafka's ConfigDef parses and validates them, with its messages.

import { readFileSync } from 'node:fs';
import type { ConfigType } from './topic-configs.ts';

interface ValidatorJson {
  min?: string | null;
  max?: string | null;
  orValue?: string | null;
  validValues?: string[];
  description?: string;
}

interface ConfigJson {
  name: string;
  type: string;
  defaultValue: string | null;
  validator: ValidatorJson | null;
}

interface KafkaConfigsJson {
  dynamicBrokerConfigs: Array<ConfigJson & { perBrokerOnly: boolean; listenerPrefixOnly: boolean }>;
  staticBrokerConfigNames: string[];
  groupConfigs: Array<ConfigJson & { brokerSynonym: string | null }>;
  groupConfigBounds: Record<string, string>;
}

export interface KafkaConfigDefinition {
  name: string;
  type: ConfigType;
  /** As Kafka prints it; null when Kafka has none (DescribeConfigs then shows null). */
  defaultValue: string | null;
  validator: ValidatorJson | null;
}

export interface DynamicBrokerConfigDefinition extends KafkaConfigDefinition {
  /** Kafka's "per-broker" update mode: refused at the cluster default (resource name ""). */
  perBrokerOnly: boolean;
  /** SSL key and trust stores: Kafka takes them only with a listener prefix (listener.name.<l>.<name>). */
  listenerPrefixOnly: boolean;
}

export interface GroupConfigDefinition extends KafkaConfigDefinition {
  /** The broker config that supplies the default (group.consumer.session.timeout.ms, ...), if any. */
  brokerSynonym: string | null;
}

const CATALOG: KafkaConfigsJson = JSON.parse(readFileSync(new URL('./kafka-configs.json', import.meta.url), 'utf8'));

const TYPES: Record<string, ConfigType> = {
  BOOLEAN: 'boolean',
  STRING: 'string',
  INT: 'int',
  SHORT: 'short',
  LONG: 'long',
  DOUBLE: 'double',
  LIST: 'list',
  CLASS: 'class',
  PASSWORD: 'password',
};

function definitionOf(config: ConfigJson): KafkaConfigDefinition {
  const type = TYPES[config.type];
  if (type === undefined) throw new Error(`kafka-configs.json: unknown type ${config.type} of ${config.name}`);
  return { name: config.name, type, defaultValue: config.defaultValue, validator: config.validator };
}

export const kafkaDynamicBrokerConfigs: ReadonlyMap<string, DynamicBrokerConfigDefinition> = new Map(
  CATALOG.dynamicBrokerConfigs.map((config) => [
    config.name,
    { ...definitionOf(config), perBrokerOnly: config.perBrokerOnly, listenerPrefixOnly: config.listenerPrefixOnly },
  ]),
);

export const KAFKA_STATIC_BROKER_CONFIG_NAMES: ReadonlySet<string> = new Set(CATALOG.staticBrokerConfigNames);

export const groupConfigDefinitions: ReadonlyMap<string, GroupConfigDefinition> = new Map(
  CATALOG.groupConfigs.map((config) => [config.name, { ...definitionOf(config), brokerSynonym: config.brokerSynonym }]),
);

/** Kafka's defaults of the broker configs bounding group configs (group.consumer.min.session.timeout.ms, ...). */
export const GROUP_CONFIG_BOUNDS: Readonly<Record<string, string>> = CATALOG.groupConfigBounds;

const INT_RANGE = [-(2n ** 31n), 2n ** 31n - 1n];
const SHORT_RANGE = [-(2n ** 15n), 2n ** 15n - 1n];
const LONG_RANGE = [-(2n ** 63n), 2n ** 63n - 1n];

/** Kafka's ConfigDef.parseType, then the validator; returns the problem (Kafka's words) or null. */
export function checkKafkaConfigValue(definition: KafkaConfigDefinition, rawValue: string): string | null {
  const value = rawValue.trim();
  const typeName = definition.type.toUpperCase();
  switch (definition.type) {
    case 'boolean':
      if (value.toLowerCase() !== 'true' && value.toLowerCase() !== 'false') return 'Expected value to be either true or false';
      break;
    case 'int':
    case 'short':
    case 'long': {
      const [min, max] = definition.type === 'int' ? INT_RANGE : definition.type === 'short' ? SHORT_RANGE : LONG_RANGE;
      if (!/^[-+]?\d+$/.test(value) || BigInt(value) < min || BigInt(value) > max) return `Not a number of type ${typeName}`;
      break;
    }
    case 'double':
      if (value === '' || !Number.isFinite(Number(value))) return `Not a number of type ${typeName}`;
      break;
    default:
      break;
  }
  return checkValidator(definition.validator, value);
}

function checkValidator(validator: ValidatorJson | null, value: string): string | null {
  if (validator === null) return null;
  if (validator.validValues !== undefined) {
    return validator.validValues.includes(value) ? null : `String must be one of: ${validator.validValues.join(', ')}`;
  }
  if (validator.min === undefined && validator.max === undefined) return null;
  if (validator.orValue !== null && validator.orValue !== undefined && Number(value) === Number(validator.orValue)) return null;
  if (validator.min !== null && validator.min !== undefined && Number(value) < Number(validator.min)) {
    return `Value must be at least ${validator.min}`;
  }
  if (validator.max !== null && validator.max !== undefined && Number(value) > Number(validator.max)) {
    return `Value must be no more than ${validator.max}`;
  }
  return null;
}
