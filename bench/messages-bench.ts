// The console's message features under load (`npm run bench -- --only messages` runs only this):
// scan speed of a "value contains" filter over 100 B values and of a CEL expression over 1 KiB JSON values,
// live-tail latency (produce -> viewer) p99 with 1 and 20 viewers sharing one fetch loop, and the live tail
// under a flood (50,000 records/s from Kafka's ProducerPerformance, another process) with viewers that cannot
// keep up: the console's memory must stay flat and its event loop responsive while their skipped counts grow.
// Then the same live tail through the console's pages in Chromium, on the same broker (bench/tail-page-bench.ts).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Admin, Producer } from '@platformatic/kafka';
import type { BrokerHandle, InteropTarget } from '../e2e/fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../e2e/fixtures/built-in-broker.ts';
import { startRealKafka } from '../e2e/fixtures/real-kafka.ts';
import { createTopics } from '../e2e/fixtures/topic-admin.ts';
import { RecordFetcher } from '../server/kafka/record-fetcher.ts';
import type { RecordFilter } from '../server/services/messages/record-filter.ts';
import { ScanWorkerPool } from '../server/services/messages/scan-worker-pool.ts';
import { TailHub, TailViewer } from '../server/services/messages/tail-hub.ts';
import { maxRecordsPerEvent, viewerQueueLimit } from '../server/services/messages/tail-records.ts';
import type { Measurement } from './results-table.ts';
import { floodTopic } from './tail-flood.ts';
import { runTailPageBench, tailPageRows, type TailPageBenchOptions } from './tail-page-bench.ts';

export interface MessagesBenchOptions {
  containsRecords: number;
  celRecords: number;
  tailMessages: number;
  /** Records of the live-tail latency in Chromium pages, and the time between two of them. */
  pageTailMessages: number;
  pageTailIntervalMs: number;
  floodRecordsPerSecond: number;
  floodSeconds: number;
}

export const defaultMessagesBenchOptions: MessagesBenchOptions = {
  containsRecords: 300_000,
  celRecords: 100_000,
  tailMessages: 200,
  // 4 records/s: 20 pages then take about 1.4 of this machine's 2 cores in Chromium (BENCHMARKS.md).
  pageTailMessages: 80,
  pageTailIntervalMs: 250,
  floodRecordsPerSecond: 50_000,
  floodSeconds: 20,
};

const topics = {
  contains: 'bench-messages-100b',
  cel: 'bench-messages-json-1k',
  tail: 'bench-messages-tail',
  flood: 'bench-messages-flood',
};
/** Records per produce request: about 500 KiB, under the brokers' default max.message.bytes (1 MiB) per batch. */
const produceBatchBytes = 512 * 1024;

/** Starts each target in turn, measures it, stops it; a target that fails is noted in the table. */
export async function runMessagesSection(
  targets: InteropTarget[],
  options: MessagesBenchOptions = defaultMessagesBenchOptions,
): Promise<Measurement[]> {
  const rows = messagesBenchRows(options);
  const pageRows = tailPageRows(tailPageOptionsOf(options));
  for (const target of targets) {
    let broker: BrokerHandle | null = null;
    try {
      broker = target === 'real-kafka' ? await startRealKafka({ heap: { initial: '1g', max: '1g' } }) : await startBuiltInBroker();
      console.error(`[bench] ${target}: messages section`);
      const running = broker;
      await fillRows(rows, target, async () => {
        await prepareMessagesBench(running, options);
        return { values: await runMessagesBench(running, options), notes: [] };
      });
      console.error(`[bench] ${target}: live tail in Chromium`);
      await fillRows(pageRows, target, () => runTailPageBench(running.bootstrap, tailPageOptionsOf(options)));
    } catch (error) {
      for (const section of [rows, pageRows]) await fillRows(section, target, () => Promise.reject(error));
    } finally {
      await broker?.stop();
    }
  }
  return [...rows, ...pageRows];
}

/** Stores one target's values in the rows, or notes the failure and marks the rows not yet filled as failed. */
async function fillRows(
  rows: Measurement[],
  target: InteropTarget,
  measure: () => Promise<{ values: number[]; notes: string[] }>,
): Promise<void> {
  try {
    const { values, notes } = await measure();
    rows.forEach((row, index) => (row.values[target] = values[index]));
    rows[0].notes.push(...notes.map((note) => `${target}: ${note}`));
  } catch (error) {
    console.error(`[bench] ${target} failed: ${(error as Error).message}`);
    rows[0].notes.push(`${target} failed: ${(error as Error).message.split('\n')[0].slice(0, 300)}`);
    for (const row of rows) row.values[target] ??= 'failed';
  }
}

function tailPageOptionsOf(options: MessagesBenchOptions): TailPageBenchOptions {
  return {
    latencyRecords: options.pageTailMessages,
    latencyIntervalMs: options.pageTailIntervalMs,
    viewerCounts: [1, 20],
    floodRecordsPerSecond: options.floodRecordsPerSecond,
    floodSeconds: options.floodSeconds,
  };
}

export function messagesBenchRows(options: MessagesBenchOptions): Measurement[] {
  const row = (label: string, unit: string, higherIsBetter: boolean): Measurement => ({
    label,
    unit,
    higherIsBetter,
    values: {},
    notes: [],
  });
  return [
    row(`console scan, value contains, ${options.containsRecords.toLocaleString('en-US')} x 100 B (median of 3)`, 'records/s', true),
    row(`console scan, value contains: console event-loop delay while it runs`, 'p99 ms', false),
    row(`console scan, CEL over ${options.celRecords.toLocaleString('en-US')} x 1 KiB JSON (median of 3)`, 'records/s', true),
    row(`console scan, CEL: console event-loop delay while it runs`, 'p99 ms', false),
    row(`live tail produce->viewer, 1 viewer, ${options.tailMessages} records`, 'p99 ms', false),
    row(`live tail produce->viewer, 20 viewers, ${options.tailMessages} records`, 'p99 ms', false),
    ...floodRowLabels(options).map(([label, unit, higherIsBetter]) => row(label, unit, higherIsBetter)),
  ];
}

function floodRowLabels(options: MessagesBenchOptions): [string, string, boolean][] {
  const flood = `live tail, ${options.floodRecordsPerSecond.toLocaleString('en-US')} records/s x 100 B for ${options.floodSeconds} s, a slow and a stalled viewer`;
  return [
    [`${flood}: records/s produced`, 'records/s', true],
    [`${flood}: records skipped for the slow viewer`, 'records', true],
    [`${flood}: console heap + buffers retained (after a full GC), 2 s into the flood to its end`, 'MB change', false],
    [`${flood}: console resident memory, first to last third`, 'MB change', false],
    [`${flood}: console event-loop delay`, 'p99 ms', false],
  ];
}

export async function prepareMessagesBench(broker: BrokerHandle, options: MessagesBenchOptions): Promise<void> {
  await createTopics(
    broker.bootstrap,
    Object.values(topics).map((name) => ({ name, partitions: 1 })),
  );
  const filler = 'x'.repeat(100);
  await produce(broker.bootstrap, topics.contains, options.containsRecords, () => filler);
  await produce(broker.bootstrap, topics.cel, options.celRecords, (index) => jsonValueOf1KiB(index));
}

/** Values for each row of messagesBenchRows, on one broker. */
export async function runMessagesBench(broker: BrokerHandle, options: MessagesBenchOptions): Promise<number[]> {
  const contains = await scanRecordsPerSecond(broker.bootstrap, topics.contains, { valueContains: 'needle-not-there' });
  const cel = await scanRecordsPerSecond(broker.bootstrap, topics.cel, {
    expression: 'value.status == "failed" && value.amount > 100',
  });
  const oneViewer = await tailLatencyP99Ms(broker.bootstrap, 1, options.tailMessages);
  const twentyViewers = await tailLatencyP99Ms(broker.bootstrap, 20, options.tailMessages);
  const flood = await tailUnderFlood(broker.bootstrap, options);
  return [
    contains.recordsPerSecond,
    contains.eventLoopDelayP99Ms,
    cel.recordsPerSecond,
    cel.eventLoopDelayP99Ms,
    oneViewer,
    twentyViewers,
    flood.producedPerSecond,
    flood.skipped,
    flood.retainedGrowthMb,
    flood.residentGrowthMb,
    flood.eventLoopDelayP99Ms,
  ];
}

function jsonValueOf1KiB(index: number): string {
  const base = {
    id: index,
    status: index % 10 === 0 ? 'failed' : 'ok',
    amount: index % 1_000,
    customer: `customer-${index % 5_000}`,
    note: '',
  };
  return JSON.stringify({ ...base, note: 'n'.repeat(1024 - JSON.stringify(base).length) });
}

async function produce(bootstrap: string, topic: string, count: number, valueAt: (index: number) => string): Promise<void> {
  const producer = new Producer({ clientId: 'bench-messages', bootstrapBrokers: [bootstrap], acks: 1 });
  try {
    const perBatch = Math.max(1, Math.floor(produceBatchBytes / Buffer.byteLength(valueAt(0))));
    for (let start = 0; start < count; start += perBatch) {
      const size = Math.min(perBatch, count - start);
      await producer.send({
        messages: Array.from({ length: size }, (_, offset) => ({ topic, partition: 0, value: Buffer.from(valueAt(start + offset)) })),
      });
    }
  } finally {
    await producer.close();
  }
}

/** Scans run right after the topic was written: one unmeasured pass (JIT, page cache), then the median of three. */
/**
 * Also the p99 of the event loop's delay over the three passes: how long any other request of the console
 * (another user's page) waits while a scan runs. Scans run as the console runs them, in a worker thread
 * (ScanWorkerPool), matches coming back to this thread.
 */
async function scanRecordsPerSecond(
  bootstrap: string,
  topic: string,
  filter: RecordFilter,
): Promise<{ recordsPerSecond: number; eventLoopDelayP99Ms: number }> {
  const workers = new ScanWorkerPool({ size: 1 });
  try {
    await scanOnce(workers, bootstrap, topic, filter);
    const passes = [];
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    for (let pass = 0; pass < 3; pass++) passes.push(await scanOnce(workers, bootstrap, topic, filter));
    loopDelay.disable();
    return { recordsPerSecond: passes.sort((a, b) => a - b)[1], eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6 };
  } finally {
    await workers.close();
  }
}

async function scanOnce(workers: ScanWorkerPool, bootstrap: string, topic: string, filter: RecordFilter): Promise<number> {
  const connection = { bootstrapServers: [bootstrap] };
  const fetcher = new RecordFetcher('bench', connection);
  let bounds;
  try {
    [bounds] = await fetcher.bounds(topic, [0], 'READ_UNCOMMITTED');
  } finally {
    await fetcher.close();
  }
  const { id: topicId, leader } = await topicInfoOf(bootstrap, topic);
  const startedAtMs = performance.now();
  let scanned = 0;
  const outcome = await workers.run(
    {
      topic: { name: topic, id: topicId },
      isolation: 'READ_UNCOMMITTED',
      direction: 'forward',
      partitions: [{ partition: 0, leader, start: bounds.logStartOffset, stop: bounds.endOffset }],
      filter,
      predicate: null,
      bounds: { maxMatches: 1_000_000_000, maxRecords: 100_000_000, maxBytes: 64 * 1024 ** 3, maxDurationMs: 600_000 },
    },
    { clusterId: 'bench', connection },
    { onMatch: () => {}, onProgress: (progress) => (scanned = progress.scanned) },
    new AbortController().signal,
  );
  if (outcome.stoppedBy !== 'end') throw new Error(`The scan of ${topic} stopped by ${outcome.stoppedBy}: ${outcome.error}`);
  return scanned / ((performance.now() - startedAtMs) / 1000);
}

export interface FloodResult {
  producedPerSecond: number;
  skipped: number;
  delivered: number;
  retainedGrowthMb: number;
  residentGrowthMb: number;
  eventLoopDelayP99Ms: number;
}

/**
 * The live tail while ProducerPerformance (its own process) writes floodRecordsPerSecond into the topic. Two
 * viewers with the console's queue bound: a slow page (an event of maxRecordsPerEvent records, then 100 ms
 * before it asks again, about 2,000 records/s) and a stalled one that never reads. Memory: what is retained
 * after a full GC 2 s into the flood (once the slow viewer has skipped records) and at its end, and the resident
 * set sampled every 250 ms (median of the run's last third minus that of its first third). A queue that grew
 * with the flood would show as tens of MB: the flood writes 100 MB.
 */
async function tailUnderFlood(bootstrap: string, options: MessagesBenchOptions): Promise<FloodResult> {
  const { id: topicId, leader } = await topicInfoOf(bootstrap, topics.flood);
  const hub = new TailHub();
  const topic = {
    name: topics.flood,
    id: topicId,
    partitionCount: 1,
    replicationFactor: 1,
    partitions: [{ partition: 0, leader, replicas: [leader], isr: [leader] }],
    internal: false,
  };
  const newViewer = () => new TailViewer({ predicate: null, partitions: null, queueLimit: viewerQueueLimit });
  const slow = newViewer();
  const stalled = newViewer();
  const memberships = [
    await hub.join('bench', { bootstrapServers: [bootstrap] }, topic, 'READ_UNCOMMITTED', slow, null),
    await hub.join('bench', { bootstrapServers: [bootstrap] }, topic, 'READ_UNCOMMITTED', stalled, null),
  ];
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const samples: { atMs: number; resident: number }[] = [];
  let flooding = true;
  let retainedAtStart: number | null = null;
  let skipped = 0;
  let delivered = 0;
  const page = (async () => {
    while (flooding) {
      const batch = await slow.take(maxRecordsPerEvent, 1_000);
      // What the verb does to each batch as it goes out as an SSE event.
      JSON.stringify(batch.records);
      delivered += batch.records.length;
      if (skipped === 0 && batch.skipped > 0)
        setTimeout(() => {
          retainedAtStart = retainedBytes();
        }, 2_000);
      skipped += batch.skipped;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    samples.push({ atMs: performance.now(), resident: usage.rss });
  }, 250);
  try {
    loopDelay.enable();
    const produced = await floodTopic(bootstrap, topics.flood, options);
    loopDelay.disable();
    const retainedAtEnd = retainedBytes();
    // The JVM's start is in the samples too: the flood's thirds are counted over the whole run, which only
    // makes the first third calmer, never hides growth at the end.
    const third = Math.floor(samples.length / 3);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const growth = (pick: (sample: (typeof samples)[number]) => number) =>
      (median(samples.slice(-third).map(pick)) - median(samples.slice(0, third).map(pick))) / 1e6;
    return {
      producedPerSecond: produced.recordsPerSecond,
      skipped,
      delivered,
      retainedGrowthMb: retainedAtStart === null ? Number.NaN : (retainedAtEnd - retainedAtStart) / 1e6,
      residentGrowthMb: growth((sample) => sample.resident),
      eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    };
  } finally {
    flooding = false;
    clearInterval(sampler);
    await page;
    for (const membership of memberships) membership.leave();
    hub.close();
  }
}

/** Heap and buffers still in use after a full collection. */
function retainedBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

let gcFunction: (() => void) | null = null;
function collectGarbage(): void {
  if (!gcFunction) {
    // The bench runs without --expose-gc: V8 hands the gc() function to a new context once the flag is set.
    setFlagsFromString('--expose-gc');
    gcFunction = runInNewContext('gc') as () => void;
  }
  gcFunction();
}

async function topicInfoOf(bootstrap: string, topic: string): Promise<{ id: string; leader: number }> {
  const admin = new Admin({ clientId: 'bench-messages', bootstrapBrokers: [bootstrap] });
  try {
    const metadata = await admin.metadata({ topics: [topic] });
    const described = metadata.topics.get(topic)!;
    return { id: described.id, leader: described.partitions[0].leader };
  } finally {
    await admin.close();
  }
}

/** Records produced one at a time, 20 ms apart; each carries its send time; every viewer measures arrival. */
async function tailLatencyP99Ms(bootstrap: string, viewerCount: number, messages: number): Promise<number> {
  const { id: topicId, leader } = await topicInfoOf(bootstrap, topics.tail);
  const hub = new TailHub();
  const topic = {
    name: topics.tail,
    id: topicId,
    partitionCount: 1,
    replicationFactor: 1,
    partitions: [{ partition: 0, leader, replicas: [leader], isr: [leader] }],
    internal: false,
  };
  const viewers = Array.from({ length: viewerCount }, () => new TailViewer({ predicate: null, partitions: null, queueLimit: 10_000 }));
  const memberships = [];
  for (const viewer of viewers)
    memberships.push(await hub.join('bench', { bootstrapServers: [bootstrap] }, topic, 'READ_UNCOMMITTED', viewer, null));
  const latenciesMs: number[] = [];
  let stopped = false;
  const readers = viewers.map(async (viewer) => {
    let received = 0;
    while (received < messages && !stopped) {
      const batch = await viewer.take(1_000, 100);
      const now = Date.now();
      for (const record of batch.records) latenciesMs.push(now - Number(Buffer.from(record.value!.base64, 'base64').toString()));
      received += batch.records.length;
    }
  });
  const producer = new Producer({ clientId: 'bench-tail', bootstrapBrokers: [bootstrap], acks: 1 });
  try {
    for (let index = 0; index < messages; index++) {
      await producer.send({ messages: [{ topic: topics.tail, partition: 0, value: Buffer.from(String(Date.now())) }] });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.race([Promise.all(readers), new Promise((resolve) => setTimeout(resolve, 30_000))]);
  } finally {
    stopped = true;
    await producer.close();
    for (const membership of memberships) membership.leave();
    hub.close();
  }
  const sorted = latenciesMs.sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN;
}
