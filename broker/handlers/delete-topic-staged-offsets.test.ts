import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

let fixture: TestBroker | null = null;
afterEach(async () => {
  await fixture?.stop();
  fixture = null;
});

interface Producer {
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

async function deleteTopic(client: ProtocolTestClient, name: string): Promise<void> {
  const response = await client.request(20, 6, { topics: [{ name, topicId: '00000000-0000-0000-0000-000000000000' }], timeoutMs: 5000 });
  expect(response.responses[0].errorCode).toBe(ErrorCode.NONE);
}

/** A transaction writing to `out` that stages offset `offset` for partition 0 of each input topic. */
async function openTransactionWithStagedOffsets(
  client: ProtocolTestClient,
  transactionalId: string,
  groupId: string,
  inputs: string[],
  offset: bigint,
): Promise<Producer> {
  const init = await client.request(22, 4, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
  expect(init.errorCode).toBe(ErrorCode.NONE);
  const producer = { producerId: init.producerId as bigint, producerEpoch: init.producerEpoch as number };
  expect((await client.request(25, 3, { transactionalId, ...producer, groupId })).errorCode).toBe(ErrorCode.NONE);
  const staged = await client.request(28, 3, {
    transactionalId,
    groupId,
    ...producer,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: inputs.map((name) => ({
      name,
      partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }],
    })),
  });
  for (const topic of staged.topics) expect(topic.partitions[0].errorCode).toBe(ErrorCode.NONE);
  return producer;
}

async function commitTransaction(client: ProtocolTestClient, transactionalId: string, producer: Producer): Promise<void> {
  expect((await client.request(26, 3, { transactionalId, ...producer, committed: true })).errorCode).toBe(ErrorCode.NONE);
}

/** [errorCode, committedOffset] of partition 0 of each topic, with requireStable. */
async function stableOffsets(client: ProtocolTestClient, groupId: string, topics: string[]): Promise<[number, bigint][]> {
  const response = await client.request(9, 8, {
    groups: [{ groupId, topics: topics.map((name) => ({ name, partitionIndexes: [0] })) }],
    requireStable: true,
  });
  const byName = new Map<string, { errorCode: number; committedOffset: bigint }>(
    response.groups[0].topics.map((t: { name: string; partitions: { errorCode: number; committedOffset: bigint }[] }) => [
      t.name,
      t.partitions[0],
    ]),
  );
  return topics.map((name) => [byName.get(name)!.errorCode, byName.get(name)!.committedOffset]);
}

describe('deleting a topic drops its offsets staged in open transactions', () => {
  it("commits the transaction without the deleted topic's offsets, even when the topic is recreated first", async () => {
    fixture = await startTestBroker({ offsetsTopicNumPartitions: 3, transactionStateLogNumPartitions: 3 });
    const client = await fixture.connect();
    await createTopic(client, 'staged-doomed');
    await createTopic(client, 'staged-kept');
    const producer = await openTransactionWithStagedOffsets(client, 'staged-app', 'staged-group', ['staged-doomed', 'staged-kept'], 42n);
    expect(await stableOffsets(client, 'staged-group', ['staged-doomed', 'staged-kept'])).toEqual([
      [ErrorCode.UNSTABLE_OFFSET_COMMIT, -1n],
      [ErrorCode.UNSTABLE_OFFSET_COMMIT, -1n],
    ]);

    await deleteTopic(client, 'staged-doomed');
    // No longer pending for the deleted topic; still pending for the other one.
    expect(await stableOffsets(client, 'staged-group', ['staged-doomed', 'staged-kept'])).toEqual([
      [ErrorCode.NONE, -1n],
      [ErrorCode.UNSTABLE_OFFSET_COMMIT, -1n],
    ]);
    await createTopic(client, 'staged-doomed');
    await commitTransaction(client, 'staged-app', producer);

    expect(await stableOffsets(client, 'staged-group', ['staged-doomed', 'staged-kept'])).toEqual([
      [ErrorCode.NONE, -1n],
      [ErrorCode.NONE, 42n],
    ]);
  });

  it('keeps them dropped across a restart before the commit', async () => {
    fixture = await startTestBroker({ offsetsTopicNumPartitions: 3, transactionStateLogNumPartitions: 3 });
    const client = await fixture.connect();
    await createTopic(client, 'restart-doomed');
    await createTopic(client, 'restart-kept');
    const only = await openTransactionWithStagedOffsets(client, 'only-doomed-app', 'restart-group-a', ['restart-doomed'], 7n);
    const both = await openTransactionWithStagedOffsets(client, 'both-app', 'restart-group-b', ['restart-doomed', 'restart-kept'], 9n);
    await deleteTopic(client, 'restart-doomed');

    await fixture.restart();
    const again = await fixture.connect();
    await createTopic(again, 'restart-doomed');
    await commitTransaction(again, 'only-doomed-app', only);
    await commitTransaction(again, 'both-app', both);
    expect(await stableOffsets(again, 'restart-group-a', ['restart-doomed'])).toEqual([[ErrorCode.NONE, -1n]]);
    expect(await stableOffsets(again, 'restart-group-b', ['restart-doomed', 'restart-kept'])).toEqual([
      [ErrorCode.NONE, -1n],
      [ErrorCode.NONE, 9n],
    ]);
  });
});
