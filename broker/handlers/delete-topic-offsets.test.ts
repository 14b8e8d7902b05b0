import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

let fixture: TestBroker | null = null;
afterEach(async () => {
  await fixture?.stop();
  fixture = null;
});

async function start(overrides: Parameters<typeof startTestBroker>[0] = {}): Promise<{ fixture: TestBroker; client: ProtocolTestClient }> {
  fixture = await startTestBroker({ offsetsTopicNumPartitions: 3, ...overrides });
  return { fixture, client: await fixture.connect() };
}

async function createTopic(client: ProtocolTestClient, name: string, numPartitions = 2): Promise<void> {
  const response = await client.request(19, 7, {
    topics: [{ name, numPartitions, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(ErrorCode.NONE);
}

async function deleteTopic(client: ProtocolTestClient, name: string): Promise<void> {
  const response = await client.request(20, 6, { topics: [{ name, topicId: '00000000-0000-0000-0000-000000000000' }], timeoutMs: 5000 });
  expect(response.responses[0].errorCode).toBe(ErrorCode.NONE);
}

/** An admin-style commit (generation -1) of offset `base + partition` for each partition. */
async function commit(client: ProtocolTestClient, groupId: string, topic: string, partitions: number[], base: bigint): Promise<void> {
  const response = await client.request(8, 8, {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      {
        name: topic,
        partitions: partitions.map((p) => ({
          partitionIndex: p,
          committedOffset: base + BigInt(p),
          committedLeaderEpoch: -1,
          committedMetadata: '',
        })),
      },
    ],
  });
  for (const partition of response.topics[0].partitions) expect(partition.errorCode).toBe(ErrorCode.NONE);
}

/** Every committed offset of the group (OffsetFetch with null topics), as "topic/partition=offset". */
async function allCommitted(client: ProtocolTestClient, groupId: string): Promise<string[]> {
  const response = await client.request(9, 8, { groups: [{ groupId, topics: null }], requireStable: false });
  const topics: { name: string; partitions: { partitionIndex: number; committedOffset: bigint }[] }[] = response.groups[0].topics;
  return topics.flatMap((t) => t.partitions.map((p) => `${t.name}/${p.partitionIndex}=${p.committedOffset}`)).sort();
}

async function committedOf(client: ProtocolTestClient, groupId: string, topic: string, partitions: number[]): Promise<bigint[]> {
  const response = await client.request(9, 8, {
    groups: [{ groupId, topics: [{ name: topic, partitionIndexes: partitions }] }],
    requireStable: false,
  });
  return response.groups[0].topics[0].partitions.map((p: { committedOffset: bigint }) => p.committedOffset);
}

async function listedGroups(client: ProtocolTestClient): Promise<string[]> {
  const response = await client.request(16, 4, { statesFilter: [] });
  return response.groups.map((g: { groupId: string }) => g.groupId).sort();
}

describe('deleting a topic deletes its committed offsets', () => {
  it("removes the topic's offsets from every group at once and keeps the other topics' offsets", async () => {
    const { client } = await start();
    await createTopic(client, 'doomed');
    await createTopic(client, 'kept');
    await commit(client, 'group-a', 'doomed', [0, 1], 10n);
    await commit(client, 'group-a', 'kept', [0], 20n);
    await commit(client, 'group-b', 'doomed', [1], 30n);
    expect(await allCommitted(client, 'group-b')).toEqual(['doomed/1=31']);

    await deleteTopic(client, 'doomed');

    expect(await allCommitted(client, 'group-a')).toEqual(['kept/0=20']);
    expect(await allCommitted(client, 'group-b')).toEqual([]);
    expect(await committedOf(client, 'group-a', 'doomed', [0, 1])).toEqual([-1n, -1n]);
  });

  it('keeps them deleted after a restart, and a topic recreated with the same name starts without them', async () => {
    const { fixture: broker, client } = await start();
    await createTopic(client, 'reborn');
    await createTopic(client, 'kept');
    await commit(client, 'group-r', 'reborn', [0, 1], 100n);
    await commit(client, 'group-r', 'kept', [1], 200n);
    await deleteTopic(client, 'reborn');

    await broker.restart();
    const afterRestart = await broker.connect();
    expect(await allCommitted(afterRestart, 'group-r')).toEqual(['kept/1=201']);

    await createTopic(afterRestart, 'reborn');
    expect(await committedOf(afterRestart, 'group-r', 'reborn', [0, 1])).toEqual([-1n, -1n]);
    await broker.restart();
    const again = await broker.connect();
    expect(await committedOf(again, 'group-r', 'reborn', [0, 1])).toEqual([-1n, -1n]);
    expect(await allCommitted(again, 'group-r')).toEqual(['kept/1=201']);
  });

  it('leaves a group without offsets Empty until the expiry sweep deletes it, as Kafka does', async () => {
    const { client } = await start({ offsetsRetentionCheckIntervalMs: 60_000 });
    await createTopic(client, 'only-topic');
    await commit(client, 'group-only', 'only-topic', [0], 5n);
    await deleteTopic(client, 'only-topic');

    expect(await allCommitted(client, 'group-only')).toEqual([]);
    expect(await listedGroups(client)).toEqual(['group-only']);
  });

  it('lets the expiry sweep delete a group the topic deletion left without offsets', async () => {
    const { fixture: broker, client } = await start({ offsetsRetentionCheckIntervalMs: 50 });
    await createTopic(client, 'only-topic');
    await createTopic(client, 'kept');
    await commit(client, 'group-gone', 'only-topic', [0], 5n);
    await commit(client, 'group-stays', 'only-topic', [0], 5n);
    await commit(client, 'group-stays', 'kept', [0], 7n);
    await deleteTopic(client, 'only-topic');

    await expect.poll(() => listedGroups(client), { timeout: 5000, interval: 50 }).toEqual(['group-stays']);
    await broker.restart();
    expect(await listedGroups(await broker.connect())).toEqual(['group-stays']);
  });
});
