// Apache Kafka's own CLI tools (4.3.1 jars): kafka-topics, console producer/consumer, kafka-get-offsets.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { consoleConsumePartition, consoleProduceKeyed, getOffsets, kafkaTopics } from '../fixtures/java-cli.ts';
import { kcatConsumeAll } from '../fixtures/kcat-records.ts';
import { javaMurmur2Partition } from '../fixtures/partitioners.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { uniqueTopicName } from '../fixtures/topic-admin.ts';

describe('Java CLI tools', () => {
  let broker: BrokerHandle;
  const topic = uniqueTopicName('java-cli');
  const lines = Array.from({ length: 24 }, (_, index) => `account-${index % 6}:payload-${index}`);
  let producedAfterMs = 0;

  beforeAll(async () => {
    broker = await startTargetBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  test('kafka-topics --create, --list and --describe show a 3-partition topic led by the single broker', async () => {
    const created = assertSucceeded(
      await kafkaTopics(broker.bootstrap, ['--create', '--topic', topic, '--partitions', '3', '--replication-factor', '1']),
      'kafka-topics --create',
    );
    expect(created.stdout).toContain(`Created topic ${topic}.`);
    const listed = assertSucceeded(await kafkaTopics(broker.bootstrap, ['--list']), 'kafka-topics --list');
    expect(listed.stdout.split('\n').map((line) => line.trim())).toContain(topic);
    const described = assertSucceeded(await kafkaTopics(broker.bootstrap, ['--describe', '--topic', topic]), 'kafka-topics --describe');
    expect(described.stdout).toMatch(new RegExp(`Topic: ${topic}\\s.*PartitionCount: 3\\s.*ReplicationFactor: 1`));
    const partitionLines = described.stdout
      .split('\n')
      .filter((line) => /\tPartition: \d/.test(line) || /^\s*Topic: .*Partition: \d/.test(line));
    expect(partitionLines).toHaveLength(3);
    for (const line of partitionLines) expect(line).toMatch(/Leader: 1\s+Replicas: 1\s+Isr: 1/);
  });

  test('kafka-topics --create with --replication-factor 2 is refused with InvalidReplicationFactorException', async () => {
    const refused = await kafkaTopics(broker.bootstrap, [
      '--create',
      '--topic',
      uniqueTopicName('java-rf2'),
      '--partitions',
      '1',
      '--replication-factor',
      '2',
    ]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('InvalidReplicationFactorException');
  });

  test('kafka-console-producer (idempotent, keyed) places keys by murmur2 and every record reads back', async () => {
    await consoleProduceKeyed(broker.bootstrap, topic, lines);
    producedAfterMs = Date.now();
    const records = await kcatConsumeAll(broker.bootstrap, topic);
    expect(records.map((record) => `${record.key}:${record.value}`).sort()).toEqual([...lines].sort());
    for (const record of records) expect(record.partition).toBe(javaMurmur2Partition(record.key!, 3));
  });

  test('kafka-console-consumer --partition --offset --max-messages reads exactly that slice without a group', async () => {
    const partition = javaMurmur2Partition('account-0', 3);
    const expected = lines.filter((line) => javaMurmur2Partition(line.split(':')[0], 3) === partition);
    expect(expected.length).toBeGreaterThan(2);
    const records = await consoleConsumePartition(broker.bootstrap, topic, partition, '1', expected.length - 1);
    expect(records.map((record) => record.offset)).toEqual(expected.slice(1).map((_, index) => index + 1));
    expect(records.map((record) => `${record.key}:${record.value}`)).toEqual(expected.slice(1));
    expect(records.every((record) => record.partition === partition)).toBe(true);
  });

  test('kafka-get-offsets reports earliest, latest and by-timestamp offsets per partition', async () => {
    const countOf = (partition: number) => lines.filter((line) => javaMurmur2Partition(line.split(':')[0], 3) === partition).length;
    const latest = await getOffsets(broker.bootstrap, topic, '-1');
    expect([...latest.entries()].sort()).toEqual([0, 1, 2].map((partition) => [partition, countOf(partition)]));
    const earliest = await getOffsets(broker.bootstrap, topic, '-2');
    expect([...earliest.values()]).toEqual([0, 0, 0]);
    // Nothing was written after producedAfterMs: GetOffsetShell prints no offset (or -1) for such partitions.
    const afterAll = await getOffsets(broker.bootstrap, topic, String(producedAfterMs + 60_000));
    expect([...afterAll.values()].every((offset) => Number.isNaN(offset) || offset === -1)).toBe(true);
    const fromZero = await getOffsets(broker.bootstrap, topic, '0');
    expect([...fromZero.values()]).toEqual([0, 0, 0]);
  });

  test('kafka-topics --delete removes the topic from --list', async () => {
    assertSucceeded(await kafkaTopics(broker.bootstrap, ['--delete', '--topic', topic]), 'kafka-topics --delete');
    const deadline = Date.now() + 15_000;
    let listed = '';
    do {
      listed = assertSucceeded(await kafkaTopics(broker.bootstrap, ['--list']), 'kafka-topics --list').stdout;
    } while (
      listed
        .split('\n')
        .map((line) => line.trim())
        .includes(topic) &&
      Date.now() < deadline
    );
    expect(listed.split('\n').map((line) => line.trim())).not.toContain(topic);
  });
});
