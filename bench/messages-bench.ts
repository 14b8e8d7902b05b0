// The console's message features under load (`npm run bench -- --only messages` runs only this):
// scan speed of a "value contains" filter over 100 B values and of a CEL expression over 1 KiB JSON values,
// and live-tail latency (produce -> viewer) p99 with 1 and 20 viewers sharing one fetch loop.
import { Admin, Producer } from '@platformatic/kafka';
import type { BrokerHandle, InteropTarget } from '../e2e/fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../e2e/fixtures/built-in-broker.ts';
import { startRealKafka } from '../e2e/fixtures/real-kafka.ts';
import { createTopics } from '../e2e/fixtures/topic-admin.ts';
import { RecordFetcher } from '../server/kafka/record-fetcher.ts';
import { compileRecordFilter } from '../server/services/messages/record-filter.ts';
import { runRecordScan } from '../server/services/messages/record-scan.ts';
import { TailHub, TailViewer } from '../server/services/messages/tail-hub.ts';
import type { Measurement } from './results-table.ts';

export interface MessagesBenchOptions {
  containsRecords: number;
  celRecords: number;
  tailMessages: number;
}

export const defaultMessagesBenchOptions: MessagesBenchOptions = { containsRecords: 300_000, celRecords: 100_000, tailMessages: 200 };

const topics = { contains: 'bench-messages-100b', cel: 'bench-messages-json-1k', tail: 'bench-messages-tail' };
/** Records per produce request: about 500 KiB, under the brokers' default max.message.bytes (1 MiB) per batch. */
const produceBatchBytes = 512 * 1024;

/** Starts each target in turn, measures it, stops it; a target that fails is noted in the table. */
export async function runMessagesSection(
  targets: InteropTarget[],
  options: MessagesBenchOptions = defaultMessagesBenchOptions,
): Promise<Measurement[]> {
  const rows = messagesBenchRows(options);
  for (const target of targets) {
    let broker: BrokerHandle | null = null;
    try {
      broker = target === 'real-kafka' ? await startRealKafka({ heap: { initial: '1g', max: '1g' } }) : await startBuiltInBroker();
      console.error(`[bench] ${target}: messages section`);
      await prepareMessagesBench(broker, options);
      const values = await runMessagesBench(broker, options);
      rows.forEach((row, index) => (row.values[target] = values[index]));
    } catch (error) {
      rows[0].notes.push(`${target} failed: ${(error as Error).message.split('\n')[0].slice(0, 300)}`);
      for (const row of rows) row.values[target] ??= 'failed';
    } finally {
      await broker?.stop();
    }
  }
  return rows;
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
    row(`console scan, value contains, ${options.containsRecords.toLocaleString('en-US')} x 100 B`, 'records/s', true),
    row(`console scan, CEL over ${options.celRecords.toLocaleString('en-US')} x 1 KiB JSON`, 'records/s', true),
    row(`live tail produce->viewer, 1 viewer, ${options.tailMessages} records`, 'p99 ms', false),
    row(`live tail produce->viewer, 20 viewers, ${options.tailMessages} records`, 'p99 ms', false),
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
  const contains = await scanRecordsPerSecond(
    broker.bootstrap,
    topics.contains,
    compileRecordFilter({ valueContains: 'needle-not-there' }),
  );
  const cel = await scanRecordsPerSecond(
    broker.bootstrap,
    topics.cel,
    compileRecordFilter({ expression: 'value.status == "failed" && value.amount > 100' }),
  );
  const oneViewer = await tailLatencyP99Ms(broker.bootstrap, 1, options.tailMessages);
  const twentyViewers = await tailLatencyP99Ms(broker.bootstrap, 20, options.tailMessages);
  return [contains, cel, oneViewer, twentyViewers];
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

async function scanRecordsPerSecond(bootstrap: string, topic: string, predicate: ReturnType<typeof compileRecordFilter>): Promise<number> {
  const fetcher = new RecordFetcher('bench', { bootstrapServers: [bootstrap] });
  try {
    const [bounds] = await fetcher.bounds(topic, [0], 'READ_UNCOMMITTED');
    const { id: topicId, leader } = await topicInfoOf(bootstrap, topic);
    const startedAtMs = performance.now();
    let scanned = 0;
    await runRecordScan(
      {
        topic: { name: topic, id: topicId },
        isolation: 'READ_UNCOMMITTED',
        direction: 'forward',
        partitions: [{ partition: 0, leader, start: bounds.logStartOffset, stop: bounds.endOffset }],
        predicate,
        bounds: { maxMatches: 1_000_000_000, maxRecords: 100_000_000, maxBytes: 64 * 1024 ** 3, maxDurationMs: 600_000 },
      },
      fetcher,
      { onMatch: () => {}, onProgress: (progress) => (scanned = progress.scanned) },
      new AbortController().signal,
    );
    return scanned / ((performance.now() - startedAtMs) / 1000);
  } finally {
    await fetcher.close();
  }
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
