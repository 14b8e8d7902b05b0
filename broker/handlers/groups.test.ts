import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { Writer } from '../protocol/writer.ts';
import { writeConsumerProtocolSubscription } from '../protocol/generated/consumer-protocol-subscription.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { decodeOffsetsTopicRecord } from '../coordinator/offsets-topic-records.ts';
import { offsetsPartitionFor } from '../coordinator/offsets-partition.ts';
import { BATCH_HEADER_BYTES, LOG_OVERHEAD_BYTES, readBatchHeader } from '../protocol/record-batch.ts';

const OFFSETS_PARTITIONS = 5;
let fixture: TestBroker;
let admin: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker({
    groupInitialRebalanceDelayMs: 0,
    groupMinSessionTimeoutMs: 100,
    offsetsTopicNumPartitions: OFFSETS_PARTITIONS,
  });
  admin = await fixture.connect();
  await admin.request(19, 7, {
    topics: [{ name: 'orders', numPartitions: 4, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
});
afterAll(async () => fixture.stop());

function subscription(...topics: string[]): Buffer {
  const writer = new Writer();
  writer.writeInt16(0);
  writeConsumerProtocolSubscription(writer, 0, { topics, userData: null });
  return writer.toBuffer();
}

interface JoinOptions {
  memberId?: string;
  protocols?: string[];
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  groupInstanceId?: string | null;
  version?: number;
}

function join(client: ProtocolTestClient, groupId: string, options: JoinOptions = {}) {
  return client.request(11, options.version ?? 5, {
    groupId,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
    rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 2_000,
    memberId: options.memberId ?? '',
    groupInstanceId: options.groupInstanceId ?? null,
    protocolType: 'consumer',
    protocols: (options.protocols ?? ['range']).map((name) => ({ name, metadata: subscription('orders') })),
  });
}

/** The two-step join of JoinGroup v4+: MEMBER_ID_REQUIRED, then the real join. */
async function joinNew(client: ProtocolTestClient, groupId: string, options: JoinOptions = {}) {
  const first = await join(client, groupId, options);
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  return join(client, groupId, { ...options, memberId: first.memberId });
}

function sync(
  client: ProtocolTestClient,
  groupId: string,
  generationId: number,
  memberId: string,
  assignments: { memberId: string; assignment: Buffer }[] = [],
) {
  return client.request(14, 3, { groupId, generationId, memberId, groupInstanceId: null, assignments });
}

function heartbeat(
  client: ProtocolTestClient,
  groupId: string,
  generationId: number,
  memberId: string,
  groupInstanceId: string | null = null,
) {
  return client.request(12, 3, { groupId, generationId, memberId, groupInstanceId });
}

function commit(
  client: ProtocolTestClient,
  groupId: string,
  generationId: number,
  memberId: string,
  offsets: [number, bigint][],
  topic = 'orders',
) {
  return client.request(8, 8, {
    groupId,
    generationIdOrMemberEpoch: generationId,
    memberId,
    groupInstanceId: null,
    topics: [
      {
        name: topic,
        partitions: offsets.map(([partitionIndex, committedOffset]) => ({
          partitionIndex,
          committedOffset,
          committedLeaderEpoch: -1,
          committedMetadata: 'm',
        })),
      },
    ],
  });
}

async function fetchCommitted(client: ProtocolTestClient, groupId: string): Promise<Map<number, bigint>> {
  const response = await client.request(9, 8, {
    groups: [{ groupId, topics: [{ name: 'orders', partitionIndexes: [0, 1, 2, 3] }] }],
    requireStable: true,
  });
  const partitions: { partitionIndex: number; committedOffset: bigint }[] = response.groups[0].topics[0].partitions;
  return new Map(partitions.map((p) => [p.partitionIndex, p.committedOffset]));
}

function batchesOf(records: Buffer): Buffer[] {
  const batches: Buffer[] = [];
  for (let position = 0; position + BATCH_HEADER_BYTES <= records.length && batches.length < 10_000; ) {
    const end = position + readBatchHeader(records, position).batchLength + LOG_OVERHEAD_BYTES;
    batches.push(records.subarray(position, end));
    position = end;
  }
  return batches;
}

async function stableGroupOfOne(groupId: string) {
  const client = await fixture.connect();
  const joined = await joinNew(client, groupId);
  expect(joined.errorCode).toBe(0);
  const synced = await sync(client, groupId, joined.generationId, joined.memberId, [
    { memberId: joined.memberId, assignment: Buffer.from('all') },
  ]);
  expect(synced.errorCode).toBe(0);
  return { client, memberId: joined.memberId as string, generationId: joined.generationId as number };
}

describe('joining and syncing', () => {
  it('gives a new member its id first, then makes it leader of generation 1 and delivers its assignment', async () => {
    const client = await fixture.connect();
    const joined = await joinNew(client, 'g-single');
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: joined.memberId });
    expect(joined.members.map((m: { memberId: string }) => m.memberId)).toEqual([joined.memberId]);
    const synced = await sync(client, 'g-single', 1, joined.memberId, [{ memberId: joined.memberId, assignment: Buffer.from('p0-3') }]);
    expect(synced.errorCode).toBe(0);
    expect(synced.assignment.toString()).toBe('p0-3');
    expect((await heartbeat(client, 'g-single', 1, joined.memberId)).errorCode).toBe(0);
    expect((await heartbeat(client, 'g-single', 7, joined.memberId)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await heartbeat(client, 'g-single', 1, 'nobody')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('rebalances when a second member joins and picks the protocol most members vote for', async () => {
    const first = await stableGroupOfOne('g-two');
    const secondClient = await fixture.connect();
    const secondFirstStep = await join(secondClient, 'g-two', { protocols: ['roundrobin', 'range'] });
    const secondJoin = join(secondClient, 'g-two', { memberId: secondFirstStep.memberId, protocols: ['roundrobin', 'range'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await heartbeat(first.client, 'g-two', first.generationId, first.memberId)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const firstRejoin = await join(first.client, 'g-two', { memberId: first.memberId, protocols: ['range', 'roundrobin'] });
    const second = await secondJoin;
    expect(firstRejoin.generationId).toBe(2);
    expect(second.generationId).toBe(2);
    // One vote each: the tie goes to the first member's preference.
    expect(firstRejoin.protocolName).toBe('range');
    expect(firstRejoin.leader).toBe(first.memberId);
    expect(firstRejoin.members).toHaveLength(2);
    expect(second.members).toHaveLength(0);
    const followerSync = sync(secondClient, 'g-two', 2, second.memberId);
    const leaderSync = await sync(first.client, 'g-two', 2, first.memberId, [
      { memberId: first.memberId, assignment: Buffer.from('a') },
      { memberId: second.memberId, assignment: Buffer.from('b') },
    ]);
    expect(leaderSync.assignment.toString()).toBe('a');
    expect((await followerSync).assignment.toString()).toBe('b');
  });

  it('refuses a member that shares no protocol with the group, and session timeouts out of bounds', async () => {
    await stableGroupOfOne('g-inconsistent');
    const client = await fixture.connect();
    expect((await join(client, 'g-inconsistent', { protocols: ['sticky'] })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join(client, 'g-bad-session', { sessionTimeoutMs: 10 })).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await join(client, 'g-bad-session', { sessionTimeoutMs: 2_000_000 })).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
  });

  it('removes a member that stops heartbeating and rebalances the others', async () => {
    const survivor = await fixture.connect();
    const doomed = await fixture.connect();
    const s1 = await join(survivor, 'g-expiry', { version: 3, sessionTimeoutMs: 1000 });
    await sync(survivor, 'g-expiry', s1.generationId, s1.memberId, []);
    const doomedJoin = join(doomed, 'g-expiry', { version: 3, sessionTimeoutMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const s2 = await join(survivor, 'g-expiry', { version: 3, memberId: s1.memberId, sessionTimeoutMs: 1000 });
    const d2 = await doomedJoin;
    await Promise.all([
      sync(survivor, 'g-expiry', s2.generationId, s1.memberId, []),
      sync(doomed, 'g-expiry', d2.generationId, d2.memberId),
    ]);
    // The doomed member never heartbeats again; the survivor does, and is told to rejoin once it expired.
    let errorCode = 0;
    for (let attempt = 0; attempt < 40 && errorCode === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      errorCode = (await heartbeat(survivor, 'g-expiry', s2.generationId, s1.memberId)).errorCode;
    }
    expect(errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const s3 = await join(survivor, 'g-expiry', { version: 3, memberId: s1.memberId, sessionTimeoutMs: 1000 });
    expect(s3.generationId).toBe(s2.generationId + 1);
    expect(s3.members.map((m: { memberId: string }) => m.memberId)).toEqual([s1.memberId]);
  });

  it('lets a static member come back with a new member id without a rebalance and fences the old id', async () => {
    const leader = await stableGroupOfOne('g-static');
    const staticClient = await fixture.connect();
    const firstJoin = join(staticClient, 'g-static', { groupInstanceId: 'instance-1' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await join(leader.client, 'g-static', { memberId: leader.memberId });
    const joined = await firstJoin;
    await Promise.all([
      sync(staticClient, 'g-static', joined.generationId, joined.memberId),
      sync(leader.client, 'g-static', joined.generationId, leader.memberId, [{ memberId: joined.memberId, assignment: Buffer.from('s') }]),
    ]);
    const restarted = await fixture.connect();
    const rejoined = await join(restarted, 'g-static', { groupInstanceId: 'instance-1' });
    expect(rejoined.errorCode).toBe(0);
    expect(rejoined.memberId).not.toBe(joined.memberId);
    expect(rejoined.generationId).toBe(joined.generationId);
    const synced = await sync(restarted, 'g-static', rejoined.generationId, rejoined.memberId);
    expect(synced.assignment.toString()).toBe('s');
    expect((await heartbeat(staticClient, 'g-static', joined.generationId, joined.memberId, 'instance-1')).errorCode).toBe(
      ErrorCode.FENCED_INSTANCE_ID,
    );
    expect((await heartbeat(leader.client, 'g-static', joined.generationId, leader.memberId)).errorCode).toBe(0);
  });

  for (const version of [5, 9]) {
    it(`gives a static leader that rejoins (JoinGroup v${version}) its assignment back without a rebalance, as Kafka`, async () => {
      const groupId = `g-static-leader-v${version}`;
      const [leaderClient, followerClient, restarted] = [await fixture.connect(), await fixture.connect(), await fixture.connect()];
      const leaderJoin = await join(leaderClient, groupId, { groupInstanceId: 'leader', version });
      expect(leaderJoin.leader).toBe(leaderJoin.memberId);
      await sync(leaderClient, groupId, leaderJoin.generationId, leaderJoin.memberId, [
        { memberId: leaderJoin.memberId, assignment: Buffer.from('L') },
      ]);
      const followerJoining = join(followerClient, groupId, { groupInstanceId: 'follower', version });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const leaderAgain = await join(leaderClient, groupId, { memberId: leaderJoin.memberId, groupInstanceId: 'leader', version });
      const followerJoin = await followerJoining;
      await Promise.all([
        sync(leaderClient, groupId, leaderAgain.generationId, leaderAgain.memberId, [
          { memberId: leaderAgain.memberId, assignment: Buffer.from('L') },
          { memberId: followerJoin.memberId, assignment: Buffer.from('F') },
        ]),
        sync(followerClient, groupId, followerJoin.generationId, followerJoin.memberId),
      ]);

      // The leader's process restarts: a new connection, an empty member id, the same instance id.
      const rejoined = await join(restarted, groupId, { groupInstanceId: 'leader', version });
      expect(rejoined.errorCode).toBe(0);
      expect(rejoined.generationId).toBe(leaderAgain.generationId);
      if (version >= 9) {
        expect(rejoined).toMatchObject({ leader: rejoined.memberId, skipAssignment: true });
        expect(rejoined.members.map((m: { groupInstanceId: string }) => m.groupInstanceId)).toEqual(['leader', 'follower']);
      } else {
        // Before v9 it cannot be told to skip the assignment, so it is answered as a follower.
        expect(rejoined).toMatchObject({ leader: leaderAgain.memberId, skipAssignment: false, members: [] });
      }
      const heartbeatError = (await heartbeat(followerClient, groupId, followerJoin.generationId, followerJoin.memberId, 'follower'))
        .errorCode;
      expect(heartbeatError).toBe(0);
      const synced = await sync(restarted, groupId, rejoined.generationId, rejoined.memberId, [
        { memberId: rejoined.memberId, assignment: Buffer.from('changed') },
      ]);
      expect(synced.assignment.toString()).toBe('L');
      expect((await heartbeat(leaderClient, groupId, leaderAgain.generationId, leaderAgain.memberId, 'leader')).errorCode).toBe(
        ErrorCode.FENCED_INSTANCE_ID,
      );
      for (const client of [leaderClient, followerClient, restarted]) client.close();
    });
  }

  it('lets several members leave in one LeaveGroup v3 request, each with its own answer', async () => {
    const member = await stableGroupOfOne('g-leave');
    const response = await admin.request(13, 3, {
      groupId: 'g-leave',
      members: [
        { memberId: member.memberId, groupInstanceId: null },
        { memberId: 'ghost', groupInstanceId: null },
      ],
    });
    expect(response.errorCode).toBe(0);
    expect(response.members.map((m: { errorCode: number }) => m.errorCode)).toEqual([0, ErrorCode.UNKNOWN_MEMBER_ID]);
    const described = await admin.request(15, 5, { groups: ['g-leave'], includeAuthorizedOperations: false });
    expect(described.groups[0].groupState).toBe('Empty');
  });
});

describe('committed offsets', () => {
  it('commits for the current generation, rejects stale ones and answers OffsetFetch v1 and v8', async () => {
    const member = await stableGroupOfOne('g-commit');
    expect(
      (
        await commit(member.client, 'g-commit', member.generationId, member.memberId, [
          [0, 5n],
          [1, 7n],
        ])
      ).topics[0].partitions.map((p: { errorCode: number }) => p.errorCode),
    ).toEqual([0, 0]);
    const stale = await commit(member.client, 'g-commit', member.generationId + 1, member.memberId, [[0, 9n]]);
    expect(stale.topics[0].partitions[0].errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const unknownTopic = await commit(member.client, 'g-commit', member.generationId, member.memberId, [[0, 1n]], 'no-such-topic');
    expect(unknownTopic.topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(await fetchCommitted(admin, 'g-commit')).toEqual(
      new Map([
        [0, 5n],
        [1, 7n],
        [2, -1n],
        [3, -1n],
      ]),
    );
    const v1 = await admin.request(9, 1, { groupId: 'g-commit', topics: [{ name: 'orders', partitionIndexes: [1] }] });
    expect(v1.topics[0].partitions[0]).toMatchObject({ committedOffset: 7n, metadata: 'm', errorCode: 0 });
  });

  it('refuses an admin commit (generation -1) while the group has members, as Kafka does, and allows it once empty', async () => {
    const member = await stableGroupOfOne('g-reset');
    const refused = await commit(admin, 'g-reset', -1, '', [[0, 0n]]);
    expect(refused.topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    await admin.request(13, 1, { groupId: 'g-reset', memberId: member.memberId });
    const accepted = await commit(admin, 'g-reset', -1, '', [[0, 3n]]);
    expect(accepted.topics[0].partitions[0].errorCode).toBe(0);
    expect((await fetchCommitted(admin, 'g-reset')).get(0)).toBe(3n);
  });

  it('writes commits to __consumer_offsets in Kafka layout and reads them back after a restart', async () => {
    expect((await commit(admin, 'g-durable', -1, '', [[2, 42n]])).topics[0].partitions[0].errorCode).toBe(0);
    const partition = offsetsPartitionFor('g-durable', OFFSETS_PARTITIONS);
    const fetched = await admin.request(1, 4, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [{ topic: '__consumer_offsets', partitions: [{ partition, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
    });
    const decoded = batchesOf(fetched.responses[0].partitions[0].records as Buffer)
      .flatMap((batch) => decodeBatchRecords(batch)!)
      .map((r) => decodeOffsetsTopicRecord(r.key!, r.value));
    expect(decoded).toContainEqual(
      expect.objectContaining({
        kind: 'offset',
        groupId: 'g-durable',
        topic: 'orders',
        partition: 2,
        offset: expect.objectContaining({ offset: 42n }),
      }),
    );
    const metadata = await admin.request(3, 1, { topics: [{ name: '__consumer_offsets' }] });
    expect(metadata.topics[0]).toMatchObject({ errorCode: 0, isInternal: true });
    expect(metadata.topics[0].partitions).toHaveLength(OFFSETS_PARTITIONS);

    await fixture.restart();
    admin = await fixture.connect();
    expect((await fetchCommitted(admin, 'g-durable')).get(2)).toBe(42n);
    const listed = await admin.request(16, 4, { statesFilter: ['Empty'] });
    expect(listed.groups.map((g: { groupId: string }) => g.groupId)).toContain('g-durable');
  });
});

describe('group administration', () => {
  it('lists groups with a state filter and describes members once stable', async () => {
    const member = await stableGroupOfOne('g-admin');
    const stable = await admin.request(16, 5, { statesFilter: ['stable'], typesFilter: ['Classic'] });
    expect(stable.groups).toContainEqual({ groupId: 'g-admin', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' });
    const described = await admin.request(15, 5, { groups: ['g-admin', 'g-missing'], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ errorCode: 0, groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(described.groups[0].members[0]).toMatchObject({ memberId: member.memberId, clientId: 'samsa-test', clientHost: '/127.0.0.1' });
    expect(described.groups[0].members[0].memberAssignment.toString()).toBe('all');
    expect(described.groups[1]).toMatchObject({ errorCode: 0, groupState: 'Dead', members: [] });
  });

  it('deletes only empty groups, and refuses to delete offsets of a subscribed topic', async () => {
    const member = await stableGroupOfOne('g-delete');
    await commit(member.client, 'g-delete', member.generationId, member.memberId, [[0, 1n]]);
    const offsetDelete = await admin.request(47, 0, {
      groupId: 'g-delete',
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0 }] }],
    });
    expect(offsetDelete.topics[0].partitions[0].errorCode).toBe(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
    const refused = await admin.request(42, 2, { groupsNames: ['g-delete', 'g-never'] });
    expect(refused.results.map((r: { errorCode: number }) => r.errorCode)).toEqual([
      ErrorCode.NON_EMPTY_GROUP,
      ErrorCode.GROUP_ID_NOT_FOUND,
    ]);
    await admin.request(13, 1, { groupId: 'g-delete', memberId: member.memberId });
    const offsetDeleted = await admin.request(47, 0, {
      groupId: 'g-delete',
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0 }] }],
    });
    expect(offsetDeleted.topics[0].partitions[0].errorCode).toBe(0);
    expect((await fetchCommitted(admin, 'g-delete')).get(0)).toBe(-1n);
    const deleted = await admin.request(42, 2, { groupsNames: ['g-delete'] });
    expect(deleted.results[0].errorCode).toBe(0);
    const described = await admin.request(15, 5, { groups: ['g-delete'], includeAuthorizedOperations: false });
    expect(described.groups[0].groupState).toBe('Dead');
  });
});
