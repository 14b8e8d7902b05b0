// The broker's own configs as DescribeConfigs reports them for a BROKER resource: its fixed settings plus
// the broker-level defaults of every topic config (log.retention.ms, ...). All are static here (set at
// start); dynamic broker configs arrive with AlterConfigs.

import type { BrokerConfig } from '../config.ts';
import { ConfigSource, type DescribedConfig } from './describe-topic-configs.ts';
import { topicConfigDefinitions } from './topic-configs.ts';

export function describeBrokerConfigs(config: BrokerConfig, port: number): DescribedConfig[] {
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
  ];
  const described: DescribedConfig[] = fixed.map(([name, value, type]) => ({
    name, value, type, source: ConfigSource.STATIC_BROKER_CONFIG, synonyms: [{ name, value, source: ConfigSource.STATIC_BROKER_CONFIG }],
  }));
  const seen = new Set(described.map((entry) => entry.name));
  for (const definition of topicConfigDefinitions.values()) {
    const name = definition.brokerSynonym;
    if (name === null || seen.has(name)) continue;
    seen.add(name);
    const overridden = Object.hasOwn(config.topicConfigDefaults, definition.name);
    const value = overridden ? config.topicConfigDefaults[definition.name] : definition.defaultValue;
    const source = overridden ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
    described.push({ name, value, type: definition.type, source, synonyms: [{ name, value, source }] });
  }
  return described;
}
