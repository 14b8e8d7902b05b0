// The API versions Kafka 4.3 added over what this broker served before (api-versions-same-as-kafka.test.ts
// keeps the ranges equal to Kafka's): topic ids in Produce v13 and OffsetCommit/OffsetFetch v10,
// DescribeGroups v6's GROUP_ID_NOT_FOUND, ListOffsets v11's earliest-pending-upload timestamp, ListTransactions
// v2's id pattern, AddPartitionsToTxn v4's batched and verify-only form, EndTxn v5's producer id and epoch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker();
  client = await fixture.connect();
});
afterAll(async () => fixture.stop());

const UNKNOWN_ID = '7b3c1f52-0d4e-4a59-9c1e-2f6a8b9d0e11';

async function createTopic(name: string): Promise<string> {
  const response = await client.request(19, 7, {
    topics: [{ name, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(0);
  return response.topics[0].topicId;
}

function produceById(
  topicId: string,
  transactionalId: string | null = null,
  records = buildRecordBatch({ records: [{ key: 'k', value: 'v' }] }),
) {
  return client.request(0, 13, {
    transactionalId,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ topicId, partitionData: [{ index: 0, records }] }],
  });
}

describe('topic ids in Produce v13, OffsetCommit v10 and OffsetFetch v10', () => {
  it('produces to a topic named by its id, and answers UNKNOWN_TOPIC_ID for an unknown id', async () => {
    const topicId = await createTopic('by-id');
    const response = await produceById(topicId);
    expect(response.responses[0].topicId).toBe(topicId);
    expect(response.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 0n });
    const unknown = await produceById(UNKNOWN_ID);
    expect(unknown.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
  });

  it('commits and fetches offsets by topic id', async () => {
    const topicId = await createTopic('offsets-by-id');
    const commit = await client.request(8, 10, {
      groupId: 'ids-group',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        { topicId, partitions: [{ partitionIndex: 0, committedOffset: 7n, committedLeaderEpoch: -1, committedMetadata: 'm' }] },
        {
          topicId: UNKNOWN_ID,
          partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }],
        },
      ],
    });
    expect(
      commit.topics.map((t: { topicId: string; partitions: { errorCode: number }[] }) => [t.topicId, t.partitions[0].errorCode]),
    ).toEqual([
      [topicId, 0],
      [UNKNOWN_ID, ErrorCode.UNKNOWN_TOPIC_ID],
    ]);
    const fetchAll = await client.request(9, 10, {
      groups: [{ groupId: 'ids-group', memberId: null, memberEpoch: -1, topics: null }],
      requireStable: false,
    });
    expect(fetchAll.groups[0].topics).toEqual([
      {
        name: '',
        topicId,
        partitions: [{ partitionIndex: 0, committedOffset: 7n, committedLeaderEpoch: -1, metadata: 'm', errorCode: 0 }],
      },
    ]);
    const fetchSome = await client.request(9, 10, {
      groups: [{ groupId: 'ids-group', memberId: null, memberEpoch: -1, topics: [{ topicId: UNKNOWN_ID, partitionIndexes: [0] }] }],
      requireStable: false,
    });
    expect(fetchSome.groups[0].topics[0]).toMatchObject({
      topicId: UNKNOWN_ID,
      partitions: [{ errorCode: ErrorCode.UNKNOWN_TOPIC_ID, committedOffset: -1n }],
    });
  });
});

describe('newer group, offset and transaction versions', () => {
  it('DescribeGroups v6 answers GROUP_ID_NOT_FOUND for an unknown group, v5 only the Dead state', async () => {
    const v6 = await client.request(15, 6, { groups: ['no-such-group'], includeAuthorizedOperations: false });
    expect(v6.groups[0]).toMatchObject({
      errorCode: ErrorCode.GROUP_ID_NOT_FOUND,
      errorMessage: 'Group no-such-group not found.',
      groupState: 'Dead',
    });
    const v5 = await client.request(15, 5, { groups: ['no-such-group'], includeAuthorizedOperations: false });
    expect(v5.groups[0]).toMatchObject({ errorCode: 0, groupState: 'Dead' });
  });

  it('ListOffsets v11 answers earliest pending upload (-6) as not found, older versions UNSUPPORTED_VERSION', async () => {
    await createTopic('pending-upload');
    const listOffsets = (version: number, timestamp: bigint) =>
      client
        .request(2, version, {
          replicaId: -1,
          isolationLevel: 0,
          timeoutMs: 1000,
          topics: [{ name: 'pending-upload', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }],
        })
        .then((response) => response.topics[0].partitions[0]);
    expect(await listOffsets(11, -6n)).toMatchObject({ errorCode: 0, offset: -1n, timestamp: -1n, leaderEpoch: -1 });
    expect(await listOffsets(11, -5n)).toMatchObject({ errorCode: 0, offset: -1n, leaderEpoch: -1 });
    expect((await listOffsets(9, -6n)).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect((await listOffsets(7, -4n)).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect((await listOffsets(11, -7n)).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(await listOffsets(11, -2n)).toMatchObject({ errorCode: 0, offset: 0n });
  });

  it('ListTransactions v2 keeps the ids its pattern matches whole and refuses a pattern that does not compile', async () => {
    for (const transactionalId of ['orders-1', 'orders-2', 'payments-1']) {
      const response = await client.request(22, 5, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
      expect(response.errorCode).toBe(0);
    }
    const list = (transactionalIdPattern: string | null) =>
      client.request(66, 2, { stateFilters: [], producerIdFilters: [], durationFilter: -1n, transactionalIdPattern });
    const ids = async (pattern: string | null) =>
      (await list(pattern)).transactionStates.map((t: { transactionalId: string }) => t.transactionalId).sort();
    expect(await ids('orders-.*')).toEqual(['orders-1', 'orders-2']);
    expect(await ids('orders')).toEqual([]);
    expect(await ids('')).toEqual(['orders-1', 'orders-2', 'payments-1']);
    expect(await ids(null)).toEqual(['orders-1', 'orders-2', 'payments-1']);
    expect((await list('(')).errorCode).toBe(ErrorCode.INVALID_REGULAR_EXPRESSION);
  });

  it('AddPartitionsToTxn v4 adds and verifies partitions of several transactions; EndTxn v5 answers the producer to use next', async () => {
    await createTopic('txn-v4');
    const init = await client.request(22, 5, {
      transactionalId: 'batched',
      transactionTimeoutMs: 60_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    const { producerId, producerEpoch } = init;
    const transaction = (verifyOnly: boolean) => ({
      transactionalId: 'batched',
      producerId,
      producerEpoch,
      verifyOnly,
      topics: [{ name: 'txn-v4', partitions: [0] }],
    });
    const errorOf = (response: { resultsByTransaction: { topicResults: { resultsByPartition: { partitionErrorCode: number }[] }[] }[] }) =>
      response.resultsByTransaction[0].topicResults[0].resultsByPartition[0].partitionErrorCode;
    const before = await client.request(24, 4, { transactions: [transaction(true)] });
    expect(before.errorCode).toBe(0);
    expect(errorOf(before)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(errorOf(await client.request(24, 5, { transactions: [transaction(false)] }))).toBe(0);
    expect(errorOf(await client.request(24, 4, { transactions: [transaction(true)] }))).toBe(0);
    const ended = await client.request(26, 5, { transactionalId: 'batched', producerId, producerEpoch, committed: false });
    expect(ended).toMatchObject({ errorCode: 0, producerId, producerEpoch });
  });
});
