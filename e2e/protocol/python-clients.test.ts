// confluent-kafka-python (librdkafka 2.0.2) and kafka-python 2.0.2: keyed produce with each client's
// default partitioner, then read back by assigning partitions (no consumer groups).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { javaMurmur2Partition, librdkafkaCrc32Partition } from '../fixtures/partitioners.ts';
import { runPythonJson } from '../fixtures/python-script.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

interface DeliveredRecord {
  key: string;
  value: string;
  partition: number;
  offset: number;
}

const partitionCount = 4;
const messageCount = 200;
const distinctKeys = 25;

const clients = [
  { name: 'confluent', label: 'confluent-kafka-python', expectedPartition: librdkafkaCrc32Partition, formula: 'crc32 (consistent_random)' },
  { name: 'kafka-python', label: 'kafka-python', expectedPartition: javaMurmur2Partition, formula: 'Java murmur2' },
] as const;

function sortRecords(records: DeliveredRecord[]): DeliveredRecord[] {
  return [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

describe('Python clients', () => {
  let broker: BrokerHandle;
  const topics = new Map(clients.map((client) => [client.name, uniqueTopicName(`py-${client.name}`)]));
  const delivered = new Map<string, DeliveredRecord[]>();

  beforeAll(async () => {
    broker = await startTargetBroker();
    await createTopics(
      broker.bootstrap,
      [...topics.values()].map((name) => ({ name, partitions: partitionCount })),
    );
  });
  afterAll(async () => {
    await broker?.stop();
  });

  for (const client of clients) {
    test(`${client.label} puts each key always in the same partition, the one ${client.formula} gives`, async () => {
      const topic = topics.get(client.name)!;
      const result = await runPythonJson<{ delivered: DeliveredRecord[]; errors: string[] }>('produce_keyed.py', [
        client.name,
        broker.bootstrap,
        topic,
        String(messageCount),
        String(distinctKeys),
      ]);
      expect(result.errors).toEqual([]);
      expect(result.delivered).toHaveLength(messageCount);
      const partitionsOfKey = new Map<string, Set<number>>();
      for (const record of result.delivered) {
        partitionsOfKey.set(record.key, (partitionsOfKey.get(record.key) ?? new Set()).add(record.partition));
        expect(record.partition, `key ${record.key}`).toBe(client.expectedPartition(record.key, partitionCount));
      }
      expect(partitionsOfKey.size).toBe(distinctKeys);
      expect([...partitionsOfKey.values()].every((partitions) => partitions.size === 1)).toBe(true);
      // Offsets handed out per partition are 0..n-1 with no gap or repeat.
      for (let partition = 0; partition < partitionCount; partition++) {
        const offsets = result.delivered
          .filter((record) => record.partition === partition)
          .map((record) => record.offset)
          .sort((a, b) => a - b);
        expect(offsets).toEqual(offsets.map((_, index) => index));
      }
      delivered.set(client.name, result.delivered);
    });
  }

  for (const reader of clients) {
    test(`${reader.label} reads back everything both clients produced by assigning partitions`, async () => {
      for (const producer of clients) {
        const expected = delivered.get(producer.name);
        expect(expected, `${producer.label} produced first`).toBeDefined();
        const result = await runPythonJson<{ records: DeliveredRecord[]; endOffsets: Record<string, number> }>('consume_assigned.py', [
          reader.name,
          broker.bootstrap,
          topics.get(producer.name)!,
          String(partitionCount),
        ]);
        expect(sortRecords(result.records)).toEqual(sortRecords(expected!));
        const endOffsetsTotal = Object.values(result.endOffsets).reduce((sum, offset) => sum + offset, 0);
        expect(endOffsetsTotal).toBe(messageCount);
      }
    });
  }
});
