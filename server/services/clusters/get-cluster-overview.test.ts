// Integration: the overview's total size (DescribeLogDirs) and in-rates against a real cluster (the built-in
// broker by default). Runs on PGlite only: the overview reads no database rows, only Kafka.
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

const recordCount = 200;
const valueBytes = 1_000;

describe('cluster overview on a real cluster', () => {
  let cluster: TestCluster;
  let runtime: TestRuntime;
  const topic = `overview-size-${Date.now().toString(36)}`;
  beforeAll(async () => {
    cluster = await startTestCluster();
    runtime = await createTestRuntime('pglite', { cluster });
  });
  afterAll(async () => {
    await runtime?.close();
    await cluster?.stop();
  });

  async function produce(count: number): Promise<void> {
    const producer = new Producer({ clientId: 'overview-test', bootstrapBrokers: [cluster.bootstrap] });
    try {
      const messages = Array.from({ length: count }, (_, index) => ({
        topic,
        partition: index % 2,
        value: Buffer.alloc(valueBytes, index % 251),
      }));
      await producer.send({ messages });
    } finally {
      await producer.close();
    }
  }

  it('reports the total size from DescribeLogDirs and the bytes in-rate between two reads', async () => {
    const operator = await runtime.callerAs('operator');
    await operator.topics.create({ clusterId: 'built-in', name: topic, partitions: 2, replicationFactor: 1 });
    const first = await operator.clusters.overview({ clusterId: 'built-in' });
    expect(first.totalSizeUnavailableReason).toBeNull();
    expect(first.totalSizeBytes).not.toBeNull();

    await produce(recordCount);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const second = await operator.clusters.overview({ clusterId: 'built-in' });
    const grewBytes = second.totalSizeBytes! - first.totalSizeBytes!;
    // Batches add headers, but the values alone are recordCount * valueBytes (uncompressed).
    expect(grewBytes).toBeGreaterThanOrEqual(recordCount * valueBytes);
    expect(grewBytes).toBeLessThan(recordCount * valueBytes * 2);
    expect(second.throughput.windowSeconds).toBeGreaterThanOrEqual(2);
    expect(second.throughput.bytesInPerSecond! * second.throughput.windowSeconds!).toBeCloseTo(grewBytes, -1);
    expect(second.bytesOutUnavailableReason).toMatch(/^Not available: the Kafka protocol does not expose it/);
    expect(second.throughputNote).not.toMatch(/needs DescribeLogDirs/);
  });

  it('shows the broker at the address other clients use, not the listener the console logs in on', async () => {
    const viewer = await runtime.callerAs('viewer');
    const overview = await viewer.clusters.overview({ clusterId: 'built-in' });
    const addresses = overview.brokers.map((broker) => `${broker.host}:${broker.port}`);
    // The built-in broker (CI's target): the console logs in on its SASL listener, clients use the PLAINTEXT port.
    if (cluster.consoleEnv.SAMSA_KAFKA_BOOTSTRAP !== cluster.bootstrap) expect(addresses).toEqual([cluster.bootstrap]);
    else expect(addresses).toContain(cluster.bootstrap);
    const builtIn = (await viewer.clusters.list()).find((summary) => summary.id === 'built-in');
    expect(builtIn?.bootstrapServers).toBe(cluster.bootstrap);
  });
});
