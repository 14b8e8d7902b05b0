// `npm run bench -- --only partitions`: many partitions on one broker (default 500 topics x 100 = 50,000),
// for Apache Kafka and the built-in broker one after the other (never side by side: each gets the machine's
// memory and descriptors to itself). Measures the time to create them all, the restart time, resident
// memory and open file descriptors, and that produce and fetch work on a random sample before and after the
// restart. A broker that fails part way is recorded with the partition count it reached.
import { readdir } from 'node:fs/promises';
import type { BrokerHandle, InteropTarget } from '../e2e/fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../e2e/fixtures/built-in-broker.ts';
import { residentSetBytes } from '../e2e/fixtures/process-memory.ts';
import { startRealKafka } from '../e2e/fixtures/real-kafka.ts';
import { decodeBatchRecords } from '../broker/log/batch-records.ts';
import { buildRecordBatch } from '../broker/protocol/record-batch-builder.ts';
import { ProtocolTestClient } from '../broker/test-support/protocol-test-client.ts';
import type { Measurement } from './results-table.ts';

export interface PartitionsBenchOptions {
  topics: number;
  partitionsPerTopic: number;
  /** Partitions produced to and fetched from, chosen at random. */
  sample: number;
  targets: InteropTarget[];
}

/** Topics per CreateTopics request: 50 x 100 partitions stays under Kafka's 10,000 per request. */
const TOPICS_PER_REQUEST = 50;
const CREATE_TIMEOUT_MS = 600_000;
const LEADERS_TIMEOUT_MS = 1_200_000;
const STALL_TIMEOUT_MS = 120_000;
const RETRIABLE = new Set([3, 5, 6]); // UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

interface BrokerFigures {
  /** Process start of the empty broker until it answers: the part of the restart time no partition causes. */
  emptyStartSeconds: number;
  partitionsCreated: number;
  createSeconds: number;
  sampleSeconds: number;
  rssMb: number;
  openFds: number;
  restartSeconds: number;
  sampleAfterRestartSeconds: number;
  rssAfterRestartMb: number;
  openFdsAfterRestart: number;
  failure: string | null;
}

const topicName = (index: number) => `bench-partitions-${String(index).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const secondsSince = (startMs: number) => (Date.now() - startMs) / 1000;

async function partitionDirCount(dataDir: string): Promise<number> {
  return (await readdir(dataDir).catch(() => [])).filter((name) => /^bench-partitions-\d+-\d+$/.test(name)).length;
}

async function openFdCount(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`)).length;
}

/** Creates the topics in requests of TOPICS_PER_REQUEST; returns how many were created before any failure. */
async function createAll(client: ProtocolTestClient, options: PartitionsBenchOptions): Promise<{ topics: number; failure: string | null }> {
  for (let first = 0; first < options.topics; first += TOPICS_PER_REQUEST) {
    const names = Array.from({ length: Math.min(TOPICS_PER_REQUEST, options.topics - first) }, (_, i) => topicName(first + i));
    const response = await client.request(19, 7, {
      topics: names.map((name) => ({
        name,
        numPartitions: options.partitionsPerTopic,
        replicationFactor: 1,
        assignments: [],
        configs: [],
      })),
      timeoutMs: CREATE_TIMEOUT_MS,
      validateOnly: false,
    });
    const failed = response.topics.find((topic: { errorCode: number }) => topic.errorCode !== 0);
    if (failed !== undefined) return { topics: first, failure: `CreateTopics error ${failed.errorCode}: ${failed.errorMessage}` };
    console.error(`[bench] created ${first + names.length} topics`);
  }
  return { topics: options.topics, failure: null };
}

/**
 * Polls until every partition of the first `topics` topics has a leader in Metadata and its directory on
 * disk: Kafka's controller names leaders before the broker has made the logs, which it then makes one by one.
 */
async function waitForPartitions(client: ProtocolTestClient, dataDir: string, topics: number, partitionsPerTopic: number): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  let seen = -1;
  let lastProgressMs = Date.now();
  for (let dirs = await partitionDirCount(dataDir); dirs < topics * partitionsPerTopic; dirs = await partitionDirCount(dataDir)) {
    if (dirs > seen) {
      seen = dirs;
      lastProgressMs = Date.now();
    }
    // A broker out of file descriptors stops making partitions without failing anything: give up on it.
    if (Date.now() - lastProgressMs > STALL_TIMEOUT_MS) throw new Error(`no new partition directory for ${STALL_TIMEOUT_MS / 1000} s`);
    if (Date.now() > deadline) throw new Error('partition directories still missing');
    await sleep(500);
  }
  const requested = Array.from({ length: topics }, (_, i) => ({ topicId: ZERO_UUID, name: topicName(i) }));
  for (;;) {
    const metadata = await client.request(3, 12, {
      topics: requested,
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    const ready = metadata.topics.every(
      (topic: { errorCode: number; partitions: Array<{ errorCode: number; leaderId: number }> }) =>
        topic.errorCode === 0 &&
        topic.partitions.length === partitionsPerTopic &&
        topic.partitions.every((p) => p.errorCode === 0 && p.leaderId >= 0),
    );
    if (ready && metadata.topics.length === topics) return;
    if (Date.now() > deadline) throw new Error('partitions still without a leader');
    await sleep(200);
  }
}

/** Produces one record to each sampled partition and fetches every record back; throws on a mismatch. */
async function produceAndFetch(client: ProtocolTestClient, sample: Array<[number, number]>, round: number): Promise<void> {
  for (const [topic, partition] of sample) {
    const value = `round ${round} of ${topic}/${partition}`;
    for (let attempt = 0; ; attempt++) {
      const response = await client.request(0, 9, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 30_000,
        topicData: [{ name: topicName(topic), partitionData: [{ index: partition, records: buildRecordBatch({ records: [{ value }] }) }] }],
      });
      const errorCode = response.responses[0].partitionResponses[0].errorCode;
      if (errorCode === 0) break;
      if (!RETRIABLE.has(errorCode) || attempt >= 50) throw new Error(`produce to ${topicName(topic)}/${partition}: error ${errorCode}`);
      await sleep(100);
    }
    const fetched = await client.request(1, 4, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1024 * 1024,
      isolationLevel: 0,
      topics: [{ topic: topicName(topic), partitions: [{ partition, fetchOffset: 0n, partitionMaxBytes: 1024 * 1024 }] }],
    });
    const data = fetched.responses[0].partitions[0];
    const values = decodeAll(data.records).map((record) => record.value?.toString());
    const expected = Array.from({ length: round }, (_, i) => `round ${i + 1} of ${topic}/${partition}`);
    if (data.errorCode !== 0 || JSON.stringify(values) !== JSON.stringify(expected)) {
      throw new Error(`fetch from ${topicName(topic)}/${partition}: error ${data.errorCode}, values ${JSON.stringify(values)}`);
    }
  }
}

function decodeAll(records: Buffer | null) {
  const decoded = [];
  let position = 0;
  while (records !== null && position + 12 <= records.length) {
    const size = records.readInt32BE(position + 8) + 12;
    if (position + size > records.length) break;
    decoded.push(...(decodeBatchRecords(records.subarray(position, position + size)) ?? []));
    position += size;
  }
  return decoded;
}

function randomSample(topics: number, partitionsPerTopic: number, size: number): Array<[number, number]> {
  const chosen = new Map<string, [number, number]>();
  const wanted = Math.min(size, topics * partitionsPerTopic);
  while (chosen.size < wanted) {
    const pick: [number, number] = [Math.floor(Math.random() * topics), Math.floor(Math.random() * partitionsPerTopic)];
    chosen.set(pick.join('/'), pick);
  }
  return [...chosen.values()];
}

async function startTarget(target: InteropTarget): Promise<BrokerHandle> {
  // Kafka gets a larger heap than the throughput bench's 1 GiB: tens of thousands of partitions need it.
  if (target === 'real-kafka') return startRealKafka({ heap: { initial: '2g', max: '2g' }, startTimeoutMs: 600_000 });
  return startBuiltInBroker({ startTimeoutMs: 600_000 });
}

async function measureBroker(target: InteropTarget, options: PartitionsBenchOptions): Promise<BrokerFigures> {
  const figures: BrokerFigures = {
    emptyStartSeconds: NaN,
    partitionsCreated: 0,
    createSeconds: NaN,
    sampleSeconds: NaN,
    rssMb: NaN,
    openFds: NaN,
    restartSeconds: NaN,
    sampleAfterRestartSeconds: NaN,
    rssAfterRestartMb: NaN,
    openFdsAfterRestart: NaN,
    failure: null,
  };
  const startMs = Date.now();
  const broker = await startTarget(target);
  figures.emptyStartSeconds = secondsSince(startMs);
  let client = await ProtocolTestClient.connect(broker.port);
  try {
    const createStartMs = Date.now();
    const created = await createAll(client, options).catch((error: Error) => ({ topics: 0, failure: error.message }));
    figures.failure = created.failure;
    if (created.topics === 0) return figures;
    await waitForPartitions(client, broker.dataDir, created.topics, options.partitionsPerTopic);
    figures.createSeconds = secondsSince(createStartMs);
    figures.partitionsCreated = created.topics * options.partitionsPerTopic;
    console.error(`[bench] ${target}: ${figures.partitionsCreated} partitions in ${figures.createSeconds.toFixed(1)} s`);

    const sample = randomSample(created.topics, options.partitionsPerTopic, options.sample);
    const sampleStartMs = Date.now();
    await produceAndFetch(client, sample, 1);
    figures.sampleSeconds = secondsSince(sampleStartMs);
    figures.rssMb = (await residentSetBytes(broker.process.pid!)) / 1e6;
    figures.openFds = await openFdCount(broker.process.pid!);

    client.close();
    const restartStartMs = Date.now();
    await broker.restart();
    client = await ProtocolTestClient.connect(broker.port);
    await waitForPartitions(client, broker.dataDir, created.topics, options.partitionsPerTopic);
    figures.restartSeconds = secondsSince(restartStartMs);
    console.error(`[bench] ${target}: restarted in ${figures.restartSeconds.toFixed(1)} s`);
    const againStartMs = Date.now();
    await produceAndFetch(client, sample, 2);
    figures.sampleAfterRestartSeconds = secondsSince(againStartMs);
    figures.rssAfterRestartMb = (await residentSetBytes(broker.process.pid!)) / 1e6;
    figures.openFdsAfterRestart = await openFdCount(broker.process.pid!);
  } catch (error) {
    figures.failure = (error as Error).message.split('\n')[0].slice(0, 300);
    // How far it got: the partition directories it made (both brokers keep one per partition).
    const reached = await partitionDirCount(broker.dataDir);
    if (figures.partitionsCreated === 0) figures.partitionsCreated = reached;
    const alive = broker.process.exitCode === null && broker.process.signalCode === null;
    const fds = alive ? `, ${await openFdCount(broker.process.pid!).catch(() => NaN)} open fds` : ', broker process gone';
    figures.failure += ` (${reached} partition directories on disk${fds})`;
  } finally {
    client.close();
    await broker.stop().catch(() => broker.kill9());
  }
  return figures;
}

export async function runPartitionsBench(options: PartitionsBenchOptions): Promise<Measurement[]> {
  const total = (options.topics * options.partitionsPerTopic).toLocaleString('en-US');
  const shape = `${options.topics} topics x ${options.partitionsPerTopic} partitions`;
  const rows = {
    emptyStart: row('start with no topics (process start until it answers; Kafka: after formatting its storage)', 's', false),
    created: row(`partitions created (asked: ${total})`, 'partitions', true),
    create: row(
      `create ${shape} (${TOPICS_PER_REQUEST} topics per CreateTopics, until every partition has a leader and its directory)`,
      's',
      false,
    ),
    sample: row(`produce 1 record + fetch back, ${options.sample} random partitions, one at a time`, 's', false),
    rss: row(`broker resident memory with ${shape}`, 'MB', false),
    fds: row(`broker open file descriptors with ${shape}`, 'fds', false),
    restart: row(`restart with ${shape} (SIGTERM, start, until every partition has a leader and its directory)`, 's', false),
    sampleAfter: row(`after the restart: produce + fetch both records, same ${options.sample} partitions`, 's', false),
    rssAfter: row('broker resident memory after the restart and the sample', 'MB', false),
    fdsAfter: row('broker open file descriptors after the restart and the sample', 'fds', false),
  };
  for (const target of options.targets) {
    console.error(`[bench] ${target}: ${shape}`);
    const figures = await measureBroker(target, options).catch(
      (error: Error) => ({ failure: `did not start: ${error.message.split('\n')[0]}` }) as Partial<BrokerFigures>,
    );
    const put = (measurement: Measurement, value: number | undefined) => {
      measurement.values[target] = value === undefined || Number.isNaN(value) ? 'failed' : value;
    };
    put(rows.emptyStart, figures.emptyStartSeconds);
    put(rows.created, figures.partitionsCreated);
    put(rows.create, figures.createSeconds);
    put(rows.sample, figures.sampleSeconds);
    put(rows.rss, figures.rssMb);
    put(rows.fds, figures.openFds);
    put(rows.restart, figures.restartSeconds);
    put(rows.sampleAfter, figures.sampleAfterRestartSeconds);
    put(rows.rssAfter, figures.rssAfterRestartMb);
    put(rows.fdsAfter, figures.openFdsAfterRestart);
    if (figures.failure) rows.created.notes.push(`${target}: ${figures.failure}`);
  }
  return Object.values(rows);
}

function row(label: string, unit: string, higherIsBetter: boolean): Measurement {
  return { label, unit, higherIsBetter, values: {}, notes: [] };
}
