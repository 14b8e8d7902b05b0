// `npm run broker -- --port 9092 --data-dir ./data`: runs the broker alone until SIGTERM/SIGINT.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultBrokerConfig, startBroker } from './index.ts';
import { MIN_OPEN_FILES } from './config.ts';
import { CONSUMER_GROUP_MIGRATION_POLICIES, type ConsumerGroupMigrationPolicy } from './coordinator/group-coordinator-config.ts';
import { missingBrokerNodeFlags } from './node-flags.ts';
import { crc32cImplementation } from './protocol/crc32c.ts';
import { SECURITY_FLAGS_USAGE, parseSecurityFlags, securityFlagOptions } from './security/security-flags.ts';

const usage = `Usage: npm run broker -- [--port 9092] [--data-dir ./data] [--host 127.0.0.1]
  [--auto-create-topics] [--num-partitions 1] [--max-request-bytes 104857600] [--topic-default name=value ...]
  [--max-partitions 100000] [--max-partitions-per-topic 10000] [--max-open-files N]
  [--retention-check-interval-ms 300000] [--log-cleaner-backoff-ms 15000] [--group-initial-rebalance-delay-ms 3000]
  [--group-consumer-migration-policy bidirectional|upgrade|downgrade|disabled]
${SECURITY_FLAGS_USAGE}`;

function parseFlags() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9092' },
      'data-dir': { type: 'string', default: './data' },
      host: { type: 'string', default: '127.0.0.1' },
      'auto-create-topics': { type: 'boolean', default: false },
      'num-partitions': { type: 'string', default: '1' },
      'max-request-bytes': { type: 'string', default: String(100 * 1024 * 1024) },
      'topic-default': { type: 'string', multiple: true, default: [] },
      'max-partitions': { type: 'string', default: String(defaultBrokerConfig.maxPartitions) },
      'max-partitions-per-topic': { type: 'string', default: String(defaultBrokerConfig.maxPartitionsPerTopic) },
      'max-open-files': { type: 'string', default: String(defaultBrokerConfig.maxOpenFiles) },
      'retention-check-interval-ms': { type: 'string', default: '300000' },
      'log-cleaner-backoff-ms': { type: 'string', default: '15000' },
      'group-initial-rebalance-delay-ms': { type: 'string', default: '3000' },
      'group-consumer-migration-policy': { type: 'string', default: 'bidirectional' },
      help: { type: 'boolean', default: false },
      ...securityFlagOptions,
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const integer = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got ${text}`);
    return value;
  };
  const topicConfigDefaults: Record<string, string> = {};
  for (const entry of values['topic-default']) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new Error(`--topic-default expects name=value, got ${entry}`);
    topicConfigDefaults[entry.slice(0, at)] = entry.slice(at + 1);
  }
  const migrationPolicy = values['group-consumer-migration-policy'].toLowerCase() as ConsumerGroupMigrationPolicy;
  if (!CONSUMER_GROUP_MIGRATION_POLICIES.includes(migrationPolicy)) {
    throw new Error(
      `--group-consumer-migration-policy must be one of ${CONSUMER_GROUP_MIGRATION_POLICIES.join(', ')}, got ${values['group-consumer-migration-policy']}`,
    );
  }
  return {
    host: values.host,
    groupConsumerMigrationPolicy: migrationPolicy,
    port: integer('port', values.port, 0),
    dataDir: path.resolve(values['data-dir']),
    autoCreateTopics: values['auto-create-topics'],
    defaultNumPartitions: integer('num-partitions', values['num-partitions'], 1),
    maxRequestBytes: integer('max-request-bytes', values['max-request-bytes'], 1024),
    topicConfigDefaults,
    maxPartitions: integer('max-partitions', values['max-partitions'], 1),
    maxPartitionsPerTopic: integer('max-partitions-per-topic', values['max-partitions-per-topic'], 1),
    maxOpenFiles: integer('max-open-files', values['max-open-files'], MIN_OPEN_FILES),
    ...parseSecurityFlags(values),
    groupInitialRebalanceDelayMs: integer('group-initial-rebalance-delay-ms', values['group-initial-rebalance-delay-ms'], 0),
    retentionCheckIntervalMs: integer('retention-check-interval-ms', values['retention-check-interval-ms'], 1),
    logCleanerBackoffMs: integer('log-cleaner-backoff-ms', values['log-cleaner-backoff-ms'], 1),
  };
}

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseFlags();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
  const broker = await startBroker(flags);
  // The portable CRC-32C is several times slower: say so, as it bounds produce throughput.
  if (crc32cImplementation === 'portable') console.log('Samsa broker: no native CRC-32C for this platform, using the JavaScript one');
  const missingFlags = missingBrokerNodeFlags();
  if (missingFlags.length > 0)
    console.log(
      `Samsa broker: started without node ${missingFlags.join(' ')} (npm run broker passes it): large produce requests cost more CPU`,
    );
  for (const listener of broker.listeners.slice(1))
    console.log(`Samsa broker ${listener.securityProtocol} listener on ${broker.host}:${listener.port}`);
  if (broker.metricsPort !== null) console.log(`Samsa broker metrics on http://${broker.host}:${broker.metricsPort}/metrics`);
  console.log(`Samsa broker listening on ${broker.host}:${broker.port}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: flushing and stopping\n`);
    broker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('broker failed to start:', error);
  process.exit(1);
});
