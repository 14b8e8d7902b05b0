// Online migration between the classic and consumer protocols over the wire: a classic group (JoinGroup v9 /
// SyncGroup v5) upgraded by a ConsumerGroupHeartbeat, its classic member rejoining inside the consumer group
// (Heartbeat REBALANCE_IN_PROGRESS, JoinGroup answered with its member epoch, SyncGroup with ConsumerProtocol
// assignment bytes), ConsumerGroupDescribe telling the member types apart, a restart rebuilding the mixed group
// from __consumer_offsets, and the downgrade when the consumer-protocol member leaves. Then a static member's
// round trip classic -> consumer -> classic, which Kafka 4.3.1 answers the same way request by request (checked
// against it): no rebalance at either step when the subscription stays the same.
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

/** Who sends a classic request: the connection (a JoinGroup waiting for others holds its connection's answers), group, instance id. */
interface Sender {
  via?: ProtocolTestClient;
  groupId?: string;
  groupInstanceId?: string | null;
}

const join = (memberId: string, owned: number[] = [], { via = client, groupId = GROUP, groupInstanceId = null }: Sender = {}) =>
  via.request(11, 9, {
    groupId,
    sessionTimeoutMs: 30_000,
    rebalanceTimeoutMs: 30_000,
    memberId,
    groupInstanceId,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscriptionBytes(owned) }],
    reason: null,
  });
const sync = (
  memberId: string,
  generationId: number,
  assignments: { memberId: string; assignment: Buffer }[] = [],
  { via = client, groupId = GROUP, groupInstanceId = null }: Sender = {},
) => via.request(14, 5, classicSync(memberId, generationId, { groupId, groupInstanceId, assignments }));
const heartbeat = (memberId: string, generationId: number, { via = client, groupId = GROUP, groupInstanceId = null }: Sender = {}) =>
  via.request(12, 4, { groupId, generationId, memberId, groupInstanceId });
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

it('moves a static member classic -> consumer -> classic with the same subscription without a rebalance: it keeps its partitions, the other member is never disturbed', async () => {
  const groupId = 'g-static-migration';
  const other = await fixture.connect();
  const s = { groupId, groupInstanceId: 'instance-s' };
  // A classic group at generation 2: a (dynamic, the leader) owns 0-1, the static member s owns 2-3.
  const a: string = (await join('', [], { groupId })).memberId;
  expect((await join(a, [], { groupId })).generationId).toBe(1);
  await sync(a, 1, [{ memberId: a, assignment: assignmentBytes([0, 1, 2, 3]) }], { groupId });
  const sJoin = join('', [], { ...s, via: other });
  // a learns of the rebalance s's join started (on the other connection) from its heartbeat.
  let told: number = ErrorCode.NONE;
  for (let attempt = 0; attempt < 200 && told !== ErrorCode.REBALANCE_IN_PROGRESS; attempt++) {
    told = (await heartbeat(a, 1, { groupId })).errorCode;
  }
  expect(told).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  expect((await join(a, [0, 1, 2, 3], { groupId })).generationId).toBe(2);
  const classicS: string = (await sJoin).memberId;
  const sSync = sync(classicS, 2, [], { ...s, via: other });
  const assignments = [
    { memberId: a, assignment: assignmentBytes([0, 1]) },
    { memberId: classicS, assignment: assignmentBytes([2, 3]) },
  ];
  await sync(a, 2, assignments, { groupId });
  expect(partitionsIn((await sSync).assignment)).toEqual([2, 3]);

  // s restarts with the consumer protocol (a classic static member stops without leaving): it replaces its
  // classic self at once with partitions 2-3 and upgrades the group, whose epoch stays at the generation.
  const consumerS = consumerHeartbeatRequest({ ...s, instanceId: 'instance-s' });
  const upgraded = await client.request(68, 1, consumerS);
  expect(upgraded).toMatchObject({ errorCode: 0, memberEpoch: 2, assignment: { topicPartitions: [{ topicId, partitions: [2, 3] }] } });
  const described = (await client.request(69, 1, { groupIds: [groupId], includeAuthorizedOperations: false })).groups[0];
  expect(described).toMatchObject({ groupState: 'Stable', groupEpoch: 2 });
  expect((await heartbeat(a, 2, { groupId })).errorCode).toBe(ErrorCode.NONE);

  // s stops for a while (-2) and comes back as a classic member: the group turns classic again, still Stable at
  // generation 2, and the join is answered at once (Kafka rebalances here only for another subscription).
  await client.request(68, 1, { ...consumerS, memberEpoch: -2, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: null });
  const rejoined = await join('', [], s);
  expect(rejoined).toMatchObject({ errorCode: 0, generationId: 2, protocolName: 'range', leader: '', members: [] });
  const classicGroup = (await client.request(15, 5, { groups: [groupId], includeAuthorizedOperations: false })).groups[0];
  expect(classicGroup).toMatchObject({ errorCode: 0, groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
  expect(partitionsIn((await sync(rejoined.memberId, 2, [], s)).assignment)).toEqual([2, 3]);
  expect((await heartbeat(rejoined.memberId, 2, s)).errorCode).toBe(ErrorCode.NONE);
  expect((await heartbeat(a, 2, { groupId })).errorCode).toBe(ErrorCode.NONE);
  other.close();
});
