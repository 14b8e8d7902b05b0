// A topic's effective configs with where each value comes from and its synonyms, as DescribeConfigs and
// CreateTopics v5+ report them.

import type { DynamicBrokerConfigs } from './broker-configs.ts';
import { topicConfigDefinitions, type ConfigType, type TopicConfigDefinition } from './topic-configs.ts';

/** Kafka's DescribeConfigs ConfigSource values. */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  GROUP_CONFIG: 8,
} as const;

/** Kafka's DescribeConfigs ConfigType values (v3+). */
export const ConfigTypeCode: Record<ConfigType, number> = {
  boolean: 1,
  string: 2,
  int: 3,
  short: 4,
  long: 5,
  double: 6,
  list: 7,
  class: 8,
  password: 9,
};

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribedConfig {
  name: string;
  /** null for a sensitive config or one without a value. */
  value: string | null;
  /** Passwords: described without their value, as Kafka does. */
  sensitive?: boolean;
  source: number;
  type: ConfigType;
  /** Most specific first: the topic override, the dynamic broker settings, the static one, then Kafka's default. */
  synonyms: ConfigSynonym[];
  /** For BROKER resources: true unless the setting can be changed dynamically. */
  readOnly?: boolean;
}

const noDynamicConfigs: DynamicBrokerConfigs = { default: {}, broker: {} };

function describeOne(
  definition: TopicConfigDefinition,
  topicConfigs: Readonly<Record<string, string>>,
  brokerDefaults: Readonly<Record<string, string>>,
  dynamic: DynamicBrokerConfigs,
): DescribedConfig {
  const synonyms: ConfigSynonym[] = [];
  if (Object.hasOwn(topicConfigs, definition.name)) {
    synonyms.push({ name: definition.name, value: topicConfigs[definition.name], source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
  }
  const brokerName = definition.brokerSynonym ?? definition.name;
  if (definition.brokerSynonym !== null) {
    if (Object.hasOwn(dynamic.broker, brokerName)) {
      synonyms.push({ name: brokerName, value: dynamic.broker[brokerName], source: ConfigSource.DYNAMIC_BROKER_CONFIG });
    }
    if (Object.hasOwn(dynamic.default, brokerName)) {
      synonyms.push({ name: brokerName, value: dynamic.default[brokerName], source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    }
  }
  if (Object.hasOwn(brokerDefaults, definition.name)) {
    synonyms.push({ name: brokerName, value: brokerDefaults[definition.name], source: ConfigSource.STATIC_BROKER_CONFIG });
  }
  if (definition.brokerSynonym !== null) {
    synonyms.push({ name: brokerName, value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG });
  }
  const effective = synonyms[0] ?? { value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG };
  return { name: definition.name, value: effective.value, source: effective.source, type: definition.type, synonyms };
}

/** brokerDefaults are the static (start-up) ones, keyed by topic config name; dynamic ones come separately. */
export function describeTopicConfigs(
  topicConfigs: Readonly<Record<string, string>>,
  brokerDefaults: Readonly<Record<string, string>>,
  dynamic: DynamicBrokerConfigs = noDynamicConfigs,
): DescribedConfig[] {
  return [...topicConfigDefinitions.values()].map((definition) => describeOne(definition, topicConfigs, brokerDefaults, dynamic));
}
