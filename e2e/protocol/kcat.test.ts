// kcat (librdkafka 2.0.2) against the interop target: metadata, keyed produce, consume, offsets for times.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { runKcat } from '../fixtures/kcat.ts';
import { kcatConsumeAll, kcatProduceKeyed, recordsOfPartition } from '../fixtures/kcat-records.ts';
import { librdkafkaCrc32Partition } from '../fixtures/partitioners.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

describe('kcat', () => {
  let broker: BrokerHandle;
  const keyedTopic = uniqueTopicName('kcat-keyed');
  const timedTopic = uniqueTopicName('kcat-timed');
  const keyedLines = Array.from({ length: 40 }, (_, index) => `key-${index % 10}:value-${index}`);

  beforeAll(async () => {
    broker = await startTargetBroker();
    await createTopics(broker.bootstrap, [
      { name: keyedTopic, partitions: 3 },
      { name: timedTopic, partitions: 1 },
    ]);
  });
  afterAll(async () => {
    await broker?.stop();
  });

  test('-L lists the created topics with their partitions and the single broker', async () => {
    const result = assertSucceeded(await runKcat(['-b', broker.bootstrap, '-L', '-J']), 'kcat -L');
    const metadata = JSON.parse(result.stdout.trim().split('\n').pop()!) as {
      brokers: { id: number; name: string }[];
      topics: { topic: string; partitions: { partition: number; leader: number }[] }[];
    };
    expect(metadata.brokers).toHaveLength(1);
    expect(metadata.brokers[0].name).toBe(broker.bootstrap);
    const keyed = metadata.topics.find((topic) => topic.topic === keyedTopic);
    expect(keyed?.partitions.map((partition) => partition.partition).sort()).toEqual([0, 1, 2]);
    expect(keyed?.partitions.every((partition) => partition.leader === metadata.brokers[0].id)).toBe(true);
    expect(metadata.topics.some((topic) => topic.topic === timedTopic)).toBe(true);
  });

  test('-P with keys then -C from the beginning reads back every key and value in the crc32 partition of its key', async () => {
    await kcatProduceKeyed(broker.bootstrap, keyedTopic, keyedLines);
    const records = await kcatConsumeAll(broker.bootstrap, keyedTopic);
    expect(records).toHaveLength(keyedLines.length);
    for (const record of records) {
      expect(record.partition).toBe(librdkafkaCrc32Partition(record.key!, 3));
    }
    const consumedLines = records.map((record) => `${record.key}:${record.value}`).sort();
    expect(consumedLines).toEqual([...keyedLines].sort());
    for (const partition of [0, 1, 2]) {
      const inPartition = recordsOfPartition(records, partition);
      expect(inPartition.map((record) => record.offset)).toEqual(inPartition.map((_, index) => index));
      // Order within a partition is the order of production.
      const producedOrder = keyedLines.filter((line) => librdkafkaCrc32Partition(line.split(':')[0], 3) === partition);
      expect(inPartition.map((record) => `${record.key}:${record.value}`)).toEqual(producedOrder);
    }
  });

  test('-C from a given offset starts exactly there', async () => {
    const all = await kcatConsumeAll(broker.bootstrap, keyedTopic, { partition: 0 });
    expect(all.length).toBeGreaterThan(3);
    const fromThird = await kcatConsumeAll(broker.bootstrap, keyedTopic, { partition: 0, offset: '2' });
    expect(fromThird.map((record) => record.offset)).toEqual(all.slice(2).map((record) => record.offset));
    expect(fromThird.map((record) => record.value)).toEqual(all.slice(2).map((record) => record.value));
  });

  test('-Q returns the first offset whose timestamp is at or after the queried time', async () => {
    await kcatProduceKeyed(broker.bootstrap, timedTopic, ['a:early-1', 'a:early-2', 'a:early-3']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const boundaryMs = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await kcatProduceKeyed(broker.bootstrap, timedTopic, ['b:late-1', 'b:late-2']);
    const query = async (timestampMs: number) => {
      const result = assertSucceeded(await runKcat(['-b', broker.bootstrap, '-Q', '-t', `${timedTopic}:0:${timestampMs}`]), 'kcat -Q');
      const match = /\[0\]\s+offset\s+(-?\d+)/.exec(result.stdout);
      if (!match) throw new Error(`unexpected kcat -Q output: ${result.stdout}`);
      return Number(match[1]);
    };
    expect(await query(0)).toBe(0);
    expect(await query(boundaryMs)).toBe(3);
    // No record that late: Kafka answers -1 (kcat prints it as is).
    expect(await query(Date.now() + 3_600_000)).toBe(-1);
  });
});
