// A topic's effective configs with where each value comes from and its synonyms, as DescribeConfigs and
// CreateTopics v5+ report them.

import { topicConfigDefinitions, type ConfigType, type TopicConfigDefinition } from './topic-configs.ts';

/** Kafka's DescribeConfigs ConfigSource values. */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** Kafka's DescribeConfigs ConfigType values (v3+). */
export const ConfigTypeCode: Record<ConfigType, number> = { boolean: 1, string: 2, int: 3, long: 5, double: 6, list: 7 };

export interface ConfigSynonym {
  name: string;
  value: string;
  source: number;
}

export interface DescribedConfig {
  name: string;
  value: string;
  source: number;
  type: ConfigType;
  /** Most specific first: the topic override, the broker setting, then Kafka's default. */
  synonyms: ConfigSynonym[];
}

function describeOne(definition: TopicConfigDefinition, topicConfigs: Readonly<Record<string, string>>, brokerDefaults: Readonly<Record<string, string>>): DescribedConfig {
  const synonyms: ConfigSynonym[] = [];
  if (Object.hasOwn(topicConfigs, definition.name)) {
    synonyms.push({ name: definition.name, value: topicConfigs[definition.name], source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
  }
  const brokerName = definition.brokerSynonym ?? definition.name;
  if (Object.hasOwn(brokerDefaults, definition.name)) {
    synonyms.push({ name: brokerName, value: brokerDefaults[definition.name], source: ConfigSource.STATIC_BROKER_CONFIG });
  }
  if (definition.brokerSynonym !== null) {
    synonyms.push({ name: brokerName, value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG });
  }
  const effective = synonyms[0] ?? { value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG };
  return { name: definition.name, value: effective.value, source: effective.source, type: definition.type, synonyms };
}

export function describeTopicConfigs(
  topicConfigs: Readonly<Record<string, string>>,
  brokerDefaults: Readonly<Record<string, string>>,
): DescribedConfig[] {
  return [...topicConfigDefinitions.values()].map((definition) => describeOne(definition, topicConfigs, brokerDefaults));
}
