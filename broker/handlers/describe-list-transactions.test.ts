import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker({ transactionStateLogNumPartitions: 3, offsetsTopicNumPartitions: 3, groupInitialRebalanceDelayMs: 0 });
  client = await fixture.connect();
});
afterAll(async () => fixture.stop());

async function createTopic(name: string, numPartitions = 2) {
  const response = await client.request(19, 7, {
    topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(ErrorCode.NONE);
}

async function initProducerId(transactionalId: string, timeoutMs = 60_000) {
  const response = await client.request(22, 4, { transactionalId, transactionTimeoutMs: timeoutMs, producerId: -1n, producerEpoch: -1 });
  expect(response.errorCode).toBe(ErrorCode.NONE);
  return { producerId: response.producerId as bigint, producerEpoch: response.producerEpoch as number };
}

async function addPartitions(
  transactionalId: string,
  producer: { producerId: bigint; producerEpoch: number },
  topic: string,
  partitions: number[],
) {
  const response = await client.request(24, 3, {
    v3AndBelowTransactionalId: transactionalId,
    v3AndBelowProducerId: producer.producerId,
    v3AndBelowProducerEpoch: producer.producerEpoch,
    v3AndBelowTopics: [{ name: topic, partitions }],
  });
  for (const partition of response.resultsByTopicV3AndBelow[0].resultsByPartition)
    expect(partition.partitionErrorCode).toBe(ErrorCode.NONE);
}

async function endTxn(transactionalId: string, producer: { producerId: bigint; producerEpoch: number }, committed: boolean) {
  expect((await client.request(26, 3, { transactionalId, ...producer, committed })).errorCode).toBe(ErrorCode.NONE);
}

async function describeTxns(transactionalIds: string[]) {
  const response = await client.request(65, 0, { transactionalIds });
  return response.transactionStates as Array<{
    errorCode: number;
    transactionalId: string;
    transactionState: string;
    transactionTimeoutMs: number;
    transactionStartTimeMs: bigint;
    producerId: bigint;
    producerEpoch: number;
    topics: Array<{ topic: string; partitions: number[] }>;
  }>;
}

async function listTxns(filters: { stateFilters?: string[]; producerIdFilters?: bigint[]; durationFilter?: bigint }, version = 1) {
  const response = await client.request(66, version, {
    stateFilters: filters.stateFilters ?? [],
    producerIdFilters: filters.producerIdFilters ?? [],
    durationFilter: filters.durationFilter ?? -1n,
  });
  const listed = (response.transactionStates as Array<{ transactionalId: string; producerId: bigint; transactionState: string }>)
    .map(({ transactionalId, producerId, transactionState }) => ({ transactionalId, producerId, transactionState }))
    .sort((a, b) => a.transactionalId.localeCompare(b.transactionalId));
  return { errorCode: response.errorCode as number, unknownStateFilters: response.unknownStateFilters as string[], listed };
}

describe('DescribeTransactions and ListTransactions', () => {
  it('describes an ongoing transaction with its partitions, timeout and start time, then its completion', async () => {
    await createTopic('dt-out', 3);
    const producer = await initProducerId('dt-app', 45_000);
    let [state] = await describeTxns(['dt-app']);
    expect(state).toMatchObject({
      errorCode: ErrorCode.NONE,
      transactionState: 'Empty',
      transactionTimeoutMs: 45_000,
      transactionStartTimeMs: -1n,
      ...producer,
      topics: [],
    });

    const before = Date.now();
    await addPartitions('dt-app', producer, 'dt-out', [2, 0]);
    expect((await client.request(25, 3, { transactionalId: 'dt-app', ...producer, groupId: 'dt-group' })).errorCode).toBe(ErrorCode.NONE);
    [state] = await describeTxns(['dt-app']);
    expect(state.transactionState).toBe('Ongoing');
    expect(Number(state.transactionStartTimeMs)).toBeGreaterThanOrEqual(before);
    expect(Number(state.transactionStartTimeMs)).toBeLessThanOrEqual(Date.now());
    expect(state.topics.map((t) => t.topic)).toEqual(['__consumer_offsets', 'dt-out']);
    expect(state.topics[0].partitions).toHaveLength(1);
    expect(state.topics[1].partitions).toEqual([0, 2]);

    await endTxn('dt-app', producer, true);
    [state] = await describeTxns(['dt-app']);
    expect(state).toMatchObject({ errorCode: ErrorCode.NONE, transactionState: 'CompleteCommit', topics: [], ...producer });
  });

  it('answers TRANSACTIONAL_ID_NOT_FOUND for unknown ids and INVALID_REQUEST for an empty one, beside known ids', async () => {
    await initProducerId('dt-known');
    const states = await describeTxns(['dt-unknown', '', 'dt-known']);
    expect(states.map((s) => [s.transactionalId, s.errorCode])).toEqual([
      ['dt-unknown', ErrorCode.TRANSACTIONAL_ID_NOT_FOUND],
      ['', ErrorCode.INVALID_REQUEST],
      ['dt-known', ErrorCode.NONE],
    ]);
    expect(states[2].transactionState).toBe('Empty');
  });

  it('lists transactions filtered by state, producer id and (v1) how long they have been running', async () => {
    await createTopic('lt-out');
    const ongoing = await initProducerId('lt-ongoing');
    const aborted = await initProducerId('lt-aborted');
    await initProducerId('lt-empty');
    await addPartitions('lt-ongoing', ongoing, 'lt-out', [0]);
    await addPartitions('lt-aborted', aborted, 'lt-out', [1]);
    await endTxn('lt-aborted', aborted, false);
    const ours = (result: Awaited<ReturnType<typeof listTxns>>) => result.listed.filter((t) => t.transactionalId.startsWith('lt-'));

    const all = await listTxns({});
    expect(all.errorCode).toBe(ErrorCode.NONE);
    expect(ours(all).map((t) => [t.transactionalId, t.transactionState])).toEqual([
      ['lt-aborted', 'CompleteAbort'],
      ['lt-empty', 'Empty'],
      ['lt-ongoing', 'Ongoing'],
    ]);
    expect(ours(all)[2].producerId).toBe(ongoing.producerId);

    const byState = await listTxns({ stateFilters: ['Ongoing', 'CompleteAbort', 'Running'] });
    expect(byState.unknownStateFilters).toEqual(['Running']);
    expect(ours(byState).map((t) => t.transactionalId)).toEqual(['lt-aborted', 'lt-ongoing']);
    // Only unknown names: nothing matches (Kafka does not fall back to "no filter").
    expect((await listTxns({ stateFilters: ['ongoing'] })).listed).toEqual([]);

    const byProducer = await listTxns({ producerIdFilters: [ongoing.producerId, 987_654n] });
    expect(byProducer.listed).toEqual([{ transactionalId: 'lt-ongoing', producerId: ongoing.producerId, transactionState: 'Ongoing' }]);

    // Started moments ago: not running longer than a minute; an Empty id has no start time (-1) and is kept, as in Kafka.
    const longRunning = await listTxns({ stateFilters: ['Ongoing'], durationFilter: 60_000n });
    expect(longRunning.listed.map((t) => t.transactionalId)).not.toContain('lt-ongoing');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await listTxns({ producerIdFilters: [ongoing.producerId], durationFilter: 10n })).listed.map((t) => t.transactionalId)).toEqual(
      ['lt-ongoing'],
    );
    expect(ours(await listTxns({ durationFilter: 60_000n })).map((t) => t.transactionalId)).toEqual(['lt-empty']);
    // v0 has no duration filter: everything is listed.
    expect(ours(await listTxns({ durationFilter: 60_000n }, 0)).map((t) => t.transactionalId)).toEqual([
      'lt-aborted',
      'lt-empty',
      'lt-ongoing',
    ]);
    await endTxn('lt-ongoing', ongoing, false);
  });
});
