// The console's offset-reset preview against Kafka's own tool: a real Apache Kafka 4.3.1 (from the jars) and the
// built-in broker get the same topics, records with known timestamps, a DeleteRecords (log start > 0) and the
// same commits. One console has both: the built-in broker as its built-in cluster, the real Kafka added as an
// external one. For every target kind and scope the console plans the reset through tRPC (its own code path,
// over the Kafka protocol), and the command line it prints is run as `kafka-consumer-groups --reset-offsets
// ... --dry-run` on the real Kafka. The new offset of every partition must agree: the console on Kafka, the
// console on the built-in broker, and Kafka's tool.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../server/test-support/test-runtime.ts';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { runKafkaTool } from '../fixtures/kafka-cli.ts';
import { startRealKafka } from '../fixtures/real-kafka.ts';
import type { ProcessResult } from '../fixtures/run-process.ts';
import { createTopics, withAdmin } from '../fixtures/topic-admin.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;
type PreviewInput = Parameters<Caller['groups']['previewResetOffsets']>[0];
type Target = PreviewInput['target'];
type Scope = NonNullable<PreviewInput['scope']>;

const consumerGroupCommand = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
const hourMs = 3_600_000;
/** Records an hour apart, the newest 15 h ago: a duration back stays between two records however slow the run. */
const baseMs = Math.floor(Date.now() / 1000) * 1000 - 24 * hourMs;
const topic = 'orders';
const other = 'payments';
const unread = 'refunds';
/** Records per partition. */
const layout: Record<string, number[]> = { [topic]: [10, 6, 8], [other]: [5, 4], [unread]: [3] };
/** DeleteRecords before this offset of orders/0, so its log start is 3. */
const deletedBefore = 3;
const groupId = 'billing';
const otherGroupId = 'billing-replica';
/** billing: orders/0 below its log start; payments/1 never committed; refunds never committed (not in --all-topics). */
const commits: Record<string, Record<string, number[]>> = {
  [groupId]: { [topic]: [1, 4, 8], [other]: [2] },
  [otherGroupId]: { [topic]: [6, 1, 8], [other]: [5, 9] },
};
/** How many JVMs of the tool run at once (2 cores: more only queue). */
const toolConcurrency = 2;

type Offsets = Record<string, number>;

interface ResetCase {
  name: string;
  target: Target;
  scope: Scope;
}

const cases: ResetCase[] = [
  { name: 'earliest', target: { kind: 'earliest' }, scope: { kind: 'all' } },
  { name: 'latest', target: { kind: 'latest' }, scope: { kind: 'all' } },
  { name: 'timestamp between records', target: { kind: 'timestamp', timestampMs: baseMs + 4.5 * hourMs }, scope: { kind: 'all' } },
  { name: 'timestamp of a deleted record', target: { kind: 'timestamp', timestampMs: baseMs + 2 * hourMs }, scope: { kind: 'all' } },
  { name: 'timestamp before the first record', target: { kind: 'timestamp', timestampMs: baseMs - hourMs }, scope: { kind: 'all' } },
  { name: 'timestamp past the last record', target: { kind: 'timestamp', timestampMs: baseMs + 9 * hourMs + 1 }, scope: { kind: 'all' } },
  { name: 'offset below a log start', target: { kind: 'offset', offset: 2 }, scope: { kind: 'all' } },
  { name: 'offset above every end', target: { kind: 'offset', offset: 1000 }, scope: { kind: 'all' } },
  {
    name: 'offset per partition',
    target: { kind: 'offset', perPartition: { [`${topic}/0`]: 0, [`${topic}/1`]: 99, [`${topic}/2`]: 5, [`${other}/0`]: 3 } },
    scope: { kind: 'all' },
  },
  { name: 'shift forward past the end', target: { kind: 'shift', by: 3 }, scope: { kind: 'all' } },
  { name: 'shift back past the log start', target: { kind: 'shift', by: -3 }, scope: { kind: 'all' } },
  { name: 'duration back', target: { kind: 'durationBack', durationMs: Date.now() - (baseMs + 6.5 * hourMs) }, scope: { kind: 'all' } },
  { name: 'another group', target: { kind: 'group', groupId: otherGroupId }, scope: { kind: 'all' } },
  { name: 'another group, one topic', target: { kind: 'group', groupId: otherGroupId }, scope: { kind: 'topic', topic: other } },
  { name: 'one topic with an uncommitted partition', target: { kind: 'earliest' }, scope: { kind: 'topic', topic: other } },
  { name: 'one topic the group never read', target: { kind: 'latest' }, scope: { kind: 'topic', topic: unread } },
  { name: 'chosen partitions', target: { kind: 'shift', by: -3 }, scope: { kind: 'partitions', topic, partitions: [0, 2] } },
];

/** The same topics, records (timestamps included), deleted records and commits on either broker. */
async function seed(bootstrap: string): Promise<void> {
  await createTopics(
    bootstrap,
    Object.entries(layout).map(([name, counts]) => ({ name, partitions: counts.length })),
  );
  const kafka = new Kafka({ clientId: 'reset-seed', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  // Idempotent: a retried batch (a slow broker under load) must not write the records twice.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.sendBatch({
      acks: -1,
      topicMessages: Object.entries(layout).map(([name, counts]) => ({
        topic: name,
        messages: counts.flatMap((count, partition) =>
          Array.from({ length: count }, (_, index) => ({ partition, value: `r${index}`, timestamp: String(baseMs + index * hourMs) })),
        ),
      })),
    });
  } finally {
    await producer.disconnect();
  }
  // OffsetCommit straight away (AlterConsumerGroupOffsets): kafkajs's setOffsets joins the group, which takes seconds.
  const admin = new Admin({ clientId: 'reset-seed', bootstrapBrokers: [bootstrap] });
  try {
    for (const [group, byTopic] of Object.entries(commits))
      await admin.alterConsumerGroupOffsets({
        groupId: group,
        topics: Object.entries(byTopic).map(([name, offsets]) => ({
          name,
          partitionOffsets: offsets.map((offset, partition) => ({ partition, offset: BigInt(offset) })),
        })),
      });
    await admin.deleteRecords({ topics: [{ name: topic, partitions: [{ partition: 0, offset: BigInt(deletedBefore) }] }] });
  } finally {
    await admin.close();
  }
  const ends = await withAdmin(bootstrap, (kafkaAdmin) =>
    Promise.all(
      Object.keys(layout).map(async (name) =>
        (await kafkaAdmin.fetchTopicOffsets(name)).sort((a, b) => a.partition - b.partition).map((p) => Number(p.high)),
      ),
    ),
  );
  expect(ends, `end offsets on ${bootstrap}`).toEqual(Object.values(layout));
}

/** The console's preview of a case on one of its clusters. */
type Preview = (resetCase: ResetCase) => ReturnType<Caller['groups']['previewResetOffsets']>;

function previewOn(caller: Caller, clusterId: string): Preview {
  return (resetCase) => caller.groups.previewResetOffsets({ clusterId, groupId, target: resetCase.target, scope: resetCase.scope });
}

function planOffsets(plan: Awaited<ReturnType<Preview>>): Offsets {
  return sorted(plan.partitions.map((p) => [`${p.topic}/${p.partition}`, p.newOffset]));
}

/** Words of a command line as a POSIX shell splits them (plain words and '...' quoting, what the console prints). */
function shellWords(commandLine: string): string[] {
  const words: string[] = [];
  for (const match of commandLine.matchAll(/(?:[^\s']+|'[^']*')+/g)) words.push(match[0].replace(/'([^']*)'/g, '$1'));
  return words;
}

async function runTool(args: string[]): Promise<ProcessResult> {
  return runKafkaTool(consumerGroupCommand, args, { timeoutMs: 60_000 });
}

/** The NEW-OFFSET table of a --dry-run: GROUP TOPIC PARTITION NEW-OFFSET rows of `group`. */
function dryRunOffsets(result: ProcessResult, group: string): Offsets {
  if (result.exitCode !== 0) throw new Error(`kafka-consumer-groups exited ${result.exitCode}\n${result.stdout}\n${result.stderr}`);
  const rows = result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.length === 4 && cells[0] === group && /^\d+$/.test(cells[2]) && /^-?\d+$/.test(cells[3]));
  return sorted(rows.map(([, name, partition, offset]) => [`${name}/${partition}`, Number(offset)]));
}

/** Runs the command line the console printed, with its --from-file CSV written where it says offsets.csv. */
async function runConsoleCommand(plan: Awaited<ReturnType<Preview>>, workDir: string, name: string): Promise<ProcessResult> {
  const words = shellWords(plan.commandLine);
  expect(words[0]).toBe('kafka-consumer-groups.sh');
  expect(words.at(-1)).toBe('--dry-run');
  let args = words.slice(1);
  if (args.includes('offsets.csv')) {
    expect(plan.commandFile, `${name}: --from-file without a file`).not.toBeNull();
    const file = path.join(workDir, `${name.replace(/\W+/g, '-')}.csv`);
    await writeFile(file, plan.commandFile!);
    args = args.map((word) => (word === 'offsets.csv' ? file : word));
  }
  return runTool(args);
}

/** At most `limit` of the tasks at once, results in order. */
async function inPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function sorted(entries: [string, number][]): Offsets {
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

describe('offset reset preview, the same as kafka-consumer-groups --reset-offsets --dry-run', () => {
  let kafka: BrokerHandle;
  let builtIn: BrokerHandle;
  let runtime: TestRuntime;
  let onKafka: Preview;
  let onBuiltIn: Preview;
  let workDir: string;

  beforeAll(async () => {
    // One offsets partition: the first commit does not wait for Kafka to create fifty.
    [kafka, builtIn] = await Promise.all([startRealKafka({ properties: { 'offsets.topic.num.partitions': '1' } }), startBuiltInBroker()]);
    await Promise.all([seed(kafka.bootstrap), seed(builtIn.bootstrap)]);
    runtime = await createTestRuntime('pglite', { kafkaBootstrap: builtIn.bootstrap });
    const [admin, viewer] = await Promise.all([runtime.callerAs('admin'), runtime.callerAs('viewer')]);
    const { id } = await admin.clusters.create({ name: 'Apache Kafka 4.3.1', bootstrapServers: kafka.bootstrap });
    onKafka = previewOn(viewer, id);
    onBuiltIn = previewOn(viewer, 'built-in');
    workDir = await mkdtemp(path.join(tmpdir(), 'reset-dry-run-'));
  }, 180_000);
  afterAll(async () => {
    await runtime?.close();
    await kafka?.stop();
    await builtIn?.stop();
  }, 120_000);

  it('every target kind and scope: the printed command line gives the offsets of the preview, on both brokers', async () => {
    const results = await inPool(
      cases.map((resetCase) => async () => {
        const [plan, planBuiltIn] = await Promise.all([onKafka(resetCase), onBuiltIn(resetCase)]);
        const tool = dryRunOffsets(await runConsoleCommand(plan, workDir, resetCase.name), groupId);
        return { name: resetCase.name, tool, console: planOffsets(plan), builtIn: planOffsets(planBuiltIn) };
      }),
      toolConcurrency,
    );
    for (const result of results) {
      expect.soft(Object.keys(result.tool).length, `${result.name}: rows in the tool's output`).toBeGreaterThan(0);
      expect.soft(result.console, `${result.name}: the console on Kafka vs Kafka's tool`).toEqual(result.tool);
      expect.soft(result.builtIn, `${result.name}: the console on the built-in broker vs Kafka's tool`).toEqual(result.tool);
    }
  }, 120_000);

  it("targets the tool reads from a file: the raw requests, clamped by Kafka, and the other group's offsets as Kafka exports them", async () => {
    const perPartition = cases.find((resetCase) => resetCase.name === 'offset per partition')!;
    const copy = cases.find((resetCase) => resetCase.name === 'another group, one topic')!;
    const requested = (perPartition.target as Extract<Target, { kind: 'offset' }>).perPartition!;
    const rawFile = path.join(workDir, 'requested.csv');
    // The offsets as asked, below log starts and above ends: the tool clamps them itself.
    await writeFile(
      rawFile,
      Object.entries(requested)
        .map(([key, offset]) => `${key.replace(/\/(\d+)$/, ',$1')},${offset}\n`)
        .join(''),
    );
    const exportFile = path.join(workDir, 'other-group.csv');
    const [fromRaw, exported] = await Promise.all([
      runTool(['--bootstrap-server', kafka.bootstrap, '--group', groupId, '--reset-offsets', '--from-file', rawFile, '--dry-run']),
      runTool([
        ...['--bootstrap-server', kafka.bootstrap, '--group', otherGroupId, '--reset-offsets', '--to-current'],
        ...['--topic', other, '--dry-run', '--export'],
      ]),
    ]);
    expect(exported.exitCode, exported.stderr).toBe(0);
    await writeFile(exportFile, exported.stdout.trim() + '\n');
    const fromExport = await runTool([
      '--bootstrap-server',
      kafka.bootstrap,
      '--group',
      groupId,
      '--reset-offsets',
      '--from-file',
      exportFile,
      '--dry-run',
    ]);
    for (const [resetCase, result] of [
      [perPartition, fromRaw],
      [copy, fromExport],
    ] as const) {
      const tool = dryRunOffsets(result, groupId);
      expect(Object.keys(tool).length).toBeGreaterThan(0);
      expect.soft(planOffsets(await onKafka(resetCase)), `${resetCase.name}: the console on Kafka`).toEqual(tool);
      expect.soft(planOffsets(await onBuiltIn(resetCase)), `${resetCase.name}: the console on the built-in broker`).toEqual(tool);
    }
  }, 120_000);

  it('refuses a shift where the group has no committed offset, as the tool does', async () => {
    const shift: ResetCase = {
      name: 'shift an uncommitted partition',
      target: { kind: 'shift', by: 1 },
      scope: { kind: 'topic', topic: other },
    };
    const tool = await runTool([
      '--bootstrap-server',
      kafka.bootstrap,
      '--group',
      groupId,
      '--reset-offsets',
      '--shift-by',
      '1',
      '--topic',
      other,
      '--dry-run',
    ]);
    expect(tool.stdout + tool.stderr).toContain(`Cannot shift offset for partition ${other}-1 since there is no current committed offset`);
    for (const onCluster of [onKafka, onBuiltIn])
      await expect(onCluster(shift)).rejects.toThrow(`Cannot shift ${other}/1: the group has no committed offset there to shift from`);
  }, 120_000);
});
