// Subtle behaviour compared side by side: the same scenario against the interop target and against a real
// Apache Kafka, asserting the same observable result.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { getOffsets, kafkaTopics } from '../fixtures/java-cli.ts';
import { runKcat } from '../fixtures/kcat.ts';
import { observeKeyedPlacement, type PlacementClient } from '../fixtures/keyed-placement.ts';
import { startRealKafka } from '../fixtures/real-kafka.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

/** Error type (kafkajs names Kafka's error codes) of a CreateTopics attempt, or 'NONE'. */
async function createTopicOutcome(admin: Admin, topic: string, replicationFactor: number): Promise<string> {
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor }] });
    return 'NONE';
  } catch (error) {
    const nested = (error as { errors?: { type?: string }[] }).errors;
    return nested?.[0]?.type ?? (error as { type?: string }).type ?? String(error);
  }
}

async function metadataOutcome(admin: Admin, topic: string): Promise<string> {
  try {
    await admin.fetchTopicMetadata({ topics: [topic] });
    return 'NONE';
  } catch (error) {
    return (error as { type?: string }).type ?? String(error);
  }
}

describe('same observable behaviour as Apache Kafka', () => {
  const brokers: { name: string; handle: BrokerHandle; admin: Admin }[] = [];

  beforeAll(async () => {
    const started = await Promise.allSettled([startTargetBroker(), startRealKafka()]);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      // Do not leak the broker that did start.
      for (const result of started) if (result.status === 'fulfilled') await result.value.stop();
      throw failed.reason;
    }
    const [target, reference] = started.map((result) => (result as PromiseFulfilledResult<BrokerHandle>).value);
    for (const [name, handle] of [
      ['target', target],
      ['kafka', reference],
    ] as const) {
      const admin = new Kafka({
        clientId: 'samsa-compare',
        brokers: [handle.bootstrap],
        logLevel: logLevel.NOTHING,
        retry: { retries: 2 },
      }).admin();
      await admin.connect();
      brokers.push({ name, handle, admin });
    }
  });
  afterAll(async () => {
    for (const broker of brokers) {
      await broker.admin.disconnect();
      await broker.handle.stop();
    }
  });

  async function onBoth<T>(scenario: (broker: { handle: BrokerHandle; admin: Admin }) => Promise<T>): Promise<{ target: T; kafka: T }> {
    const [target, kafka] = [await scenario(brokers[0]), await scenario(brokers[1])];
    return { target, kafka };
  }

  test('invalid topic names get the same CreateTopics error as on Kafka', async () => {
    const names = ['bad/name', 'with space', '..', 'x'.repeat(250), 'ünïcode'];
    const { target, kafka } = await onBoth(async ({ admin }) => Promise.all(names.map((name) => createTopicOutcome(admin, name, 1))));
    expect(kafka.every((outcome) => outcome !== 'NONE')).toBe(true);
    expect(target).toEqual(kafka);
  });

  test('replication factor 2 on a single broker is refused with INVALID_REPLICATION_FACTOR, like Kafka', async () => {
    const { target, kafka } = await onBoth(async ({ admin }) => createTopicOutcome(admin, uniqueTopicName('rf2'), 2));
    expect(kafka).toBe('INVALID_REPLICATION_FACTOR');
    expect(target).toBe(kafka);
  });

  test('kafka-topics --replication-factor 2 prints the same InvalidReplicationFactorException', async () => {
    const { target, kafka } = await onBoth(async ({ handle }) => {
      const result = await kafkaTopics(handle.bootstrap, [
        '--create',
        '--topic',
        uniqueTopicName('rf2cli'),
        '--partitions',
        '1',
        '--replication-factor',
        '2',
      ]);
      return {
        failed: result.exitCode !== 0,
        exception: /org\.apache\.kafka\.common\.errors\.(\w+)/.exec(result.stdout + result.stderr)?.[1],
      };
    });
    expect(kafka).toEqual({ failed: true, exception: 'InvalidReplicationFactorException' });
    expect(target).toEqual(kafka);
  });

  test('metadata for a topic that does not exist fails the same way, without creating it', async () => {
    const missing = uniqueTopicName('missing');
    const { target, kafka } = await onBoth(async ({ admin }) => ({
      outcome: await metadataOutcome(admin, missing),
      listed: (await admin.listTopics()).includes(missing),
    }));
    expect(kafka).toEqual({ outcome: 'UNKNOWN_TOPIC_OR_PARTITION', listed: false });
    expect(target).toEqual(kafka);
  });

  test('kcat producing to a topic that does not exist fails the same way as on Kafka and creates nothing', async () => {
    const missing = uniqueTopicName('kcat-missing');
    const { target, kafka } = await onBoth(async ({ handle }) => {
      const produced = await runKcat(['-b', handle.bootstrap, '-P', '-t', missing, '-X', 'message.timeout.ms=3000', '-m', '3'], {
        stdin: 'a\nb\n',
      });
      const listed = await runKcat(['-b', handle.bootstrap, '-L', '-t', missing, '-J']);
      const topics = (
        JSON.parse(listed.stdout.trim().split('\n').pop()!) as { topics: { topic: string; error?: string; partitions: unknown[] }[] }
      ).topics;
      return { exitCode: produced.exitCode, errors: produced.stderr.trim().split('\n').sort(), topics };
    });
    expect(kafka.exitCode).not.toBe(0);
    expect(kafka.topics).toEqual([{ topic: missing, error: 'Broker: Unknown topic or partition', partitions: [] }]);
    expect(target).toEqual(kafka);
  });

  test('kafka-get-offsets by timestamp gives the same offsets as Kafka for the same records', async () => {
    const topic = uniqueTopicName('offsets-by-time');
    const baseMs = Date.now() - 120_000;
    const messages = Array.from({ length: 12 }, (_, index) => ({
      key: `k${index % 2}`,
      value: `v${index}`,
      partition: index % 2,
      timestamp: String(baseMs + index * 5_000),
    }));
    // -3 = the record with the largest timestamp (ListOffsets v7+).
    const times = ['-1', '-3', String(baseMs + 22_000), String(baseMs + 3_600_000)];
    const { target, kafka } = await onBoth(async ({ handle }) => {
      await createTopics(handle.bootstrap, [{ name: topic, partitions: 2 }]);
      const producer = new Kafka({ clientId: 'samsa-compare', brokers: [handle.bootstrap], logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages });
      await producer.disconnect();
      const byTime: Record<string, [number, number][]> = {};
      for (const time of times) byTime[time] = [...(await getOffsets(handle.bootstrap, topic, time)).entries()].sort();
      return byTime;
    });
    expect(kafka['-1']).toEqual([
      [0, 6],
      [1, 6],
    ]);
    expect(target).toEqual(kafka);
  });

  for (const client of ['kcat', 'kafka-python', 'kafkajs', 'java'] as PlacementClient[]) {
    test(`${client} places keyed records in the same partitions as on Kafka`, async () => {
      const keys = Array.from({ length: 20 }, (_, index) => `user-${index}`);
      const topic = uniqueTopicName(`placement-${client}`);
      const { target, kafka } = await onBoth(async ({ handle }) => {
        await createTopics(handle.bootstrap, [{ name: topic, partitions: 5 }]);
        return observeKeyedPlacement(client, handle.bootstrap, topic, keys);
      });
      expect(Object.keys(kafka).sort()).toEqual([...keys].sort());
      expect(new Set(Object.values(kafka)).size).toBeGreaterThan(1);
      expect(target).toEqual(kafka);
    });
  }
});
