// Online migration between the classic and consumer protocols over the wire: a classic group (JoinGroup v9 /
// SyncGroup v5) upgraded by a ConsumerGroupHeartbeat, its classic member rejoining inside the consumer group
// (Heartbeat REBALANCE_IN_PROGRESS, JoinGroup answered with its member epoch, SyncGroup with ConsumerProtocol
// assignment bytes), ConsumerGroupDescribe telling the member types apart, a restart rebuilding the mixed group
// from __consumer_offsets, and the downgrade when the consumer-protocol member leaves.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assignmentBytes, classicSync, consumerHeartbeatRequest, partitionsIn, subscriptionBytes } from '../coordinator/test-support.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';

const GROUP = 'g-migration';
let fixture: TestBroker;
let client: ProtocolTestClient;
let topicId: string;

beforeAll(async () => {
  fixture = await startTestBroker({ groupInitialRebalanceDelayMs: 0 });
  client = await fixture.connect();
  const created = await client.request(19, 7, {
    topics: [{ name: 'orders', numPartitions: 4, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  topicId = created.topics[0].topicId;
});
afterAll(async () => {
  await fixture?.stop();
});

const join = (memberId: string, owned: number[] = []) =>
  client.request(11, 9, {
    groupId: GROUP,
    sessionTimeoutMs: 30_000,
    rebalanceTimeoutMs: 30_000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscriptionBytes(owned) }],
    reason: null,
  });
const sync = (memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = []) =>
  client.request(14, 5, classicSync(memberId, generationId, { groupId: GROUP, assignments }));
const heartbeat = (memberId: string, generationId: number) =>
  client.request(12, 4, { groupId: GROUP, generationId, memberId, groupInstanceId: null });
const consumerMember = consumerHeartbeatRequest({ groupId: GROUP });
const consumerMemberId = consumerMember.memberId;
const consumerHeartbeat = (body: object) => client.request(68, 1, { ...consumerMember, ...body });

it('upgrades a classic group, serves its classic member inside the consumer group, survives a restart and downgrades back', async () => {
  const required = await join('');
  expect(required.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  const classicId: string = required.memberId;
  const joined = await join(classicId);
  expect(joined).toMatchObject({ errorCode: 0, generationId: 1, leader: classicId });
  const synced = await sync(classicId, 1, [{ memberId: classicId, assignment: assignmentBytes([0, 1, 2, 3]) }]);
  expect(partitionsIn(synced.assignment)).toEqual([0, 1, 2, 3]);

  // Upgrade: the consumer-protocol member joins; the classic member stays, at epoch 1 with its partitions.
  const upgraded = await consumerHeartbeat({});
  expect(upgraded).toMatchObject({ errorCode: 0, memberEpoch: 2 });
  let described = (await client.request(69, 1, { groupIds: [GROUP], includeAuthorizedOperations: false })).groups[0];
  expect(described).toMatchObject({ errorCode: 0, groupState: 'Reconciling', groupEpoch: 2, assignmentEpoch: 2 });
  const types = Object.fromEntries(
    described.members.map((m: { memberId: string; memberType: number; memberEpoch: number }) => [
      m.memberId,
      [m.memberType, m.memberEpoch],
    ]),
  );
  expect(types).toEqual({ [classicId]: [0, 1], [consumerMemberId]: [1, 2] });

  // The classic member rejoins: revokes two partitions (cooperatively), then moves to epoch 2.
  expect((await heartbeat(classicId, 1)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  const rejoined = await join(classicId, [0, 1, 2, 3]);
  expect(rejoined).toMatchObject({
    errorCode: 0,
    generationId: 1,
    protocolType: 'consumer',
    protocolName: 'range',
    leader: '',
    members: [],
  });
  const kept = partitionsIn((await sync(classicId, 1)).assignment);
  expect(kept).toHaveLength(2);
  expect((await heartbeat(classicId, 1)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  expect(await join(classicId, kept)).toMatchObject({ errorCode: 0, generationId: 2 });
  expect(partitionsIn((await sync(classicId, 2)).assignment)).toEqual(kept);
  expect((await heartbeat(classicId, 2)).errorCode).toBe(ErrorCode.NONE);
  const commit = await client.request(8, 9, {
    groupId: GROUP,
    generationIdOrMemberEpoch: 2,
    memberId: classicId,
    groupInstanceId: null,
    topics: [
      { name: 'orders', partitions: [{ partitionIndex: kept[0], committedOffset: 3n, committedLeaderEpoch: -1, committedMetadata: '' }] },
    ],
  });
  expect(commit.topics[0].partitions[0].errorCode).toBe(0);
  const consumerGot = await consumerHeartbeat({ memberEpoch: 2, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: [] });
  expect(consumerGot.assignment.topicPartitions).toEqual([{ topicId, partitions: [0, 1, 2, 3].filter((p) => !kept.includes(p)) }]);

  // A restart rebuilds the mixed group from its records; the classic member carries on at its generation.
  await fixture.restart();
  client = await fixture.connect();
  described = (await client.request(69, 1, { groupIds: [GROUP], includeAuthorizedOperations: false })).groups[0];
  expect(described.members.map((m: { memberId: string; memberType: number; memberEpoch: number }) => m.memberType).sort()).toEqual([0, 1]);
  expect((await heartbeat(classicId, 2)).errorCode).toBe(ErrorCode.NONE);

  // Downgrade: the consumer-protocol member leaves; the classic member is told to rejoin the classic group.
  const left = await consumerHeartbeat({ memberEpoch: -1, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: null });
  expect(left.errorCode).toBe(0);
  const classic = (await client.request(15, 5, { groups: [GROUP], includeAuthorizedOperations: false })).groups[0];
  expect(classic).toMatchObject({ errorCode: 0, groupState: 'PreparingRebalance', protocolType: 'consumer' });
  expect((await heartbeat(classicId, 2)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  const rejoinedClassic = await join(classicId, kept);
  expect(rejoinedClassic).toMatchObject({ errorCode: 0, generationId: 3, leader: classicId });
  const listed = await client.request(16, 5, { statesFilter: [], typesFilter: [] });
  expect(listed.groups).toContainEqual({
    groupId: GROUP,
    protocolType: 'consumer',
    groupState: 'CompletingRebalance',
    groupType: 'classic',
  });
  const fetched = await client.request(9, 8, {
    groups: [{ groupId: GROUP, topics: [{ name: 'orders', partitionIndexes: [kept[0]] }] }],
    requireStable: false,
  });
  expect(fetched.groups[0].topics[0].partitions[0].committedOffset).toBe(3n);
});
