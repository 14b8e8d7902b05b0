// Transactions with confluent-kafka-python (librdkafka 2.0.2): a transactional producer commits, aborts
// and commits; read_committed consumers see exactly the committed records, read_uncommitted ones see all.
// Then consume-transform-produce with send_offsets_to_transaction across a broker kill -9: every input
// record appears exactly once in the output (read_committed), and the group's committed offset covers all.
// The Java client: Kafka's TransactionalMessageCopier (group mode, group metadata, random aborts) copies a
// partition, and kafka-console-consumer with read_committed sees every input exactly once. kafkajs (the old
// v0/v1 transaction APIs): a committed and an aborted transaction, each with sendOffsets.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { kcatConsumeAll, kcatProduceKeyed } from '../fixtures/kcat-records.ts';
import { runPythonJson } from '../fixtures/python-script.ts';
import { pythonBinary, pythonScriptsDir } from '../fixtures/repo-paths.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';
import { kafkaTools, runKafkaTool } from '../fixtures/kafka-cli.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { Kafka, logLevel } from 'kafkajs';

const inputCount = 400;
const recordsPerTransaction = 20;
const copierDeadlineS = 100;
/** A pause inside each transaction (after producing), so the kill -9 most likely lands mid-transaction. */
const pauseInTransactionMs = 150;

interface CopierRun {
  lines: string[];
  exitCode: number | null;
}

/** Runs txn_copy.py; `onCommitted(n)` sees each commit's count of committed input records. */
function runCopier(args: string[], onCommitted: (count: number) => void): Promise<CopierRun> {
  const child = spawn(pythonBinary, [path.join(pythonScriptsDir, 'txn_copy.py'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const lines: string[] = [];
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (line.startsWith('C ')) onCommitted(Number(line.slice(2)));
  });
  const killTimer = setTimeout(() => child.kill('SIGKILL'), (copierDeadlineS + 30) * 1000);
  return new Promise((resolve) => {
    child.on('close', (exitCode) => {
      clearTimeout(killTimer);
      if (exitCode !== 0) lines.push(`stderr: ${stderrTail}`);
      resolve({ lines, exitCode });
    });
  });
}

describe('transactions with confluent-kafka-python', () => {
  let broker: BrokerHandle;

  beforeAll(async () => {
    broker = await startTargetBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  test('a read_committed consumer sees committed records once and never aborted or open ones', { timeout: 60_000 }, async () => {
    const topic = uniqueTopicName('txn-py');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const result = await runPythonJson<{ committed: string[]; uncommitted: string[] }>('txn_commit_abort.py', [
      broker.bootstrap,
      topic,
      `txn-${topic}`,
    ]);
    const expected = [...[0, 1, 2, 3, 4].map((i) => `first-${i}`), ...[0, 1, 2, 3, 4].map((i) => `second-${i}`)];
    expect(result.committed).toEqual(expected);
    expect(result.uncommitted).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `first-${i}`),
      ...[0, 1, 2, 3, 4].map((i) => `aborted-${i}`),
      ...[0, 1, 2, 3, 4].map((i) => `second-${i}`),
      'open-0',
    ]);
  });

  test('consume-transform-produce with send_offsets_to_transaction is exactly-once across a kill -9', { timeout: 170_000 }, async () => {
    const inputTopic = uniqueTopicName('txn-in');
    const outputTopic = uniqueTopicName('txn-out');
    const group = `copier-${inputTopic}`;
    await createTopics(broker.bootstrap, [
      { name: inputTopic, partitions: 1 },
      { name: outputTopic, partitions: 1 },
    ]);
    await kcatProduceKeyed(
      broker.bootstrap,
      inputTopic,
      Array.from({ length: inputCount }, (_, i) => `k:${i}`),
      ['-p', '0'],
    );

    let crash: Promise<void> | null = null;
    let restarted = false;
    let commitsAfterRestart = 0;
    const run = await runCopier(
      [
        broker.bootstrap,
        inputTopic,
        outputTopic,
        group,
        `copier-${inputTopic}`,
        String(inputCount),
        String(recordsPerTransaction),
        String(copierDeadlineS),
        String(pauseInTransactionMs),
      ],
      (committed) => {
        if (restarted) commitsAfterRestart++;
        if (crash === null && committed >= inputCount / 4) {
          crash = (async () => {
            await new Promise((resolve) => setTimeout(resolve, pauseInTransactionMs / 2));
            await broker.kill9();
            await broker.restart();
            restarted = true;
          })();
        }
      },
    );
    expect(crash).not.toBeNull();
    await crash;
    // The copier was still working when the broker came back.
    expect(commitsAfterRestart).toBeGreaterThan(0);
    expect(run.exitCode, run.lines.join('\n')).toBe(0);
    expect(run.lines.at(-1)).toBe(`DONE ${inputCount}`);

    const output = await kcatConsumeAll(broker.bootstrap, outputTopic, { extraArgs: ['-X', 'isolation.level=read_committed'] });
    const values = output.map((record) => record.value);
    expect(values).toHaveLength(inputCount);
    expect(new Set(values).size).toBe(inputCount);
    expect([...values].sort()).toEqual(Array.from({ length: inputCount }, (_, i) => `out-${i}`).sort());
  });
});

describe('transactions with the Java client', () => {
  let broker: BrokerHandle;

  beforeAll(async () => {
    broker = await startTargetBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  test('TransactionalMessageCopier with random aborts copies every record exactly once for read_committed readers', {
    timeout: 150_000,
  }, async () => {
    const inputTopic = uniqueTopicName('jtxn-in');
    const outputTopic = uniqueTopicName('jtxn-out');
    const count = 300;
    await createTopics(broker.bootstrap, [
      { name: inputTopic, partitions: 1 },
      { name: outputTopic, partitions: 1 },
    ]);
    await kcatProduceKeyed(
      broker.bootstrap,
      inputTopic,
      Array.from({ length: count }, (_, i) => `k${i}:v${i}`),
      ['-p', '0'],
    );

    const copier = await runKafkaTool(
      'org.apache.kafka.tools.TransactionalMessageCopier',
      [
        '--broker-list',
        broker.bootstrap,
        '--input-topic',
        inputTopic,
        '--input-partition',
        '0',
        '--output-topic',
        outputTopic,
        '--transactional-id',
        `copier-${inputTopic}`,
        '--consumer-group',
        `copier-${inputTopic}`,
        '--transaction-size',
        '25',
        '--max-messages',
        String(count),
        '--enable-random-aborts',
        '--group-mode',
        '--use-group-metadata',
      ],
      { timeoutMs: 90_000 },
    );
    assertSucceeded(copier, 'TransactionalMessageCopier');
    const lastStatus = copier.stdout
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { remaining?: number; copied?: number })
      .at(-1);
    expect(lastStatus?.remaining).toBe(0);

    const consumed = assertSucceeded(
      await runKafkaTool(
        kafkaTools.consoleConsumer,
        [
          '--bootstrap-server',
          broker.bootstrap,
          '--topic',
          outputTopic,
          '--from-beginning',
          '--isolation-level',
          'read_committed',
          // Reads until nothing came for this long, so duplicates past the expected count are seen too; a loaded
          // machine can take over 10 s to start the JVM consumer and join before the first record.
          '--timeout-ms',
          '20000',
          '--property',
          'print.key=true',
        ],
        { timeoutMs: 60_000 },
      ),
      'kafka-console-consumer read_committed',
    );
    const values = consumed.stdout.split('\n').filter((line) => /^k\d+\tv\d+$/.test(line));
    expect(values).toHaveLength(count);
    expect(new Set(values).size).toBe(count);
  });
});

describe('transactions with kafkajs', () => {
  let broker: BrokerHandle;

  beforeAll(async () => {
    broker = await startTargetBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  test('commits records and sendOffsets together, and an abort leaves neither', { timeout: 60_000 }, async () => {
    const topic = uniqueTopicName('kjs-txn');
    const inputTopic = uniqueTopicName('kjs-txn-in');
    const group = `kjs-${topic}`;
    await createTopics(broker.bootstrap, [
      { name: topic, partitions: 1 },
      { name: inputTopic, partitions: 1 },
    ]);
    const kafka = new Kafka({
      clientId: 'samsa-interop-kafkajs-txn',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
    });
    const producer = kafka.producer({ transactionalId: `kjs-${topic}`, maxInFlightRequests: 1, idempotent: true });
    const admin = kafka.admin();
    await producer.connect();
    await admin.connect();
    try {
      // A fresh Apache Kafka creates __consumer_offsets on first use and answers NOT_COORDINATOR meanwhile,
      // which kafkajs retries neither in sendOffsets nor in fetchOffsets: wait until the group is served.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.fetchOffsets({ groupId: group, topics: [inputTopic] });
          break;
        } catch (error) {
          if (attempt >= 40) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      const committed = await producer.transaction();
      await committed.send({ topic, messages: [{ value: 'kept-0' }, { value: 'kept-1' }] });
      await committed.sendOffsets({ consumerGroupId: group, topics: [{ topic: inputTopic, partitions: [{ partition: 0, offset: '5' }] }] });
      await committed.commit();
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [{ value: 'dropped-0' }] });
      await aborted.sendOffsets({ consumerGroupId: group, topics: [{ topic: inputTopic, partitions: [{ partition: 0, offset: '9' }] }] });
      await aborted.abort();

      const readCommitted = await kcatConsumeAll(broker.bootstrap, topic, { extraArgs: ['-X', 'isolation.level=read_committed'] });
      expect(readCommitted.map((record) => record.value)).toEqual(['kept-0', 'kept-1']);
      const offsets = await admin.fetchOffsets({ groupId: group, topics: [inputTopic] });
      expect(offsets[0].partitions[0].offset).toBe('5');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});

/** Kafka's kafka-transactions.sh (TransactionsCommand) prints a header line and whitespace-separated columns. */
function parseTransactionsTable(stdout: string): Record<string, string>[] {
  const lines = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const headerIndex = lines.findIndex((line) => line.startsWith('TransactionalId') || line.startsWith('CoordinatorId'));
  if (headerIndex < 0) return [];
  const header = lines[headerIndex].split(/\s+/);
  return lines.slice(headerIndex + 1).map((line) => Object.fromEntries(line.split(/\s+/).map((cell, index) => [header[index], cell])));
}

describe('transactions seen by kafka-transactions (TransactionsCommand)', () => {
  let broker: BrokerHandle;

  beforeAll(async () => {
    broker = await startTargetBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  test('list and describe show an ongoing transaction with its partitions, and its completion', { timeout: 30_000 }, async () => {
    const topic = uniqueTopicName('kt-txn');
    const transactionalId = `kt-${topic}`;
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 2 }]);
    const kafka = new Kafka({
      clientId: 'samsa-interop-kafka-transactions',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
    });
    const producer = kafka.producer({ transactionalId, maxInFlightRequests: 1, idempotent: true, transactionTimeout: 50_000 });
    await producer.connect();
    const tool = (args: string[]) =>
      runKafkaTool('org.apache.kafka.tools.TransactionsCommand', ['--bootstrap-server', broker.bootstrap, ...args], { timeoutMs: 30_000 });
    try {
      const transaction = await producer.transaction();
      await transaction.send({ topic, messages: [{ value: 'open', partition: 1 }] });
      const startedBefore = Date.now();

      const [listed, described] = await Promise.all([tool(['list']), tool(['describe', '--transactional-id', transactionalId])]);
      const ours = parseTransactionsTable(assertSucceeded(listed, 'kafka-transactions list').stdout).filter(
        (row) => row.TransactionalId === transactionalId,
      );
      expect(ours).toHaveLength(1);
      expect(ours[0].TransactionState).toBe('Ongoing');
      const [row] = parseTransactionsTable(assertSucceeded(described, 'kafka-transactions describe').stdout);
      expect(row).toMatchObject({
        TransactionalId: transactionalId,
        ProducerId: ours[0].ProducerId,
        TransactionState: 'Ongoing',
        TransactionTimeoutMs: '50000',
        TopicPartitions: `${topic}-1`,
      });
      expect(Number(row.CurrentTransactionStartTimeMs)).toBeLessThanOrEqual(startedBefore);
      expect(Number(row.CurrentTransactionStartTimeMs)).toBeGreaterThan(startedBefore - 20_000);

      await transaction.abort();
      const afterAbort = parseTransactionsTable(
        assertSucceeded(await tool(['describe', '--transactional-id', transactionalId]), 'kafka-transactions describe').stdout,
      );
      expect(afterAbort[0]).toMatchObject({ TransactionalId: transactionalId, TransactionState: 'CompleteAbort' });
      const unknown = await tool(['describe', '--transactional-id', `${transactionalId}-unknown`]);
      expect(unknown.exitCode).not.toBe(0);
      expect(unknown.stdout + unknown.stderr).toMatch(/failed because the ID could not be found/);
    } finally {
      await producer.disconnect();
    }
  });
});
