// Crash durability: a real client (confluent-kafka-python, acks=all, no retries) produces continuously,
// the broker is killed with SIGKILL mid-stream and restarted; every acknowledged record must then be
// readable exactly once, at the offset its acknowledgement reported, in order, with no torn record.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { kcatConsumeAll, type ConsumedRecord } from '../fixtures/kcat-records.ts';
import { pythonBinary, pythonScriptsDir } from '../fixtures/repo-paths.ts';
import { runVerifiableProducer } from '../fixtures/verifiable-producer.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

const acksBeforeCrash = 3000;
const acksAfterRestart = 2000;
const maxRecords = 60_000;
const producerDeadlineS = 80;
const recordShape = /^seq-(\d+)-x{80}$/;

interface ProducerLog {
  acknowledged: Map<number, number>;
  failedCount: number;
  sentCount: number;
}

/** Runs the producer; `onAcks(n)` fires as acknowledgements arrive; `release()` tells it the restart is done. */
function runProducer(bootstrap: string, topic: string, crashAfterAcks: number, crash: () => Promise<void>): Promise<ProducerLog> {
  const script = path.join(pythonScriptsDir, 'produce_until_told.py');
  const child = spawn(pythonBinary, [script, bootstrap, topic, String(maxRecords), String(acksAfterRestart), String(producerDeadlineS)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const log: ProducerLog = { acknowledged: new Map(), failedCount: 0, sentCount: -1 };
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  let crashStarted = false;
  let crashFailure: Error | null = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [kind, seq, detail] = line.split(' ');
    if (kind === 'A') log.acknowledged.set(Number(seq), Number(detail));
    else if (kind === 'E') log.failedCount++;
    else if (kind === 'DONE') log.sentCount = Number(seq);
    if (!crashStarted && log.acknowledged.size >= crashAfterAcks) {
      crashStarted = true;
      crash().then(
        () => child.stdin.write('restarted\n'),
        (error: Error) => {
          crashFailure = error;
          child.kill('SIGKILL');
        },
      );
    }
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (crashFailure) reject(crashFailure);
      else if (code !== 0) reject(new Error(`producer exited ${code}\n${stderrTail}`));
      else if (!crashStarted) reject(new Error(`producer finished before ${crashAfterAcks} acknowledgements\n${stderrTail}`));
      else resolve(log);
    });
  });
}

function checkAgainstLog(records: ConsumedRecord[], log: ProducerLog): void {
  // Offsets contiguous from 0: nothing lost in the middle, nothing served twice.
  expect(records.map((record) => record.offset)).toEqual(records.map((_, index) => index));
  const seqs = records.map((record) => {
    const match = recordShape.exec(record.value ?? '');
    expect(match, `record at offset ${record.offset} is torn: ${String(record.value).slice(0, 60)}`).not.toBeNull();
    return Number(match![1]);
  });
  // Without retries the log holds records in send order, each at most once.
  for (let index = 1; index < seqs.length; index++) expect(seqs[index]).toBeGreaterThan(seqs[index - 1]);
  const offsetOfSeq = new Map(seqs.map((seq, offset) => [seq, offset]));
  const missing = [...log.acknowledged.keys()].filter((seq) => !offsetOfSeq.has(seq));
  expect(missing.slice(0, 10), `${missing.length} acknowledged records missing`).toEqual([]);
  const misplaced = [...log.acknowledged].filter(([seq, offset]) => offsetOfSeq.get(seq) !== offset);
  expect(misplaced.slice(0, 10), 'acknowledged offset differs from where the record was found').toEqual([]);
}

describe('durability', () => {
  let broker: BrokerHandle;
  const topic = uniqueTopicName('durability');
  const idempotentTopic = uniqueTopicName('durability-idempotent');
  let producerLog: ProducerLog;

  beforeAll(async () => {
    broker = await startTargetBroker();
    await createTopics(broker.bootstrap, [
      { name: topic, partitions: 1 },
      { name: idempotentTopic, partitions: 1 },
    ]);
  });
  afterAll(async () => {
    await broker?.stop();
  });

  test('every acknowledged record survives kill -9 mid-stream exactly once, in order, at its acknowledged offset', async () => {
    producerLog = await runProducer(broker.bootstrap, topic, acksBeforeCrash, async () => {
      await broker.kill9();
      await broker.restart();
    });
    expect(producerLog.acknowledged.size).toBeGreaterThanOrEqual(acksBeforeCrash + acksAfterRestart);
    const records = await kcatConsumeAll(broker.bootstrap, topic);
    console.info(
      `durability (${broker.target}): sent ${producerLog.sentCount}, acknowledged ${producerLog.acknowledged.size}, failed ${producerLog.failedCount}, in the log ${records.length}`,
    );
    checkAgainstLog(records, producerLog);
    // Records written but not acknowledged before the crash may be present; nothing beyond what was sent.
    expect(records.length).toBeLessThanOrEqual(producerLog.sentCount);
  });

  test('a graceful restart (SIGTERM) afterwards keeps exactly the same records', async () => {
    expect(producerLog).toBeDefined();
    const before = await kcatConsumeAll(broker.bootstrap, topic);
    await broker.restart();
    const after = await kcatConsumeAll(broker.bootstrap, topic);
    expect(after.map((record) => `${record.offset}:${record.value}`)).toEqual(before.map((record) => `${record.offset}:${record.value}`));
    checkAgainstLog(after, producerLog);
  });

  test('the idempotent Java producer retrying across kill -9 leaves every record exactly once, in order, at its acknowledged offset', async () => {
    const maxMessages = 16_000;
    const log = await runVerifiableProducer({
      bootstrap: broker.bootstrap,
      topic: idempotentTopic,
      maxMessages,
      messagesPerSecond: 2000,
      // Explicit, so the tool's own defaults cannot silently turn idempotence off.
      producerProperties: {
        'enable.idempotence': 'true',
        retries: '2147483647',
        'max.in.flight.requests.per.connection': '5',
        'delivery.timeout.ms': '90000',
        'linger.ms': '5',
      },
      onAcknowledged: {
        count: 3000,
        action: async () => {
          await broker.kill9();
          await broker.restart();
        },
      },
      timeoutMs: 110_000,
    });
    expect(log.errors).toEqual([]);
    expect(log.acknowledged.size).toBe(maxMessages);
    const records = await kcatConsumeAll(broker.bootstrap, idempotentTopic);
    // Retries after the crash must be recognised as duplicates: the log holds each record once, in send order.
    expect(records.map((record) => Number(record.value))).toEqual(records.map((_, index) => index));
    expect(records.map((record) => record.offset)).toEqual(records.map((_, index) => index));
    const misplaced = [...log.acknowledged].filter(([value, offset]) => value !== offset);
    expect(misplaced.slice(0, 10), 'acknowledged offset differs from where the record was found').toEqual([]);
  });
});
