// Topic configs, retention, compaction, DeleteRecords and log dirs on the built-in broker, observed with
// Apache Kafka's own CLI tools (kafka-configs, kafka-get-offsets, kafka-delete-records, kafka-log-dirs)
// and kcat. The broker runs with short retention-check and cleaner intervals so background work shows
// within seconds.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { getOffsets } from '../fixtures/java-cli.ts';
import { runKafkaTool, kafkaTools } from '../fixtures/kafka-cli.ts';
import { kcatConsumeAll, kcatProduceKeyed } from '../fixtures/kcat-records.ts';
import { runPythonJson } from '../fixtures/python-script.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

const logDirsTool = 'org.apache.kafka.tools.LogDirsCommand';
const deleteRecordsTool = 'org.apache.kafka.tools.DeleteRecordsCommand';

let broker: BrokerHandle;
let scratchDir: string;

beforeAll(async () => {
  broker = await startBuiltInBroker({ args: ['--retention-check-interval-ms', '200', '--log-cleaner-backoff-ms', '200'] });
  scratchDir = await mkdtemp(path.join(tmpdir(), 'samsa-configs-'));
});
afterAll(async () => {
  await broker?.stop();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

function kafkaConfigs(args: string[]) {
  return runKafkaTool(kafkaTools.configs, ['--bootstrap-server', broker.bootstrap, ...args]);
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    value = await probe();
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Produces rounds of keyed lines far enough apart that segment.ms=100 closes a segment after each. */
async function produceRounds(topic: string, rounds: string[][]): Promise<void> {
  for (const lines of rounds) {
    await kcatProduceKeyed(broker.bootstrap, topic, lines, ['-p', '0', '-Z']);
    await sleep(250);
  }
}

describe('configs, retention and compaction through real clients', () => {
  test('kafka-configs --alter --add-config / --delete-config change what --describe shows', async () => {
    const topic = uniqueTopicName('configs');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    assertSucceeded(
      await kafkaConfigs([
        '--entity-type',
        'topics',
        '--entity-name',
        topic,
        '--alter',
        '--add-config',
        'retention.ms=3600000,cleanup.policy=[compact,delete]',
      ]),
      'kafka-configs --add-config',
    );
    let described = assertSucceeded(
      await kafkaConfigs(['--entity-type', 'topics', '--entity-name', topic, '--describe']),
      'kafka-configs --describe',
    ).stdout;
    expect(described).toMatch(/retention\.ms=3600000 sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:retention\.ms=3600000/);
    expect(described).toMatch(/cleanup\.policy=compact,delete/);
    assertSucceeded(
      await kafkaConfigs(['--entity-type', 'topics', '--entity-name', topic, '--alter', '--delete-config', 'retention.ms']),
      'kafka-configs --delete-config',
    );
    described = assertSucceeded(
      await kafkaConfigs(['--entity-type', 'topics', '--entity-name', topic, '--describe']),
      'kafka-configs --describe',
    ).stdout;
    expect(described).not.toContain('retention.ms=');
    expect(described).toContain('cleanup.policy=');
    const refused = await kafkaConfigs([
      '--entity-type',
      'topics',
      '--entity-name',
      topic,
      '--alter',
      '--add-config',
      'retention.ms=later',
    ]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('InvalidConfigurationException');
    const broker1 = await kafkaConfigs(['--entity-type', 'brokers', '--entity-name', '1', '--alter', '--add-config', 'num.partitions=3']);
    expect(broker1.exitCode).not.toBe(0);
    expect(broker1.stdout + broker1.stderr).toContain('Cannot update these configs dynamically');
  });

  test('confluent-kafka-python and kafka-python AlterConfigs replace the topic configs; bad values are refused', async () => {
    const topic = uniqueTopicName('py-configs');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1, configs: { 'segment.ms': '500000' } }]);
    type Outcome = { error: string | null; configs: Record<string, string> };
    const confluent = await runPythonJson<Outcome>('alter_topic_configs.py', [
      'confluent',
      broker.bootstrap,
      topic,
      'retention.ms=7200000',
    ]);
    expect(confluent).toEqual({ error: null, configs: { 'retention.ms': '7200000' } });
    const kafkaPython = await runPythonJson<Outcome>('alter_topic_configs.py', [
      'kafka-python',
      broker.bootstrap,
      topic,
      'cleanup.policy=compact',
      'retention.bytes=1048576',
    ]);
    expect(kafkaPython).toEqual({ error: null, configs: { 'cleanup.policy': 'compact', 'retention.bytes': '1048576' } });
    const refused = await runPythonJson<Outcome>('alter_topic_configs.py', ['confluent', broker.bootstrap, topic, 'cleanup.policy=shred']);
    expect(refused.error).toContain('INVALID_CONFIG');
    expect(refused.configs).toEqual({ 'cleanup.policy': 'compact', 'retention.bytes': '1048576' });
  });

  test('retention.ms set at runtime deletes expired segments: kafka-get-offsets sees the earliest offset move', async () => {
    const topic = uniqueTopicName('retention-time');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1, configs: { 'segment.ms': '100', 'file.delete.delay.ms': '100' } }]);
    await produceRounds(topic, [
      ['a:1', 'b:2'],
      ['c:3', 'd:4'],
      ['e:5', 'f:6'],
    ]);
    expect((await getOffsets(broker.bootstrap, topic, '-2')).get(0)).toBe(0);
    assertSucceeded(
      await kafkaConfigs(['--entity-type', 'topics', '--entity-name', topic, '--alter', '--add-config', 'retention.ms=1000']),
      'kafka-configs retention.ms',
    );
    const earliest = await waitFor(
      async () => (await getOffsets(broker.bootstrap, topic, '-2')).get(0),
      (offset) => offset === 6,
    );
    expect(earliest).toBe(6);
    expect((await getOffsets(broker.bootstrap, topic, '-1')).get(0)).toBe(6);
    expect(await kcatConsumeAll(broker.bootstrap, topic)).toEqual([]);
  });

  test('retention.bytes keeps only the newest segments that fit', async () => {
    const topic = uniqueTopicName('retention-size');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1, configs: { 'segment.ms': '100' } }]);
    await produceRounds(topic, [
      ['a:1', 'b:2'],
      ['c:3', 'd:4'],
      ['e:5', 'f:6'],
    ]);
    assertSucceeded(
      await kafkaConfigs(['--entity-type', 'topics', '--entity-name', topic, '--alter', '--add-config', 'retention.bytes=1']),
      'kafka-configs retention.bytes',
    );
    // Kafka deletes oldest segments while the rest still exceeds retention.bytes: the last round stays.
    const earliest = await waitFor(
      async () => (await getOffsets(broker.bootstrap, topic, '-2')).get(0),
      (offset) => offset === 4,
    );
    expect(earliest).toBe(4);
    expect((await kcatConsumeAll(broker.bootstrap, topic)).map((record) => `${record.key}:${record.value}`)).toEqual(['e:5', 'f:6']);
  });

  test('compaction keeps the latest value per key and, for a while, tombstones: kcat reads the result', async () => {
    const topic = uniqueTopicName('compacted');
    await createTopics(broker.bootstrap, [
      { name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.01' } },
    ]);
    await produceRounds(topic, [['k1:a', 'k2:b', 'k3:c'], ['k1:a2', 'k2:'], ['k1:a3'], ['filler:x']]);
    const compacted = await waitFor(
      () => kcatConsumeAll(broker.bootstrap, topic),
      (records) => records.length === 4,
    );
    expect(compacted.map((record) => [record.offset, record.key, record.value])).toEqual([
      [2, 'k3', 'c'],
      [4, 'k2', null],
      [5, 'k1', 'a3'],
      [6, 'filler', 'x'],
    ]);
  });

  test('tombstones disappear after delete.retention.ms', async () => {
    const topic = uniqueTopicName('tombstones');
    await createTopics(broker.bootstrap, [
      {
        name: topic,
        partitions: 1,
        configs: { 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.01', 'delete.retention.ms': '500' },
      },
    ]);
    await produceRounds(topic, [['gone:v1', 'kept:v'], ['gone:'], ['filler:x']]);
    const records = await waitFor(
      () => kcatConsumeAll(broker.bootstrap, topic),
      (found) => !found.some((record) => record.key === 'gone'),
    );
    expect(records.map((record) => `${record.key}:${record.value}`)).toEqual(['kept:v', 'filler:x']);
  });

  test('kafka-delete-records moves the earliest offset; kcat then reads from there', async () => {
    const topic = uniqueTopicName('delete-records');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    await kcatProduceKeyed(broker.bootstrap, topic, ['a:0', 'b:1', 'c:2', 'd:3', 'e:4'], ['-p', '0']);
    const offsetFile = path.join(scratchDir, `${topic}.json`);
    await writeFile(offsetFile, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, offset: 3 }] }));
    const deleted = assertSucceeded(
      await runKafkaTool(deleteRecordsTool, ['--bootstrap-server', broker.bootstrap, '--offset-json-file', offsetFile]),
      'kafka-delete-records',
    );
    expect(deleted.stdout).toMatch(/low_watermark: 3/);
    expect((await getOffsets(broker.bootstrap, topic, '-2')).get(0)).toBe(3);
    expect((await kcatConsumeAll(broker.bootstrap, topic)).map((record) => record.offset)).toEqual([3, 4]);
  });

  test('kafka-log-dirs --describe reports the data directory with the partition size', async () => {
    const topic = uniqueTopicName('log-dirs');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 2 }]);
    await kcatProduceKeyed(broker.bootstrap, topic, ['k:' + 'x'.repeat(2000)], ['-p', '1']);
    const result = assertSucceeded(
      await runKafkaTool(logDirsTool, ['--bootstrap-server', broker.bootstrap, '--describe', '--topic-list', topic]),
      'kafka-log-dirs',
    );
    const json = JSON.parse(result.stdout.split('\n').find((line) => line.startsWith('{'))!) as {
      brokers: Array<{
        broker: number;
        logDirs: Array<{ logDir: string; error: string | null; partitions: Array<{ partition: string; size: number; offsetLag: number }> }>;
      }>;
    };
    const [dir] = json.brokers[0].logDirs;
    expect(dir.logDir).toBe(broker.dataDir);
    expect(dir.error).toBeNull();
    const sizes = new Map(dir.partitions.map((partition) => [partition.partition, partition.size]));
    expect(sizes.get(`${topic}-0`)).toBe(0);
    expect(sizes.get(`${topic}-1`)).toBeGreaterThan(2000);
    expect(dir.partitions.every((partition) => partition.offsetLag === 0)).toBe(true);
  });
});
