// kafkajs 2.2.4: admin (createTopics, fetchTopicMetadata, fetchTopicOffsets[ByTimestamp], deleteTopics)
// and the producer; records are read back with kcat because a kafkajs consumer needs consumer groups.
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { kcatConsumeAll } from '../fixtures/kcat-records.ts';
import { javaMurmur2Partition } from '../fixtures/partitioners.ts';
import { uniqueTopicName } from '../fixtures/topic-admin.ts';

describe('kafkajs', () => {
  let broker: BrokerHandle;
  let admin: Admin;
  let producer: Producer;
  const keyedTopic = uniqueTopicName('kafkajs-keyed');
  const timedTopic = uniqueTopicName('kafkajs-timed');
  const doomedTopic = uniqueTopicName('kafkajs-doomed');

  beforeAll(async () => {
    broker = await startTargetBroker();
    const kafka = new Kafka({
      clientId: 'samsa-interop-kafkajs',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 3 },
    });
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await admin.connect();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
  });

  test('createTopics creates topics, reports an existing one as not created, and fetchTopicMetadata shows their partitions', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: keyedTopic, numPartitions: 3, replicationFactor: 1 },
        { topic: timedTopic, numPartitions: 1, replicationFactor: 1 },
        { topic: doomedTopic, numPartitions: 2, replicationFactor: 1 },
      ],
    });
    expect(created).toBe(true);
    // kafkajs turns TOPIC_ALREADY_EXISTS into `false`.
    expect(await admin.createTopics({ topics: [{ topic: keyedTopic, numPartitions: 3 }] })).toBe(false);
    const metadata = await admin.fetchTopicMetadata({ topics: [keyedTopic, doomedTopic] });
    const partitionIds = (name: string) =>
      metadata.topics
        .find((topic) => topic.name === name)!
        .partitions.map((partition) => partition.partitionId)
        .sort();
    expect(partitionIds(keyedTopic)).toEqual([0, 1, 2]);
    expect(partitionIds(doomedTopic)).toEqual([0, 1]);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([keyedTopic, timedTopic, doomedTopic]));
  });

  test('the producer places keys by Java murmur2 and kcat reads back the same records', async () => {
    const messages = Array.from({ length: 30 }, (_, index) => ({ key: `order-${index % 7}`, value: `kafkajs-${index}` }));
    const results = await producer.send({ topic: keyedTopic, acks: -1, messages });
    expect(results.every((result) => result.errorCode === 0)).toBe(true);
    const records = await kcatConsumeAll(broker.bootstrap, keyedTopic);
    expect(records).toHaveLength(messages.length);
    for (const record of records) expect(record.partition).toBe(javaMurmur2Partition(record.key!, 3));
    expect(records.map((record) => `${record.key}=${record.value}`).sort()).toEqual(
      messages.map((message) => `${message.key}=${message.value}`).sort(),
    );
  });

  test('fetchTopicOffsets reports low and high watermarks matching what was produced', async () => {
    const offsets = await admin.fetchTopicOffsets(keyedTopic);
    expect(offsets).toHaveLength(3);
    const total = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
    expect(total).toBe(30);
    expect(offsets.every((partition) => partition.low === '0' && partition.offset === partition.high)).toBe(true);
  });

  test('fetchTopicOffsetsByTimestamp finds the first record at or after a timestamp, and the end when none is', async () => {
    const baseMs = Date.now() - 60_000;
    const messages = Array.from({ length: 5 }, (_, index) => ({ value: `t-${index}`, timestamp: String(baseMs + index * 10_000) }));
    await producer.send({ topic: timedTopic, acks: -1, messages });
    const at = async (timestampMs: number) => (await admin.fetchTopicOffsetsByTimestamp(timedTopic, timestampMs))[0].offset;
    expect(await at(baseMs)).toBe('0');
    expect(await at(baseMs + 15_000)).toBe('2');
    expect(await at(baseMs + 40_000)).toBe('4');
    // kafkajs substitutes the high watermark when the broker answers -1.
    expect(await at(baseMs + 3_600_000)).toBe('5');
    const records = await kcatConsumeAll(broker.bootstrap, timedTopic);
    expect(records.map((record) => record.timestampMs)).toEqual(messages.map((message) => Number(message.timestamp)));
  });

  test('deleteTopics removes a topic from the topic list and its metadata', async () => {
    await admin.deleteTopics({ topics: [doomedTopic], timeout: 10_000 });
    const deadline = Date.now() + 10_000;
    while ((await admin.listTopics()).includes(doomedTopic) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await admin.listTopics()).not.toContain(doomedTopic);
    expect(await admin.listTopics()).toContain(keyedTopic);
  });
});
