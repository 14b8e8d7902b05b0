import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker();
  client = await fixture.connect();
  const created = await client.request(19, 7, {
    topics: [{ name: 'epochs', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(created.topics[0].errorCode).toBe(0);
});
afterAll(async () => fixture.stop());

async function produce(partition: number, batch: Buffer) {
  const response = await client.request(0, 9, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: 'epochs', partitionData: [{ index: partition, records: batch }] }],
  });
  expect(response.responses[0].partitionResponses[0].errorCode).toBe(0);
}

const offsetForEpoch = (
  version: number,
  partitions: Array<{ partition: number; leaderEpoch: number; currentLeaderEpoch?: number }>,
  topic = 'epochs',
) =>
  client.request(23, version, {
    replicaId: -1,
    topics: [{ topic, partitions: partitions.map((p) => ({ currentLeaderEpoch: -1, ...p })) }],
  });

describe('OffsetForLeaderEpoch', () => {
  it('answers epoch 0 with the log end offset and an unknown newer epoch with UNDEFINED', async () => {
    await produce(0, buildRecordBatch({ records: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] }));
    const response = await offsetForEpoch(4, [
      { partition: 0, leaderEpoch: 0 },
      { partition: 1, leaderEpoch: 0 },
      { partition: 0, leaderEpoch: 3 },
    ]);
    expect(response.topics[0].partitions).toEqual([
      expect.objectContaining({ errorCode: 0, partition: 0, leaderEpoch: 0, endOffset: 3n }),
      expect.objectContaining({ errorCode: 0, partition: 1, leaderEpoch: 0, endOffset: 0n }),
      expect.objectContaining({ errorCode: 0, partition: 0, leaderEpoch: -1, endOffset: -1n }),
    ]);
  });

  it('answers every version from 2 to 4 (Kafka 4 removed v0-1)', async () => {
    for (let version = 2; version <= 4; version++) {
      const response = await offsetForEpoch(version, [{ partition: 0, leaderEpoch: 0 }]);
      expect(response.topics[0].partitions[0].endOffset, `v${version}`).toBe(3n);
    }
  });

  it('refuses unknown partitions and a newer current leader epoch', async () => {
    const unknown = await offsetForEpoch(4, [{ partition: 0, leaderEpoch: 0 }], 'no-such-topic');
    expect(unknown.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, endOffset: -1n });
    const fenced = await offsetForEpoch(4, [
      { partition: 7, leaderEpoch: 0 },
      { partition: 0, leaderEpoch: 0, currentLeaderEpoch: 2 },
    ]);
    expect(fenced.topics[0].partitions.map((p: { errorCode: number }) => p.errorCode)).toEqual([
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.UNKNOWN_LEADER_EPOCH,
    ]);
  });
});

describe('DescribeProducers', () => {
  it('lists the idempotent producers of a partition with their last sequence', async () => {
    const { producerId } = await client.request(22, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1n,
      producerEpoch: -1,
    });
    await produce(1, buildRecordBatch({ producerId, producerEpoch: 0, baseSequence: 0, records: [{ value: 'x' }, { value: 'y' }] }));
    await produce(1, buildRecordBatch({ producerId, producerEpoch: 0, baseSequence: 2, records: [{ value: 'z' }] }));
    const response = await client.request(61, 0, {
      topics: [
        { name: 'epochs', partitionIndexes: [0, 1, 9] },
        { name: 'missing', partitionIndexes: [0] },
      ],
    });
    const [partition0, partition1, partition9] = response.topics[0].partitions;
    expect(partition0).toMatchObject({ partitionIndex: 0, errorCode: 0, activeProducers: [] });
    expect(partition1.activeProducers).toEqual([
      expect.objectContaining({ producerId, producerEpoch: 0, lastSequence: 2, coordinatorEpoch: -1, currentTxnStartOffset: -1n }),
    ]);
    expect(Number(partition1.activeProducers[0].lastTimestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(partition9.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(response.topics[1].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});
