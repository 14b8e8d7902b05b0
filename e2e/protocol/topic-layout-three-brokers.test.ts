// The topic page's partition layout against a real 3-broker Apache Kafka (KRaft, from the jars on loopback):
// a replication-factor-3 topic is in sync; with one broker stopped its partitions are marked
// under-replicated; with the broker back, the marks go.
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealKafkaCluster, type RealKafkaCluster } from '../fixtures/real-kafka-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../server/test-support/test-runtime.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;
type TopicDetail = Awaited<ReturnType<Caller['topics']['get']>>;

const topic = 'layout-rf3';
const clusterId = 'built-in';

async function waitForLayout(operator: Caller, accept: (detail: TopicDetail) => boolean, timeoutMs: number): Promise<TopicDetail> {
  const deadline = Date.now() + timeoutMs;
  let last: TopicDetail | null = null;
  while (Date.now() < deadline) {
    last = await operator.topics.get({ clusterId, name: topic }).catch(() => null);
    if (last && accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the layout never matched within ${timeoutMs} ms; last: ${JSON.stringify(last?.partitions)}`);
}

describe('partition layout on a 3-broker Apache Kafka', () => {
  let cluster: RealKafkaCluster;
  let runtime: TestRuntime;
  beforeAll(async () => {
    cluster = await startRealKafkaCluster({ brokers: 3 });
    // The console's "built-in" cluster is this Kafka cluster here.
    runtime = await createTestRuntime('pglite', { kafkaBootstrap: cluster.bootstrap });
  }, 400_000);
  afterAll(async () => {
    await runtime?.close();
    await cluster?.stop();
  }, 200_000);

  it('marks partitions under-replicated while a broker is down, and clears the marks when it is back', async () => {
    const operator = await runtime.callerAs('operator');
    const limits = await operator.topics.limits({ clusterId });
    expect(limits).toMatchObject({ brokerCount: 3, maxReplicationFactor: 3 });
    await operator.topics.create({ clusterId, name: topic, partitions: 3, replicationFactor: 3 });
    const producer = new Producer({ clientId: 'layout-producer', bootstrapBrokers: [cluster.bootstrap], acks: -1 });
    try {
      await producer.send({
        messages: [0, 1, 2].flatMap((partition) =>
          Array.from({ length: 4 }, (_, index) => ({ topic, partition, value: Buffer.from(`r${index}`) })),
        ),
      });
    } finally {
      await producer.close();
    }

    // The layout converges: ISR and end offsets are read from the partition leaders, which may still be settling.
    const healthy = await waitForLayout(
      operator,
      (detail) => detail.partitions.every((partition) => partition.isr.length === 3 && partition.endOffset === 4),
      60_000,
    );
    expect(healthy.brokers.map((broker) => broker.nodeId).sort()).toEqual([1, 2, 3]);
    expect(healthy.partitions.map((partition) => [partition.replicas.length, partition.endOffset, partition.marks])).toEqual([
      [3, 4, []],
      [3, 4, []],
      [3, 4, []],
    ]);
    expect(healthy.totals).toMatchObject({ records: 12, underReplicated: 0, offline: 0 });
    expect(healthy.brokerLoads.map((load) => load.replicas)).toEqual([3, 3, 3]);
    // Every broker holds a replica of every partition, so DescribeLogDirs reports 3 copies.
    expect(Object.keys(healthy.partitions[0].replicaSizes).sort()).toEqual(['1', '2', '3']);

    const stopped = cluster.nodes[2];
    await stopped.stop();
    const degraded = await waitForLayout(
      operator,
      (detail) => detail.partitions.every((partition) => partition.marks.includes('under-replicated')),
      90_000,
    );
    expect(degraded.totals.underReplicated).toBe(3);
    expect(degraded.totals.offline).toBe(0);
    for (const partition of degraded.partitions) expect(partition.isr).not.toContain(stopped.nodeId);
    const listed = await operator.topics.list({ clusterId, search: topic });
    expect(listed.rows[0].underReplicatedPartitions).toBe(3);

    await stopped.start();
    const recovered = await waitForLayout(
      operator,
      (detail) => detail.partitions.every((partition) => partition.marks.length === 0 && partition.isr.length === 3),
      120_000,
    );
    expect(recovered.totals.underReplicated).toBe(0);
  }, 400_000);
});
