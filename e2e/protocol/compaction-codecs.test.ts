// Compaction of topics produced with snappy and lz4 (the common producer settings): the built-in broker
// decodes such batches, keeps the latest record per key and re-encodes partly kept batches with their own
// codec. Observed with kcat (librdkafka 2.0.2: raw snappy, LZ4 frames), Kafka's Java console producer
// and consumer (xerial-framed snappy, LZ4 frames with a checked header checksum) and kafka-get-offsets.
// The unit tests (broker/log/snappy-lz4-codecs.test.ts) decode batches captured from the same clients.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { consoleConsumePartition, getOffsets } from '../fixtures/java-cli.ts';
import { kafkaTools, runKafkaTool } from '../fixtures/kafka-cli.ts';
import { runKcat } from '../fixtures/kcat.ts';
import { kcatConsumeAll, type ConsumedRecord } from '../fixtures/kcat-records.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

const SNAPPY = 2;
const LZ4 = 3;
/** Repetitive values so librdkafka does not fall back to uncompressed batches. */
const value = (label: string) => `${label}-${'compressible-'.repeat(12)}`;
/** Each round becomes one batch; segment.ms=100 and a pause close a segment after each. */
const rounds = [
  [`k1:${value('k1-old')}`, `k2:${value('k2-kept')}`, `k3:${value('k3-kept')}`],
  [`k1:${value('k1-new')}`],
  [`filler:${value('filler')}`],
];
const compactedView = [
  ['k2', value('k2-kept')],
  ['k3', value('k3-kept')],
  ['k1', value('k1-new')],
  ['filler', value('filler')],
];
const compactedOffsets = [1, 2, 3, 4];

let broker: BrokerHandle;

beforeAll(async () => {
  broker = await startBuiltInBroker({ args: ['--retention-check-interval-ms', '200', '--log-cleaner-backoff-ms', '200'] });
});
afterAll(async () => {
  await broker?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createCompactedTopic(prefix: string): Promise<string> {
  const topic = uniqueTopicName(prefix);
  await createTopics(broker.bootstrap, [
    { name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.01' } },
  ]);
  return topic;
}

async function kcatProduceRound(topic: string, lines: string[], codec: string): Promise<void> {
  const result = await runKcat(
    ['-b', broker.bootstrap, '-P', '-t', topic, '-p', '0', '-K:', '-z', codec, '-X', 'acks=all', '-X', 'linger.ms=50', '-d', 'msg'],
    { stdin: lines.join('\n') + '\n' },
  );
  assertSucceeded(result, `kcat -P -z ${codec}`);
  expect(result.stderr).not.toMatch(/not compressing|Delivery failed/i);
}

async function javaProduceRound(topic: string, lines: string[], codec: string): Promise<void> {
  // ConsoleProducer sets compression.type from --compression-codec (default none), overriding --producer-property.
  const args = [
    '--bootstrap-server',
    broker.bootstrap,
    '--topic',
    topic,
    '--compression-codec',
    codec,
    '--reader-property',
    'parse.key=true',
    '--reader-property',
    'key.separator=:',
  ];
  assertSucceeded(await runKafkaTool(kafkaTools.consoleProducer, args, { stdin: lines.join('\n') + '\n' }), 'kafka-console-producer');
}

async function waitForCompaction(topic: string, timeoutMs = 20_000): Promise<ConsumedRecord[]> {
  const deadline = Date.now() + timeoutMs;
  let records = await kcatConsumeAll(broker.bootstrap, topic);
  while (records.length > compactedView.length && Date.now() < deadline) {
    await sleep(300);
    records = await kcatConsumeAll(broker.bootstrap, topic);
  }
  return records;
}

/** Compression codec ids of the non-empty batches stored in the partition's segment files. */
async function storedCodecs(topic: string): Promise<number[]> {
  const dir = path.join(broker.dataDir, `${topic}-0`);
  const codecs: number[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.log')).sort()) {
    const bytes = await readFile(path.join(dir, file));
    // Each batch advances by its declared size (at least the 61-byte header).
    for (let position = 0; position + 61 <= bytes.length; position += Math.max(61, bytes.readInt32BE(position + 8) + 12)) {
      if (bytes.readInt32BE(position + 57) > 0) codecs.push(bytes.readInt16BE(position + 21) & 0x07);
    }
  }
  return codecs;
}

describe('compaction of snappy and lz4 topics', () => {
  let lz4Topic: string;

  test('a topic written by kcat -z lz4 is compacted to the latest value per key; kcat and the Java consumer read it intact', async () => {
    lz4Topic = await createCompactedTopic('compact-lz4');
    for (const lines of rounds) {
      await kcatProduceRound(lz4Topic, lines, 'lz4');
      await sleep(250);
    }
    const records = await waitForCompaction(lz4Topic);
    expect(records.map((record) => [record.key, record.value])).toEqual(compactedView);
    expect(records.map((record) => record.offset)).toEqual(compactedOffsets);
    expect(await storedCodecs(lz4Topic)).toEqual([LZ4, LZ4, LZ4]);
    const javaRecords = await consoleConsumePartition(broker.bootstrap, lz4Topic, 0, 'earliest', compactedView.length);
    expect(javaRecords.map((record) => [record.key, record.value])).toEqual(compactedView);
    expect(javaRecords.map((record) => record.offset)).toEqual(compactedOffsets);
  });

  test('kafka-get-offsets --time finds the exact record inside a compacted lz4 batch, not the batch start', async () => {
    const records = await kcatConsumeAll(broker.bootstrap, lz4Topic);
    // The first batch (base offset 0) now starts with k2 at offset 1.
    expect(records[0].offset).toBe(1);
    expect((await getOffsets(broker.bootstrap, lz4Topic, String(records[0].timestampMs))).get(0)).toBe(1);
    expect((await getOffsets(broker.bootstrap, lz4Topic, String(records[2].timestampMs))).get(0)).toBe(records[2].offset);
  });

  test('a topic written by the Java producer with snappy is compacted; kcat and the Java consumer read it intact', async () => {
    const topic = await createCompactedTopic('compact-snappy');
    for (const lines of rounds) {
      await javaProduceRound(topic, lines, 'snappy');
      await sleep(250);
    }
    const records = await waitForCompaction(topic);
    expect(records.map((record) => [record.key, record.value])).toEqual(compactedView);
    expect(records.map((record) => record.offset)).toEqual(compactedOffsets);
    expect(await storedCodecs(topic)).toEqual([SNAPPY, SNAPPY, SNAPPY]);
    const javaRecords = await consoleConsumePartition(broker.bootstrap, topic, 0, 'earliest', compactedView.length);
    expect(javaRecords.map((record) => [record.key, record.value])).toEqual(compactedView);
  });
});
