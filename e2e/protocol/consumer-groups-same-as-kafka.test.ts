// KIP-848 consumer group answers match Apache Kafka 4.3.1: the same raw requests (ConsumerGroupHeartbeat,
// ConsumerGroupDescribe, ListGroups, DescribeGroups, OffsetCommit/Fetch with member epochs, JoinGroup across
// protocols) in the same order go to the built-in broker and to a real Kafka, and error codes and messages,
// epochs, states, assignment sizes and reconciliation steps must match. Member ids are the test's own UUIDs
// (v1: the client chooses them); topic ids differ per broker and are compared by name. Kafka 4.3's first
// member of a new group lands at epoch 2 where Samsa's lands at 1, so epochs are compared relative to that
// first one, and the numbers inside error messages are left out.
/** biome-ignore-all lint/suspicious/noExplicitAny: compares raw responses of two brokers field by field, whatever their API */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeConsumerProtocolSubscription } from '../../broker/protocol/generated/consumer-protocol-subscription.ts';
import { Writer } from '../../broker/protocol/writer.ts';
import { ProtocolTestClient } from '../../broker/test-support/protocol-test-client.ts';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { startRealKafka } from '../fixtures/real-kafka.ts';

const A = randomUUID();
const B = randomUUID();
const STRANGER = randomUUID();
/** Static members of group cs, one instance id after another, and a dynamic member beside them. */
const S1 = randomUUID();
const S2 = randomUUID();
const S3 = randomUUID();
const D = randomUUID();
const E = randomUUID();

function subscription(): Buffer {
  const w = new Writer();
  w.writeInt16(0);
  writeConsumerProtocolSubscription(w, 0, { topics: ['t'], userData: null });
  return w.toBuffer();
}

/** Sorted partitions of an assignment (null when none was sent). */
function partitionsOf(assignment: any): number[] | null {
  if (assignment === null) return null;
  return assignment.topicPartitions.flatMap((t: any) => t.partitions).sort((x: number, y: number) => x - y);
}

async function scenario(port: number): Promise<Record<string, unknown>> {
  const c = await ProtocolTestClient.connect(port);
  const out: Record<string, unknown> = {};
  const created = await c.request(19, 7, {
    topics: [{ name: 't', numPartitions: 4, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  const topicId: string = created.topics[0].topicId;
  // Kafka answers NOT_COORDINATOR until __consumer_offsets exists and is loaded: wait for every group used.
  for (let i = 0; i < 60; i++) {
    const codes = [];
    for (const key of ['cg', 'cls', 'none', 'cs']) codes.push((await c.request(10, 3, { key, keyType: 0 })).errorCode);
    if (codes.every((code: number) => code === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const heartbeat = (body: object, version = 1, groupId = 'cg') =>
    c.request(68, version, {
      groupId,
      memberId: A,
      memberEpoch: 0,
      instanceId: null,
      rackId: null,
      rebalanceTimeoutMs: 30_000,
      subscribedTopicNames: ['t'],
      subscribedTopicRegex: null,
      serverAssignor: null,
      topicPartitions: [],
      ...body,
    });
  const owned = (partitions: number[]) => [{ topicId, partitions }];
  let rel = (epoch: number) => epoch;
  const answer = (r: any) => [r.errorCode, r.errorMessage?.replace(/\d+/g, 'N') ?? null, rel(r.memberEpoch), partitionsOf(r.assignment)];

  out.emptyMemberId = answer(await heartbeat({ memberId: '' }));
  out.noRebalanceTimeout = answer(await heartbeat({ rebalanceTimeoutMs: -1 }));
  out.nullOwned = answer(await heartbeat({ topicPartitions: null }));
  out.noSubscription = answer(await heartbeat({ subscribedTopicNames: null }));
  out.badAssignor = answer(await heartbeat({ serverAssignor: 'sticky' }));
  out.unknownGroup = answer(await heartbeat({ memberEpoch: 3 }, 1, 'none'));

  // Kafka may still be loading the group's __consumer_offsets partition (NOT_COORDINATOR, LOAD_IN_PROGRESS):
  // a join that fails so changes nothing there, so it is retried.
  let a1 = await heartbeat({});
  for (let i = 0; i < 120 && [14, 15, 16].includes(a1.errorCode); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    a1 = await heartbeat({});
  }
  const base = a1.memberEpoch;
  rel = (epoch: number) => (epoch > 0 ? epoch - base + 1 : epoch);
  out.a1 = [...answer(a1), a1.memberId === A, a1.heartbeatIntervalMs];
  let aEpoch = a1.memberEpoch;
  const beatA = (partitions: number[] | null, epoch = aEpoch) =>
    heartbeat({
      memberEpoch: epoch,
      rebalanceTimeoutMs: -1,
      subscribedTopicNames: null,
      topicPartitions: partitions === null ? null : owned(partitions),
    });
  out.aStable = answer(await beatA([0, 1, 2, 3]));
  const b1 = await heartbeat({ memberId: B });
  out.b1 = answer(b1);
  let bEpoch = b1.memberEpoch;
  const beatB = (partitions: number[]) =>
    heartbeat({ memberId: B, memberEpoch: bEpoch, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: owned(partitions) });
  const a2 = await beatA([0, 1, 2, 3]);
  out.aRevoking = [a2.errorCode, rel(a2.memberEpoch), partitionsOf(a2.assignment)?.length];
  const kept = partitionsOf(a2.assignment) ?? [];
  const describeGroup = async () => {
    const d = await c.request(69, 1, { groupIds: ['cg'], includeAuthorizedOperations: false });
    const g = d.groups[0];
    return [
      g.errorCode,
      g.groupState,
      rel(g.groupEpoch),
      rel(g.assignmentEpoch),
      g.assignorName,
      g.members
        .map((m: any) => [
          m.memberId === A ? 'A' : 'B',
          rel(m.memberEpoch),
          m.clientId,
          m.subscribedTopicNames,
          m.assignment.topicPartitions.flatMap((t: any) => t.partitions).length,
          m.targetAssignment.topicPartitions.map((t: any) => t.topicName),
          m.memberType,
        ])
        .sort(),
    ];
  };
  out.describeReconciling = await describeGroup();
  const a3 = await beatA(kept);
  out.aRevoked = answer(a3);
  aEpoch = a3.memberEpoch;
  const b2 = await beatB([]);
  out.bAssigned = [b2.errorCode, rel(b2.memberEpoch), partitionsOf(b2.assignment)];
  bEpoch = b2.memberEpoch;
  const bOwned = partitionsOf(b2.assignment) ?? [];
  out.bStable = answer(await beatB(bOwned));
  out.describeStable = await describeGroup();
  out.fencedAhead = answer(await beatA(kept, aEpoch + 5));
  out.fencedBehind = answer(await beatA([0, 1, 2, 3], aEpoch - 1));
  out.unknownMember = answer(
    await heartbeat({ memberId: STRANGER, memberEpoch: 2, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: null }),
  );

  const commit = (memberId: string, epoch: number, version = 9) =>
    c
      .request(8, version, {
        groupId: 'cg',
        generationIdOrMemberEpoch: epoch,
        memberId,
        groupInstanceId: null,
        topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
      })
      .then((r: any) => r.topics[0].partitions[0].errorCode);
  out.commitCurrent = await commit(B, bEpoch);
  out.commitStale = await commit(B, bEpoch - 1);
  out.commitV8 = await commit(B, bEpoch, 8);
  out.commitAdmin = await commit('', -1);
  out.commitUnknown = await commit(STRANGER, 2);
  const fetch = (memberId: string | null, memberEpoch: number) =>
    c
      .request(9, 9, {
        groups: [{ groupId: 'cg', memberId, memberEpoch, topics: [{ name: 't', partitionIndexes: [0] }] }],
        requireStable: false,
      })
      .then((r: any) => [
        r.groups[0].errorCode,
        r.groups[0].topics.flatMap((t: any) => t.partitions.map((p: any) => p.committedOffset.toString())),
      ]);
  out.fetchMember = await fetch(B, bEpoch);
  out.fetchStale = await fetch(B, bEpoch - 1);
  out.fetchAdmin = await fetch(null, -1);

  const list = async (typesFilter: string[], statesFilter: string[] = []) =>
    (await c.request(16, 5, { statesFilter, typesFilter })).groups
      .map((g: any) => [g.groupId, g.protocolType, g.groupState, g.groupType])
      .sort();
  out.listConsumer = await list(['consumer']);
  out.listStableUpper = await list(['CONSUMER'], ['STABLE']);
  out.listClassic = await list(['classic']);
  for (const version of [5, 6]) {
    const d = await c.request(15, version, { groups: ['cg'], includeAuthorizedOperations: false });
    out[`describeGroupsV${version}`] = d.groups.map((g: any) => [
      g.errorCode,
      g.errorMessage ?? null,
      g.groupState,
      g.protocolType,
      g.members.length,
    ]);
  }
  const join = (groupId: string) =>
    c.request(11, 9, {
      groupId,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 5000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: subscription() }],
      reason: null,
    });
  // A classic group with a member refuses consumer-protocol members, and ConsumerGroupDescribe does not describe it.
  const classic = await join('cls');
  const joinedAgain = await c.request(11, 9, {
    groupId: 'cls',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 5000,
    memberId: classic.memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription() }],
    reason: null,
  });
  out.classicJoin = [classic.errorCode, joinedAgain.errorCode];
  out.heartbeatIntoClassic = answer(await heartbeat({ memberId: STRANGER }, 1, 'cls'));
  const classicIntoConsumer = await join('cg');
  out.classicJoinIntoConsumer = [classicIntoConsumer.errorCode, classicIntoConsumer.protocolName];
  const described = await c.request(69, 1, { groupIds: ['cls', 'none'], includeAuthorizedOperations: false });
  out.describeOthers = described.groups.map((g: any) => [g.groupId, g.errorCode, g.errorMessage]).sort();

  out.deleteNonEmpty = (await c.request(42, 2, { groupsNames: ['cg'] })).results.map((r: any) => r.errorCode);
  const left = await beatA(null, -1);
  out.leave = [left.errorCode, left.memberId === A, left.memberEpoch, left.assignment];
  out.describeAfterLeave = await describeGroup();
  out.bTakesAll = answer(await beatB(bOwned));
  Object.assign(out, await staticMembers(heartbeat, topicId));
  c.close();
  return out;
}

/**
 * Static members leaving for a while (epoch -2) in group cs: a successor with the instance id joins owning
 * nothing, so it drops at once what its target no longer holds; partitions still being revoked are released
 * by the leave; heartbeats and leaves are checked by instance id; a member id joining again stays as it is.
 */
async function staticMembers(
  heartbeat: (body: object, version?: number, groupId?: string) => Promise<any>,
  topicId: string,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const epochs = new Map<string, number>();
  const join = async (memberId: string, instanceId: string | null) => {
    const r = await heartbeat({ memberId, instanceId }, 1, 'cs');
    epochs.set(memberId, r.memberEpoch);
    return r;
  };
  const beat = async (memberId: string, owned: number[] | null, instanceId: string | null = 'i-s', epoch?: number) => {
    const r = await heartbeat(
      {
        memberId,
        memberEpoch: epoch ?? epochs.get(memberId),
        instanceId,
        rebalanceTimeoutMs: -1,
        subscribedTopicNames: null,
        topicPartitions: owned === null ? null : [{ topicId, partitions: owned }],
      },
      1,
      'cs',
    );
    if (r.errorCode === 0 && r.memberEpoch > 0) epochs.set(memberId, r.memberEpoch);
    return r;
  };
  const s1 = await join(S1, 'i-s');
  const rel = (epoch: number) => (epoch > 0 ? epoch - s1.memberEpoch + 1 : epoch);
  const answer = (r: any) => [r.errorCode, r.errorMessage, rel(r.memberEpoch), partitionsOf(r.assignment)];
  out.s1 = answer(s1);
  out.s1Away = answer(await beat(S1, null, 'i-s', -2));
  // D joins while s1 is away: s1's instance still owns every partition and must give half of them up.
  out.dJoins = answer(await join(D, null));
  out.s2DropsAtOnce = answer(await join(S2, 'i-s'));
  out.dGetsTheRest = answer(await beat(D, [], null));
  out.dLeaves = answer(await beat(D, null, null, -1));
  out.s2TakesAll = answer(await beat(S2, [0, 1]));
  out.eJoins = answer(await join(E, null));
  out.s2Revoking = answer(await beat(S2, [0, 1, 2, 3]));
  // s2 leaves for a while without revoking: the partitions it was revoking go to E at once.
  out.s2AwayRevoking = answer(await beat(S2, null, 'i-s', -2));
  out.eGetsReleased = answer(await beat(E, [], null));
  out.eRejoinsSameId = answer(await join(E, null));
  out.s3 = answer(await join(S3, 'i-s'));
  out.s3RejoinsUnreleased = answer(await heartbeat({ memberId: S3, instanceId: 'i-s' }, 1, 'cs'));
  out.beatUnknownInstance = answer(await beat(S3, null, 'i-x'));
  out.beatFencedInstance = answer(await beat(E, null, 'i-s'));
  out.leaveUnknownInstance = answer(await beat(S3, null, 'i-x', -2));
  out.leaveFenced = answer(await beat(E, null, 'i-s', -2));
  out.leaveNotStatic = answer(await beat(E, null, null, -2));
  out.leaveStatic = answer(await beat(S3, null, 'i-s', -1));
  return out;
}

let builtIn: BrokerHandle;
let kafka: BrokerHandle;

beforeAll(async () => {
  // Samsa computes a target assignment as soon as the group epoch moves: Kafka does so with an assignment
  // interval of 0 (KIP-1263; its default batches for 1 s). Both keep a group id to one protocol with the
  // migration policy disabled (the default, bidirectional, is covered by consumer-group-migration.test.ts).
  [builtIn, kafka] = await Promise.all([
    startBuiltInBroker({ args: ['--group-initial-rebalance-delay-ms', '0', '--group-consumer-migration-policy', 'disabled'] }),
    startRealKafka({ properties: { 'group.consumer.assignment.interval.ms': '0', 'group.consumer.migration.policy': 'disabled' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([builtIn?.stop(), kafka?.stop()]);
});

test('every consumer group protocol answer matches Apache Kafka for the same requests', async () => {
  const [ours, theirs] = await Promise.all([scenario(builtIn.port), scenario(kafka.port)]);
  const normalize = (answers: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(answers, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)));
  expect(Object.keys(ours).length).toBeGreaterThan(30);
  expect(normalize(ours)).toEqual(normalize(theirs));
}, 150_000);
