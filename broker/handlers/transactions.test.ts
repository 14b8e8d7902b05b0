import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { isControl, readBatchHeader } from '../protocol/record-batch.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker({
    transactionStateLogNumPartitions: 3,
    offsetsTopicNumPartitions: 3,
    groupInitialRebalanceDelayMs: 0,
    transactionAbortTimedOutCleanupIntervalMs: 50,
  });
  client = await fixture.connect();
});
afterAll(async () => fixture.stop());

async function createTopic(name: string, numPartitions = 1) {
  const response = await client.request(19, 7, {
    topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(0);
}

async function initProducerId(transactionalId: string, options: { version?: number; timeoutMs?: number } = {}) {
  return client.request(22, options.version ?? 4, {
    transactionalId,
    transactionTimeoutMs: options.timeoutMs ?? 60_000,
    producerId: -1n,
    producerEpoch: -1,
  });
}

/** InitProducerId, retried while the coordinator answers CONCURRENT_TRANSACTIONS (as clients do). */
async function initUntilReady(transactionalId: string, version = 4) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await initProducerId(transactionalId, { version });
    if (response.errorCode !== ErrorCode.CONCURRENT_TRANSACTIONS) return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('InitProducerId stayed CONCURRENT_TRANSACTIONS');
}

function addPartitions(
  transactionalId: string,
  producerId: bigint,
  producerEpoch: number,
  topic: string,
  partitions: number[],
  version = 3,
) {
  return client.request(24, version, {
    v3AndBelowTransactionalId: transactionalId,
    v3AndBelowProducerId: producerId,
    v3AndBelowProducerEpoch: producerEpoch,
    v3AndBelowTopics: [{ name: topic, partitions }],
  });
}

function endTxn(transactionalId: string, producerId: bigint, producerEpoch: number, committed: boolean, version = 3) {
  return client.request(26, version, { transactionalId, producerId, producerEpoch, committed });
}

function produceTxn(topic: string, partition: number, producerId: bigint, producerEpoch: number, baseSequence: number, values: string[]) {
  const records = buildRecordBatch({
    records: values.map((value) => ({ value })),
    producerId,
    producerEpoch,
    baseSequence,
    transactional: true,
  });
  return client.request(0, 9, {
    transactionalId: 'ignored',
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
}

async function fetch(topic: string, isolationLevel: number, fetchOffset = 0n) {
  const response = await client.request(1, 11, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 10 * 1024 * 1024,
    isolationLevel,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      { topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1n, partitionMaxBytes: 1024 * 1024 }] },
    ],
    forgottenTopicsData: [],
    rackId: '',
  });
  return response.responses[0].partitions[0];
}

/** What a READ_COMMITTED consumer keeps: data records not in an aborted transaction. */
function committedValues(partition: {
  records: Buffer | null;
  abortedTransactions: Array<{ producerId: bigint; firstOffset: bigint }> | null;
}): string[] {
  const values: string[] = [];
  const aborting = new Set<bigint>();
  const records = partition.records ?? Buffer.alloc(0);
  const pending = [...(partition.abortedTransactions ?? [])].sort((a, b) => Number(a.firstOffset - b.firstOffset));
  for (let position = 0; position < records.length; ) {
    const header = readBatchHeader(records, position);
    const size = header.batchLength + 12;
    while (pending.length > 0 && pending[0].firstOffset <= header.baseOffset + BigInt(header.lastOffsetDelta))
      aborting.add(pending.shift()!.producerId);
    if (isControl(header.attributes)) aborting.delete(header.producerId);
    else if (!aborting.has(header.producerId)) {
      for (const record of decodeBatchRecords(records.subarray(position, position + size)) ?? [])
        values.push(record.value?.toString() ?? '');
    }
    position += size;
  }
  return values;
}

describe('transactions', () => {
  it('hides an open transaction from READ_COMMITTED until commit, and aborted records for good', async () => {
    await createTopic('txn-basic');
    const init = await initProducerId('basic');
    expect(init.errorCode).toBe(ErrorCode.NONE);
    const { producerId, producerEpoch } = init;

    expect(
      (await addPartitions('basic', producerId, producerEpoch, 'txn-basic', [0])).resultsByTopicV3AndBelow[0].resultsByPartition[0]
        .partitionErrorCode,
    ).toBe(0);
    expect(
      (await produceTxn('txn-basic', 0, producerId, producerEpoch, 0, ['a1', 'a2'])).responses[0].partitionResponses[0].errorCode,
    ).toBe(0);
    let committed = await fetch('txn-basic', 1);
    expect(committed.lastStableOffset).toBe(0n);
    expect(committedValues(committed)).toEqual([]);
    expect((await fetch('txn-basic', 0)).highWatermark).toBe(2n);
    expect((await endTxn('basic', producerId, producerEpoch, false)).errorCode).toBe(0);

    await addPartitions('basic', producerId, producerEpoch, 'txn-basic', [0]);
    await produceTxn('txn-basic', 0, producerId, producerEpoch, 2, ['c1']);
    expect((await endTxn('basic', producerId, producerEpoch, true)).errorCode).toBe(0);
    // A retried commit of the completed transaction is answered NONE, an abort of it INVALID_TXN_STATE.
    expect((await endTxn('basic', producerId, producerEpoch, true)).errorCode).toBe(0);
    expect((await endTxn('basic', producerId, producerEpoch, false)).errorCode).toBe(ErrorCode.INVALID_TXN_STATE);

    committed = await fetch('txn-basic', 1);
    expect(committed.lastStableOffset).toBe(5n);
    expect(committed.abortedTransactions).toEqual(
      [{ producerId, firstOffset: 0n, _unknownTaggedFields: [] }].map(({ producerId, firstOffset }) =>
        expect.objectContaining({ producerId, firstOffset }),
      ),
    );
    expect(committedValues(committed)).toEqual(['c1']);
    // READ_UNCOMMITTED gets every record and no aborted list.
    expect((await fetch('txn-basic', 0)).abortedTransactions).toBeNull();
  });

  it('refuses transactional produce to a partition not added to the transaction', async () => {
    await createTopic('txn-unadded');
    const { producerId, producerEpoch } = await initProducerId('unadded');
    const response = await produceTxn('txn-unadded', 0, producerId, producerEpoch, 0, ['x']);
    expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('fences the previous incarnation on re-init and aborts its ongoing transaction', async () => {
    await createTopic('txn-fence');
    const first = await initProducerId('fence');
    await addPartitions('fence', first.producerId, first.producerEpoch, 'txn-fence', [0]);
    await produceTxn('txn-fence', 0, first.producerId, first.producerEpoch, 0, ['zombie']);

    const second = await initUntilReady('fence');
    expect(second.errorCode).toBe(ErrorCode.NONE);
    expect(second.producerId).toBe(first.producerId);
    expect(second.producerEpoch).toBeGreaterThan(first.producerEpoch);

    expect((await endTxn('fence', first.producerId, first.producerEpoch, true, 3)).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    expect((await endTxn('fence', first.producerId, first.producerEpoch, true, 1)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(
      (await produceTxn('txn-fence', 0, first.producerId, first.producerEpoch, 1, ['late'])).responses[0].partitionResponses[0].errorCode,
    ).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    const committed = await fetch('txn-fence', 1);
    expect(committed.lastStableOffset).toBe(committed.highWatermark);
    expect(committedValues(committed)).toEqual([]);
  });

  it('aborts a transaction older than its timeout with an epoch bump that fences the producer', async () => {
    await createTopic('txn-timeout');
    // Long enough that the steps below fit inside it on a loaded machine, short enough to wait out.
    const transactionTimeoutMs = 3_000;
    const { producerId, producerEpoch } = await initProducerId('timeout', { timeoutMs: transactionTimeoutMs });
    const beganAtMs = Date.now();
    await addPartitions('timeout', producerId, producerEpoch, 'txn-timeout', [0]);
    await produceTxn('txn-timeout', 0, producerId, producerEpoch, 0, ['slow']);
    expect((await fetch('txn-timeout', 1)).lastStableOffset).toBe(0n);
    let stable = await fetch('txn-timeout', 1);
    const deadlineMs = Date.now() + 30_000;
    while (stable.lastStableOffset !== stable.highWatermark && Date.now() < deadlineMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stable = await fetch('txn-timeout', 1);
    }
    expect(stable.lastStableOffset).toBe(2n);
    // Aborted by the timeout, not before it.
    expect(Date.now() - beganAtMs).toBeGreaterThanOrEqual(transactionTimeoutMs);
    expect(committedValues(stable)).toEqual([]);
    expect((await endTxn('timeout', producerId, producerEpoch, true)).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    const again = await initUntilReady('timeout');
    expect(again.producerEpoch).toBe(producerEpoch + 2);
  }, 60_000);

  it('answers the transaction errors Kafka answers', async () => {
    expect((await initProducerId('too-long', { timeoutMs: 900_001 })).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await endTxn('never-initialised', 5n, 0, true)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    const { producerId, producerEpoch } = await initProducerId('errors');
    expect((await endTxn('errors', producerId, producerEpoch, true)).errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
    expect((await endTxn('errors', producerId + 1n, producerEpoch, true)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    const unknown = await addPartitions('errors', producerId, producerEpoch, 'no-such-topic', [0]);
    expect(unknown.resultsByTopicV3AndBelow[0].resultsByPartition[0].partitionErrorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('commits offsets staged with TxnOffsetCommit only when the transaction commits', async () => {
    await createTopic('txn-offsets-in');
    await createTopic('txn-offsets-out');
    const { producerId, producerEpoch } = await initProducerId('offsets');
    const stage = (offset: bigint) =>
      client.request(28, 3, {
        transactionalId: 'offsets',
        groupId: 'ctp-group',
        producerId,
        producerEpoch,
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [
          {
            name: 'txn-offsets-in',
            partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }],
          },
        ],
      });
    const fetchCommitted = async () => {
      const response = await client.request(9, 7, {
        groupId: 'ctp-group',
        topics: [{ name: 'txn-offsets-in', partitionIndexes: [0] }],
        requireStable: false,
      });
      return response.topics[0].partitions[0].committedOffset as bigint;
    };

    await addPartitions('offsets', producerId, producerEpoch, 'txn-offsets-out', [0]);
    // TxnOffsetCommit before AddOffsetsToTxn is refused.
    expect((await stage(5n)).topics[0].partitions[0].errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
    expect((await client.request(25, 3, { transactionalId: 'offsets', producerId, producerEpoch, groupId: 'ctp-group' })).errorCode).toBe(
      0,
    );
    expect((await stage(5n)).topics[0].partitions[0].errorCode).toBe(0);
    expect(await fetchCommitted()).toBe(-1n);
    expect((await endTxn('offsets', producerId, producerEpoch, false)).errorCode).toBe(0);
    expect(await fetchCommitted()).toBe(-1n);

    await addPartitions('offsets', producerId, producerEpoch, 'txn-offsets-out', [0]);
    await client.request(25, 3, { transactionalId: 'offsets', producerId, producerEpoch, groupId: 'ctp-group' });
    expect((await stage(7n)).topics[0].partitions[0].errorCode).toBe(0);
    expect((await endTxn('offsets', producerId, producerEpoch, true)).errorCode).toBe(0);
    expect(await fetchCommitted()).toBe(7n);
  });

  it('answers UNSTABLE_OFFSET_COMMIT to requireStable fetches while a transaction has staged offsets for the partition', async () => {
    await createTopic('txn-stable-in', 2);
    await createTopic('txn-stable-out');
    const { producerId, producerEpoch } = await initProducerId('stable');
    await addPartitions('stable', producerId, producerEpoch, 'txn-stable-out', [0]);
    expect((await client.request(25, 3, { transactionalId: 'stable', producerId, producerEpoch, groupId: 'stable-group' })).errorCode).toBe(
      0,
    );
    const staged = await client.request(28, 3, {
      transactionalId: 'stable',
      groupId: 'stable-group',
      producerId,
      producerEpoch,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 'txn-stable-in',
          partitions: [{ partitionIndex: 0, committedOffset: 3n, committedLeaderEpoch: -1, committedMetadata: null }],
        },
      ],
    });
    expect(staged.topics[0].partitions[0].errorCode).toBe(0);
    const topics = [{ name: 'txn-stable-in', partitionIndexes: [0, 1] }];
    const fetchV7 = async (requireStable: boolean) =>
      (await client.request(9, 7, { groupId: 'stable-group', topics, requireStable })).topics[0].partitions.map(
        (p: { errorCode: number; committedOffset: bigint }) => [p.errorCode, p.committedOffset],
      );
    const fetchV8 = async (requireStable: boolean) =>
      (await client.request(9, 8, { groups: [{ groupId: 'stable-group', topics }], requireStable })).groups[0].topics[0].partitions.map(
        (p: { errorCode: number; committedOffset: bigint }) => [p.errorCode, p.committedOffset],
      );

    expect(await fetchV7(true)).toEqual([
      [ErrorCode.UNSTABLE_OFFSET_COMMIT, -1n],
      [ErrorCode.NONE, -1n],
    ]);
    expect(await fetchV8(true)).toEqual([
      [ErrorCode.UNSTABLE_OFFSET_COMMIT, -1n],
      [ErrorCode.NONE, -1n],
    ]);
    expect(await fetchV7(false)).toEqual([
      [ErrorCode.NONE, -1n],
      [ErrorCode.NONE, -1n],
    ]);
    expect((await endTxn('stable', producerId, producerEpoch, true)).errorCode).toBe(0);
    expect(await fetchV7(true)).toEqual([
      [ErrorCode.NONE, 3n],
      [ErrorCode.NONE, -1n],
    ]);
    expect(await fetchV8(true)).toEqual([
      [ErrorCode.NONE, 3n],
      [ErrorCode.NONE, -1n],
    ]);
  });

  it('keeps transactions, staged offsets and the last stable offset across a restart', async () => {
    await createTopic('txn-restart');
    const { producerId, producerEpoch } = await initProducerId('restart');
    await addPartitions('restart', producerId, producerEpoch, 'txn-restart', [0]);
    await produceTxn('txn-restart', 0, producerId, producerEpoch, 0, ['r1']);
    await client.request(25, 3, { transactionalId: 'restart', producerId, producerEpoch, groupId: 'restart-group' });
    await client.request(28, 3, {
      transactionalId: 'restart',
      groupId: 'restart-group',
      producerId,
      producerEpoch,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 'txn-restart',
          partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }],
        },
      ],
    });
    await fixture.restart();
    client = await fixture.connect();
    expect((await fetch('txn-restart', 1)).lastStableOffset).toBe(0n);
    expect((await endTxn('restart', producerId, producerEpoch, true)).errorCode).toBe(0);
    const committed = await fetch('txn-restart', 1);
    expect(committedValues(committed)).toEqual(['r1']);
    const offsets = await client.request(9, 7, {
      groupId: 'restart-group',
      topics: [{ name: 'txn-restart', partitionIndexes: [0] }],
      requireStable: false,
    });
    expect(offsets.topics[0].partitions[0].committedOffset).toBe(1n);
  });
});
