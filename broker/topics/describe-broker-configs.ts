// The broker's own configs as DescribeConfigs reports them for a BROKER resource. For this broker ("1"):
// its fixed settings (static, read-only; the partition limits among them) plus the broker-level defaults of every topic config
// (log.retention.ms, ...), which are dynamic: per-broker > cluster default > static > Kafka's default.
// Then Kafka's other dynamic broker configs (no effect here; broker-configs.ts): per-broker > cluster default
// > Kafka's default, passwords sensitive (no value, no synonyms), as Kafka describes them.
// For the cluster default (""), like Kafka, only the dynamic cluster-wide defaults are listed.

import type { BrokerConfig } from '../config.ts';
import {
  dynamicBrokerConfigDefinitions,
  otherDynamicBrokerConfigs,
  type BrokerConfigScope,
  type DynamicBrokerConfigs,
} from './broker-configs.ts';
import { MAX_PARTITIONS_PER_REQUEST } from './partition-limits.ts';
import { ConfigSource, type ConfigSynonym, type DescribedConfig } from './describe-topic-configs.ts';

export function describeBrokerConfigs(
  config: BrokerConfig,
  port: number,
  dynamic: DynamicBrokerConfigs = { default: {}, broker: {} },
  scope: BrokerConfigScope = 'broker',
): DescribedConfig[] {
  const described: DescribedConfig[] = scope === 'broker' ? describeFixedConfigs(config, port) : [];
  const seen = new Set(described.map((entry) => entry.name));
  for (const [name, definition] of dynamicBrokerConfigDefinitions) {
    if (seen.has(name)) continue;
    if (scope === 'default' && !Object.hasOwn(dynamic.default, name)) continue;
    const synonyms: ConfigSynonym[] = [];
    if (scope === 'broker' && Object.hasOwn(dynamic.broker, name))
      synonyms.push({ name, value: dynamic.broker[name], source: ConfigSource.DYNAMIC_BROKER_CONFIG });
    if (Object.hasOwn(dynamic.default, name))
      synonyms.push({ name, value: dynamic.default[name], source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    if (Object.hasOwn(config.topicConfigDefaults, definition.name)) {
      synonyms.push({ name, value: config.topicConfigDefaults[definition.name], source: ConfigSource.STATIC_BROKER_CONFIG });
    }
    synonyms.push({ name, value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG });
    described.push({ name, value: synonyms[0].value, type: definition.type, source: synonyms[0].source, synonyms, readOnly: false });
  }
  for (const [name, definition] of otherDynamicBrokerConfigs) {
    if (seen.has(name)) continue;
    if (scope === 'default' && !Object.hasOwn(dynamic.default, name)) continue;
    const synonyms: ConfigSynonym[] = [];
    if (scope === 'broker' && Object.hasOwn(dynamic.broker, name))
      synonyms.push({ name, value: dynamic.broker[name], source: ConfigSource.DYNAMIC_BROKER_CONFIG });
    if (Object.hasOwn(dynamic.default, name))
      synonyms.push({ name, value: dynamic.default[name], source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    synonyms.push({ name, value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG });
    const sensitive = definition.type === 'password';
    described.push({
      name,
      value: sensitive ? null : synonyms[0].value,
      type: definition.type,
      source: synonyms[0].source,
      synonyms: sensitive ? [] : synonyms,
      readOnly: false,
      sensitive,
    });
  }
  return described;
}

function describeFixedConfigs(config: BrokerConfig, port: number): DescribedConfig[] {
  const fixed: Array<[string, string, DescribedConfig['type']]> = [
    ['broker.id', String(config.nodeId), 'int'],
    ['node.id', String(config.nodeId), 'int'],
    ['process.roles', 'broker,controller', 'list'],
    ['listeners', `PLAINTEXT://${config.host}:${port}`, 'string'],
    ['advertised.listeners', `PLAINTEXT://${config.host}:${port}`, 'string'],
    ['log.dirs', config.dataDir, 'string'],
    ['num.partitions', String(config.defaultNumPartitions), 'int'],
    ['default.replication.factor', '1', 'int'],
    ['auto.create.topics.enable', String(config.autoCreateTopics), 'boolean'],
    ['socket.request.max.bytes', String(config.maxRequestBytes), 'int'],
    ['log.retention.check.interval.ms', String(config.retentionCheckIntervalMs), 'long'],
    ['log.cleaner.backoff.ms', String(config.logCleanerBackoffMs), 'long'],
    // Partition limits (partition-limits.ts), so a client such as the console can check a create before sending it.
    ['max.partitions.per.topic', String(config.maxPartitionsPerTopic), 'int'],
    ['max.broker.partitions', String(config.maxPartitions), 'int'],
    ['max.partitions.per.request', String(MAX_PARTITIONS_PER_REQUEST), 'int'],
    ['max.open.files', String(config.maxOpenFiles), 'int'],
  ];
  return fixed.map(([name, value, type]) => ({
    name,
    value,
    type,
    source: ConfigSource.STATIC_BROKER_CONFIG,
    synonyms: [{ name, value, source: ConfigSource.STATIC_BROKER_CONFIG }],
    readOnly: true,
  }));
}
