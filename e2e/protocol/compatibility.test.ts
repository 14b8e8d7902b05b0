// Behaviours of current Kafka clients that Apache Kafka 4.3.1 shows and the built-in broker must match
// (issue 18's compatibility list), each observed with a real client. Runs against either broker
// (SAMSA_INTEROP_TARGET=real-kafka validates the expectations on Kafka itself).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { kafkaTools, runKafkaTool } from '../fixtures/kafka-cli.ts';
import { repoRoot } from '../fixtures/repo-paths.ts';
import { runPythonJson } from '../fixtures/python-script.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

let broker: BrokerHandle;

beforeAll(async () => {
  broker = await startTargetBroker();
});
afterAll(async () => {
  await broker?.stop();
});

type ProducedRecord = { index: number; offset?: number; error?: string; message?: string };

describe('per-record errors in Produce (KIP-467)', () => {
  test('a Java producer sees exactly the keyless records of a batch on a compacted topic fail as invalid', async () => {
    const topic = uniqueTopicName('keyless');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact' } }]);
    const producer = path.join(repoRoot, 'e2e/protocol/java/KeylessRecordsProducer.java');
    const result = assertSucceeded(
      await runKafkaTool(producer, [broker.bootstrap, topic, '100', '10'], { timeoutMs: 90_000 }),
      'KeylessRecordsProducer',
    );
    const records: ProducedRecord[] = result.stdout
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(100);
    const invalid = records.filter((record) => record.error === 'org.apache.kafka.common.InvalidRecordException');
    expect(invalid.map((record) => record.index)).toEqual([9, 19, 29, 39, 49, 59, 69, 79, 89, 99]);
    expect(invalid[0].message).toBe(`Compacted topic cannot accept message without key in topic partition ${topic}-0`);
    // Kafka refuses the whole batch: the other 90 fail because of their neighbours, and nothing is written.
    const others = records.filter((record) => record.error !== 'org.apache.kafka.common.InvalidRecordException');
    expect(others).toHaveLength(90);
    for (const record of others) {
      expect(record.offset).toBeUndefined();
      expect(record.message).toMatch(/part of a batch which had one more more invalid records/);
    }
  });
});

describe('configs Kafka accepts: dynamic broker configs and GROUP resources', () => {
  const kafkaConfigs = async (args: string[]) =>
    assertSucceeded(
      await runKafkaTool(kafkaTools.configs, ['--bootstrap-server', broker.bootstrap, ...args]),
      `kafka-configs ${args.join(' ')}`,
    ).stdout;

  test('kafka-configs sets and describes sasl.kerberos.min.time.before.relogin on broker 1', async () => {
    const brokers = ['--entity-type', 'brokers', '--entity-name', '1'];
    await kafkaConfigs(['--alter', ...brokers, '--add-config', 'sasl.kerberos.min.time.before.relogin=120000']);
    const described = await kafkaConfigs(['--describe', ...brokers]);
    expect(described).toMatch(
      /sasl\.kerberos\.min\.time\.before\.relogin=120000 sensitive=false synonyms=\{DYNAMIC_BROKER_CONFIG:sasl\.kerberos\.min\.time\.before\.relogin=120000/,
    );
    await kafkaConfigs(['--alter', ...brokers, '--delete-config', 'sasl.kerberos.min.time.before.relogin']);
  });

  test('kafka-configs sets, describes and refuses group configs as Kafka does', async () => {
    const group = ['--entity-type', 'groups', '--entity-name', uniqueTopicName('configured-group')];
    await kafkaConfigs(['--alter', ...group, '--add-config', 'consumer.session.timeout.ms=50000']);
    expect(await kafkaConfigs(['--describe', ...group])).toContain('consumer.session.timeout.ms=50000');
    const refused = await runKafkaTool(kafkaTools.configs, [
      '--bootstrap-server',
      broker.bootstrap,
      '--alter',
      ...group,
      '--add-config',
      'consumer.heartbeat.interval.ms=60000',
    ]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain(
      'consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms',
    );
  });
});

describe('static membership', () => {
  test('a static leader (librdkafka, JoinGroup v5) that restarts gets its partitions back and the other member sees no rebalance', async () => {
    const topic = uniqueTopicName('static');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 4 }]);
    const result = await runPythonJson<{
      before: { leader: number[]; follower: number[] };
      restartedLeader: number[];
      followerEventsAfterRestart: unknown[];
    }>('static_member_restart.py', [broker.bootstrap, topic, uniqueTopicName('static-group')], { timeoutMs: 150_000 });
    expect(result.before.leader).toHaveLength(2);
    expect(result.before.follower).toHaveLength(2);
    expect(result.restartedLeader).toEqual(result.before.leader);
    expect(result.followerEventsAfterRestart).toEqual([]);
  });
});
