// Integration: the lag sampler against a real built-in broker with a real (kafkajs) consumer group, and a
// cluster that accepts connections but never answers: it becomes gaps with the reason while the healthy
// cluster keeps its samples.
import { createServer, type Server, type Socket } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusters } from '../db/schema/index.ts';
import { readGroupLagWindow, readSampleGaps, readTopicOffsetWindow } from '../lag-history/read-lag-history.ts';
import { startTestCluster, type TestCluster } from '../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { LagSampler } from './lag-sampler.ts';

let cluster: TestCluster;
let runtime: TestRuntime;
let kafka: Kafka;
const suffix = Date.now().toString(36);
const topic = `sampler-${suffix}`;
const groupId = `sampler-group-${suffix}`;
const hourAgoMs = Date.now() - 3_600_000;
const retention = { rawMs: 48 * 3_600_000, minuteMs: 30 * 86_400_000, hourMs: 365 * 86_400_000 };

async function produce(count: number, firstIndex: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (const partition of [0, 1]) {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, i) => ({
        partition,
        value: `v${firstIndex + i}`,
        timestamp: String(hourAgoMs + (firstIndex + i) * 1_000),
      })),
    });
  }
  await producer.disconnect();
}

/** A kafkajs member that reads and commits `records` records, then leaves the group. */
async function consumeAndStop(records: number): Promise<void> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500, retry: { retries: 2 } });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (seen >= records) return;
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
        if (++seen >= records) resolve();
      },
    });
  });
  await consumer.disconnect();
}

beforeAll(async () => {
  cluster = await startTestCluster();
  runtime = await createTestRuntime('pglite', { cluster });
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'sampler-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
  await admin.disconnect();
  await produce(5, 0);
  await consumeAndStop(10);
  await produce(3, 5);
}, 180_000);
afterAll(async () => {
  await runtime?.close();
  await cluster?.stop();
});

describe('lag sampler on the built-in broker', () => {
  it('samples a stopped group: lag per partition and exact time lag, then lag rising as records arrive', async () => {
    const first = await runtime.lagSampler.sampleOnce('built-in');
    expect(first.error).toBeNull();
    await produce(3, 8);
    const second = await runtime.lagSampler.sampleOnce('built-in', first.sampledAtMs + 15_000);
    expect(second.error).toBeNull();
    const window = await readGroupLagWindow(runtime.db, {
      clusterId: 'built-in',
      groupId,
      fromMs: first.sampledAtMs - 1,
      toMs: second.sampledAtMs + 1,
      resolution: 'raw',
    });
    expect(window.points).toHaveLength(2);
    const [before, after] = window.points;
    expect(before.members).toBe(0);
    // Both partitions read to 5 and committed, then 3 more records each.
    expect(before.lag).toBe(6);
    expect(after.lag).toBe(12);
    const partitions = after.topics[0].partitions;
    expect(partitions.map((p) => p.partition)).toEqual([0, 1]);
    for (const partition of partitions) {
      // The first unconsumed record was stamped about an hour ago: time lag is measured from it.
      expect(partition.timeLagMs).toBeGreaterThan(3_500_000);
      expect(partition.timeLagMs).toBeLessThan(3_700_000);
      expect(partition.committedOffset).not.toBeNull();
    }
    const topicWindow = await readTopicOffsetWindow(runtime.db, {
      clusterId: 'built-in',
      topic,
      fromMs: first.sampledAtMs - 1,
      toMs: second.sampledAtMs + 1,
      resolution: 'raw',
    });
    expect(topicWindow.points.map((p) => p.endOffsetSum)).toEqual([16, 22]);
    expect(runtime.lagSampler.latest('built-in')?.groups.find((g) => g.groupId === groupId)?.topics[0].lag).toBe(12);
  }, 120_000);

  it('stores an unresponsive cluster as gaps with the reason while the healthy cluster keeps its samples', async () => {
    // Accepts connections and never answers: every request of a round hangs until the round's timeout.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    await runtime.db.insert(clusters).values({ id: 'silent', name: `silent-${suffix}`, bootstrapServers: `127.0.0.1:${port}` });
    const sampler = new LagSampler({
      db: runtime.db,
      clusters: runtime.clusters,
      config: { intervalMs: 1_000, timeoutMs: 2_500, retention },
    });
    const rounds: { clusterId: string; error: string | null }[] = [];
    sampler.onRound((round) => rounds.push(round));
    const startMs = Date.now();
    sampler.start();
    try {
      await expect
        .poll(() => rounds.filter((r) => r.clusterId === 'built-in' && r.error === null).length, { timeout: 60_000, interval: 200 })
        .toBeGreaterThanOrEqual(3);
      await expect
        .poll(() => rounds.filter((r) => r.clusterId === 'silent').length, { timeout: 60_000, interval: 200 })
        .toBeGreaterThanOrEqual(1);
    } finally {
      await sampler.stop();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
    // The silent cluster's rounds are gaps with a reason; the built-in one was sampled meanwhile.
    expect(rounds.filter((r) => r.clusterId === 'silent').every((r) => r.error !== null)).toBe(true);
    const gaps = await readSampleGaps(runtime.db, { clusterId: 'silent', fromMs: startMs - 2_000, toMs: Date.now() + 2_000 });
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(gaps.map((gap) => gap.reason).join(' ')).toMatch(/did not answer within 2500 ms|has not finished|Cannot/);
    const window = await readGroupLagWindow(runtime.db, {
      clusterId: 'silent',
      groupId,
      fromMs: startMs - 2_000,
      toMs: Date.now(),
      resolution: 'raw',
    });
    expect(window.points).toEqual([]);
  }, 120_000);
});
