// Compressed batches from librdkafka (kcat -z) and the Java producer (compression.type) read back intact.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { consoleConsumePartition, consoleProduceKeyed } from '../fixtures/java-cli.ts';
import { runKcat } from '../fixtures/kcat.ts';
import { kcatConsumeAll } from '../fixtures/kcat-records.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

const codecs = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
const codecIds = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

/** The compression codec of the first stored batch (RecordBatch attributes bits 0-2), read from the log file. */
async function storedCodecId(dataDir: string, topic: string): Promise<number> {
  const log = await readFile(path.join(dataDir, `${topic}-0`, '00000000000000000000.log'));
  return log.readInt16BE(21) & 0x07;
}
/** Repetitive values compress well, so a codec that drops or mangles bytes cannot go unnoticed. */
const lines = Array.from({ length: 50 }, (_, index) => `k${index}:${`record-${index}-`.repeat(20)}`);

describe('compression', () => {
  let broker: BrokerHandle;
  const kcatTopics = new Map(codecs.map((codec) => [codec, uniqueTopicName(`kcat-${codec}`)]));
  const javaTopics = new Map(codecs.map((codec) => [codec, uniqueTopicName(`java-${codec}`)]));

  beforeAll(async () => {
    broker = await startTargetBroker();
    await createTopics(
      broker.bootstrap,
      [...kcatTopics.values(), ...javaTopics.values()].map((name) => ({ name, partitions: 1 })),
    );
  });
  afterAll(async () => {
    await broker?.stop();
  });

  for (const codec of codecs) {
    test(`kcat -z ${codec} produces compressed batches that kcat reads back intact`, async () => {
      const topic = kcatTopics.get(codec)!;
      // Debug "msg" logs reveal librdkafka silently falling back to uncompressed batches.
      const produced = await runKcat(
        ['-b', broker.bootstrap, '-P', '-t', topic, '-K:', '-z', codec, '-X', 'acks=all', '-X', 'linger.ms=50', '-d', 'msg'],
        { stdin: lines.join('\n') + '\n' },
      );
      assertSucceeded(produced, `kcat -P -z ${codec}`);
      expect(produced.stderr).not.toMatch(/not compressing|does not support compression/i);
      const records = await kcatConsumeAll(broker.bootstrap, topic);
      expect(records.map((record) => `${record.key}:${record.value}`)).toEqual(lines);
      expect(records.map((record) => record.offset)).toEqual(lines.map((_, index) => index));
      expect(await storedCodecId(broker.dataDir, topic)).toBe(codecIds[codec]);
    });
  }

  for (const codec of codecs) {
    test(`the Java producer with compression.type=${codec} writes compressed batches that kcat reads back intact`, async () => {
      const topic = javaTopics.get(codec)!;
      // The console producer sets compression.type from --compression-codec (default none), overriding --producer-property.
      await consoleProduceKeyed(broker.bootstrap, topic, lines, ['linger.ms=50'], ['--compression-codec', codec]);
      const records = await kcatConsumeAll(broker.bootstrap, topic);
      expect(records.map((record) => `${record.key}:${record.value}`)).toEqual(lines);
      expect(await storedCodecId(broker.dataDir, topic)).toBe(codecIds[codec]);
    });
  }

  test('the Java consumer decompresses what librdkafka compressed with zstd', async () => {
    const records = await consoleConsumePartition(broker.bootstrap, kcatTopics.get('zstd')!, 0, 'earliest', lines.length);
    expect(records.map((record) => `${record.key}:${record.value}`)).toEqual(lines);
  });
});
