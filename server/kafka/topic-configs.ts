// A topic's configs as the cluster describes them (DescribeConfigs with synonyms): value, source, the value
// it would have without a topic override, sensitivity and type. Works the same on any Kafka.
import { ConfigResourceTypes, ConfigSources, ConfigTypes, type ConfigSourceValue, type ConfigTypeValue } from '@platformatic/kafka';
import type { ClusterClient } from './cluster-client.ts';

export type ConfigSourceName = 'topic override' | 'dynamic broker' | 'dynamic broker default' | 'static broker' | 'default' | 'unknown';

export interface DescribedTopicConfig {
  name: string;
  /** null for sensitive values (the cluster does not send them) and for unset ones. */
  value: string | null;
  source: ConfigSourceName;
  /** What the value is when the topic override is removed (the first non-topic synonym); null if unknown. */
  defaultValue: string | null;
  defaultSource: ConfigSourceName | null;
  readOnly: boolean;
  sensitive: boolean;
  type: ConfigTypeName;
  /** The cluster's own documentation string, when it sends one. */
  documentation: string | null;
}

export type ConfigTypeName = 'boolean' | 'string' | 'int' | 'short' | 'long' | 'double' | 'list' | 'class' | 'password' | 'unknown';

const sourceNames = new Map<ConfigSourceValue, ConfigSourceName>([
  [ConfigSources.DYNAMIC_TOPIC_CONFIG, 'topic override'],
  [ConfigSources.DYNAMIC_BROKER_CONFIG, 'dynamic broker'],
  [ConfigSources.DYNAMIC_DEFAULT_BROKER_CONFIG, 'dynamic broker default'],
  [ConfigSources.STATIC_BROKER_CONFIG, 'static broker'],
  [ConfigSources.DEFAULT_CONFIG, 'default'],
]);

const typeNames = new Map<ConfigTypeValue, ConfigTypeName>([
  [ConfigTypes.BOOLEAN, 'boolean'],
  [ConfigTypes.STRING, 'string'],
  [ConfigTypes.INT, 'int'],
  [ConfigTypes.SHORT, 'short'],
  [ConfigTypes.LONG, 'long'],
  [ConfigTypes.DOUBLE, 'double'],
  [ConfigTypes.LIST, 'list'],
  [ConfigTypes.CLASS, 'class'],
  [ConfigTypes.PASSWORD, 'password'],
]);

export function configSourceName(source: number): ConfigSourceName {
  return sourceNames.get(source as ConfigSourceValue) ?? 'unknown';
}

export async function describeTopicConfigs(client: ClusterClient, topic: string): Promise<DescribedTopicConfig[]> {
  const [description] = await client.call(`describe configs of ${topic}`, () =>
    client.admin.describeConfigs({
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: null }],
      includeSynonyms: true,
      includeDocumentation: true,
    }),
  );
  return (description?.configs ?? []).map((config) => {
    const fallback = config.synonyms.find((synonym) => synonym.source !== ConfigSources.DYNAMIC_TOPIC_CONFIG);
    const overridden = config.configSource === ConfigSources.DYNAMIC_TOPIC_CONFIG;
    return {
      name: config.name,
      value: config.isSensitive ? null : (config.value ?? null),
      source: configSourceName(config.configSource),
      defaultValue: config.isSensitive ? null : overridden ? synonymValueInUnitsOf(config.name, fallback) : (config.value ?? null),
      defaultSource: overridden ? (fallback ? configSourceName(fallback.source) : null) : configSourceName(config.configSource),
      readOnly: config.readOnly,
      sensitive: config.isSensitive,
      type: typeNames.get(config.configType) ?? 'unknown',
      documentation: config.documentation ?? null,
    };
  });
}

/** One broker's configs as name -> value (sensitive ones left out), e.g. to read limits such as num.partitions. */
export async function describeBrokerConfigValues(client: ClusterClient, brokerId: number): Promise<Map<string, string>> {
  const [description] = await client.call(`describe configs of broker ${brokerId}`, () =>
    client.admin.describeConfigs({
      resources: [{ resourceType: ConfigResourceTypes.BROKER, resourceName: String(brokerId), configurationKeys: null }],
    }),
  );
  const values = new Map<string, string>();
  for (const config of description?.configs ?? [])
    if (!config.isSensitive && typeof config.value === 'string') values.set(config.name, config.value);
  return values;
}

/**
 * Kafka names a topic config's broker synonyms in other units (retention.ms <- log.retention.hours = 168), so a
 * synonym's value is converted to the unit of the topic config it stands for.
 */
export function synonymValueInUnitsOf(configName: string, synonym: { name: string; value?: string | null } | undefined): string | null {
  if (!synonym || synonym.value === null || synonym.value === undefined) return null;
  if (!configName.endsWith('.ms') || !/^-?\d+$/.test(synonym.value)) return synonym.value;
  const factor = synonym.name.endsWith('.hours') ? 3_600_000n : synonym.name.endsWith('.minutes') ? 60_000n : 1n;
  const value = BigInt(synonym.value);
  // -1 (unlimited) stays -1 in every unit.
  return value < 0n ? synonym.value : String(value * factor);
}
