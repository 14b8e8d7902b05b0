import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { isControl, isTransactional, readBatchHeader, LOG_OVERHEAD_BYTES } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { controlTypeOf, CONTROL_TYPE_ABORT, CONTROL_TYPE_COMMIT } from '../log/txn-marker.ts';
import { decodeOffsetsTopicRecord } from '../coordinator/offsets-topic-records.ts';
import { offsetsPartitionFor } from '../coordinator/offsets-partition.ts';

const OFFSETS_PARTITIONS = 3;
const TXN_STATE_PARTITIONS = 3;
const READ_UNCOMMITTED = 0;

let fixture: TestBroker | null = null;
afterEach(async () => {
  await fixture?.stop();
  fixture = null;
});

interface Producer {
  transactionalId: string;
  producerId: bigint;
  producerEpoch: number;
}

async function createTopic(client: ProtocolTestClient, name: string): Promise<void> {
  const response = await client.request(19, 7, {
    topics: [{ name, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(ErrorCode.NONE);
}

async function beginWithOffset(
  client: ProtocolTestClient,
  transactionalId: string,
  groupId: string,
  topic: string,
  offset: bigint,
): Promise<Producer> {
  const init = await client.request(22, 4, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
  expect(init.errorCode).toBe(ErrorCode.NONE);
  const producer = { transactionalId, producerId: init.producerId as bigint, producerEpoch: init.producerEpoch as number };
  expect((await client.request(25, 3, { ...producer, groupId })).errorCode).toBe(ErrorCode.NONE);
  await commitInTransaction(client, producer, groupId, topic, offset);
  return producer;
}

async function commitInTransaction(
  client: ProtocolTestClient,
  producer: Producer,
  groupId: string,
  topic: string,
  offset: bigint,
): Promise<void> {
  const response = await client.request(28, 3, {
    ...producer,
    groupId,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      { name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] },
    ],
  });
  expect(response.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
}

async function endTransaction(client: ProtocolTestClient, producer: Producer, committed: boolean): Promise<void> {
  expect((await client.request(26, 3, { ...producer, committed })).errorCode).toBe(ErrorCode.NONE);
}

/** A plain OffsetCommit by an admin tool (generation -1, the group has no members). */
async function commitPlain(client: ProtocolTestClient, groupId: string, topic: string, offset: bigint): Promise<void> {
  const response = await client.request(8, 8, {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      { name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] },
    ],
  });
  expect(response.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
}

/** [errorCode, committedOffset] of the group's partition 0 of `topic`. */
async function fetchOffset(client: ProtocolTestClient, groupId: string, topic: string, requireStable: boolean): Promise<[number, bigint]> {
  const response = await client.request(9, 8, { groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [0] }] }], requireStable });
  const partition = response.groups[0].topics[0].partitions[0];
  return [partition.errorCode, partition.committedOffset];
}

type LoggedBatch =
  | { kind: 'marker'; producerId: bigint; commit: boolean }
  | {
      kind: 'data';
      producerId: bigint;
      transactional: boolean;
      keyVersions: number[];
      offsets: { groupId: string; offset: bigint | null }[];
    };

/** Every batch of an internal topic's partition, read as a tool reading the topic would. */
async function readInternalPartition(client: ProtocolTestClient, topic: string, partition: number): Promise<LoggedBatch[]> {
  const response = await client.request(1, 11, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 10 * 1024 * 1024,
    isolationLevel: READ_UNCOMMITTED,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      { topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, partitionMaxBytes: 1024 * 1024 }] },
    ],
    forgottenTopicsData: [],
    rackId: '',
  });
  const fetched = response.responses[0].partitions[0];
  expect(fetched.errorCode).toBe(ErrorCode.NONE);
  const records: Buffer = fetched.records ?? Buffer.alloc(0);
  const batches: LoggedBatch[] = [];
  for (let position = 0; position < records.length; ) {
    const header = readBatchHeader(records, position);
    const batch = records.subarray(position, position + header.batchLength + LOG_OVERHEAD_BYTES);
    if (isControl(header.attributes)) {
      const type = controlTypeOf(batch);
      expect([CONTROL_TYPE_ABORT, CONTROL_TYPE_COMMIT]).toContain(type);
      batches.push({ kind: 'marker', producerId: header.producerId, commit: type === CONTROL_TYPE_COMMIT });
    } else {
      const decoded = decodeBatchRecords(batch) ?? [];
      batches.push({
        kind: 'data',
        producerId: header.producerId,
        transactional: isTransactional(header.attributes),
        keyVersions: decoded.map((record) => record.key!.readInt16BE(0)),
        offsets: decoded.flatMap((record) => {
          const parsed = topic === '__consumer_offsets' ? decodeOffsetsTopicRecord(record.key!, record.value) : { kind: 'other' as const };
          return parsed.kind === 'offset' ? [{ groupId: parsed.groupId, offset: parsed.offset?.offset ?? null }] : [];
        }),
      });
    }
    position += batch.length;
  }
  return batches;
}

describe('transactional offsets in __consumer_offsets', () => {
  it("rebuilds committed, aborted and still open transactions' offsets after a restart", async () => {
    fixture = await startTestBroker({
      offsetsTopicNumPartitions: OFFSETS_PARTITIONS,
      transactionStateLogNumPartitions: TXN_STATE_PARTITIONS,
    });
    const client = await fixture.connect();
    await createTopic(client, 'replay-in');
    const committed = await beginWithOffset(client, 'replay-committed', 'group-committed', 'replay-in', 11n);
    await endTransaction(client, committed, true);
    await commitPlain(client, 'group-aborted', 'replay-in', 5n);
    const aborted = await beginWithOffset(client, 'replay-aborted', 'group-aborted', 'replay-in', 12n);
    await endTransaction(client, aborted, false);
    const open = await beginWithOffset(client, 'replay-open', 'group-open', 'replay-in', 13n);

    await fixture.restart();
    const again = await fixture.connect();
    expect(await fetchOffset(again, 'group-committed', 'replay-in', true)).toEqual([ErrorCode.NONE, 11n]);
    expect(await fetchOffset(again, 'group-aborted', 'replay-in', true)).toEqual([ErrorCode.NONE, 5n]);
    // Still pending: invisible, and unstable for requireStable readers, until the transaction's marker.
    expect(await fetchOffset(again, 'group-open', 'replay-in', false)).toEqual([ErrorCode.NONE, -1n]);
    expect(await fetchOffset(again, 'group-open', 'replay-in', true)).toEqual([ErrorCode.UNSTABLE_OFFSET_COMMIT, -1n]);

    await endTransaction(again, open, true);
    expect(await fetchOffset(again, 'group-open', 'replay-in', true)).toEqual([ErrorCode.NONE, 13n]);
    await fixture.restart();
    const third = await fixture.connect();
    expect(await fetchOffset(third, 'group-open', 'replay-in', true)).toEqual([ErrorCode.NONE, 13n]);
    expect(await fetchOffset(third, 'group-aborted', 'replay-in', true)).toEqual([ErrorCode.NONE, 5n]);
  });

  it('stores them as Kafka does: transactional offset commits ended by markers, and nothing else in __transaction_state', async () => {
    fixture = await startTestBroker({
      offsetsTopicNumPartitions: OFFSETS_PARTITIONS,
      transactionStateLogNumPartitions: TXN_STATE_PARTITIONS,
    });
    const client = await fixture.connect();
    await createTopic(client, 'format-in');
    const producer = await beginWithOffset(client, 'format-app', 'format-group', 'format-in', 21n);
    await endTransaction(client, producer, false);
    // The classic protocol keeps the producer id and epoch for the next transaction.
    await client.request(25, 3, { ...producer, groupId: 'format-group' });
    await commitInTransaction(client, producer, 'format-group', 'format-in', 22n);
    await endTransaction(client, producer, true);

    const batches = await readInternalPartition(client, '__consumer_offsets', offsetsPartitionFor('format-group', OFFSETS_PARTITIONS));
    const { producerId } = producer;
    expect(batches).toEqual([
      { kind: 'data', producerId, transactional: true, keyVersions: [1], offsets: [{ groupId: 'format-group', offset: 21n }] },
      { kind: 'marker', producerId, commit: false },
      { kind: 'data', producerId, transactional: true, keyVersions: [1], offsets: [{ groupId: 'format-group', offset: 22n }] },
      { kind: 'marker', producerId, commit: true },
    ]);
    const stateBatches = await readInternalPartition(
      client,
      '__transaction_state',
      offsetsPartitionFor('format-app', TXN_STATE_PARTITIONS),
    );
    expect(stateBatches.length).toBeGreaterThan(0);
    for (const batch of stateBatches) expect(batch).toMatchObject({ kind: 'data', transactional: false, keyVersions: [0] });
    expect(await fetchOffset(client, 'format-group', 'format-in', true)).toEqual([ErrorCode.NONE, 22n]);
  });

  it('leaves a plain commit made after a transactional one in place when that transaction commits, before and after a restart', async () => {
    fixture = await startTestBroker({
      offsetsTopicNumPartitions: OFFSETS_PARTITIONS,
      transactionStateLogNumPartitions: TXN_STATE_PARTITIONS,
    });
    const client = await fixture.connect();
    await createTopic(client, 'order-in');
    // Transactional 20, then plain 30, then COMMIT: Kafka keeps the later record, 30.
    const later = await beginWithOffset(client, 'order-later', 'group-later', 'order-in', 20n);
    await commitPlain(client, 'group-later', 'order-in', 30n);
    await endTransaction(client, later, true);
    // Plain 30, then transactional 20, then COMMIT: the transactional record is the later one, 20.
    await commitPlain(client, 'group-earlier', 'order-in', 30n);
    const earlier = await beginWithOffset(client, 'order-earlier', 'group-earlier', 'order-in', 20n);
    await endTransaction(client, earlier, true);

    expect(await fetchOffset(client, 'group-later', 'order-in', true)).toEqual([ErrorCode.NONE, 30n]);
    expect(await fetchOffset(client, 'group-earlier', 'order-in', true)).toEqual([ErrorCode.NONE, 20n]);
    await fixture.restart();
    const again = await fixture.connect();
    expect(await fetchOffset(again, 'group-later', 'order-in', true)).toEqual([ErrorCode.NONE, 30n]);
    expect(await fetchOffset(again, 'group-earlier', 'order-in', true)).toEqual([ErrorCode.NONE, 20n]);
  });
});
