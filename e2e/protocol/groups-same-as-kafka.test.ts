// Group APIs answer exactly as Apache Kafka 4.3.1 does: the same raw requests (JoinGroup, SyncGroup,
// Heartbeat, LeaveGroup, OffsetCommit/Fetch, Describe/List/DeleteGroups, OffsetDelete) in the same order go to
// the built-in broker and to a real Kafka, and every error code, state and answer shape must match: stale
// generations, unknown members and groups, admin commits while members are active (UNKNOWN_MEMBER_ID),
// rebalance phases, empty groups. Requests are built with the broker's generated codec (ProtocolTestClient).
/** biome-ignore-all lint/suspicious/noExplicitAny: compares raw responses of two brokers field by field, whatever their API */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { startRealKafka } from '../fixtures/real-kafka.ts';
import { ProtocolTestClient } from '../../broker/test-support/protocol-test-client.ts';
import { Writer } from '../../broker/protocol/writer.ts';
import { writeConsumerProtocolSubscription } from '../../broker/protocol/generated/consumer-protocol-subscription.ts';

function sub(): Buffer {
  const w = new Writer();
  w.writeInt16(0);
  writeConsumerProtocolSubscription(w, 0, { topics: ['t'], userData: null });
  return w.toBuffer();
}

/** The same requests, in the same order, against one broker; returns what it answered. */
async function groupScenario(port: number): Promise<Record<string, unknown>> {
  const a = await ProtocolTestClient.connect(port);
  const m = await ProtocolTestClient.connect(port);
  const out: Record<string, unknown> = {};
  await a.request(19, 5, {
    topics: [{ name: 't', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  // Kafka answers NOT_COORDINATOR until __consumer_offsets exists and is loaded: wait for every group used.
  for (let i = 0; i < 60; i++) {
    const codes = [];
    for (const key of ['g', 'zz', 'nogroup', 'nogroup2', 'h', 'r', '']) codes.push((await a.request(10, 3, { key, keyType: 0 })).errorCode);
    if (codes.every((c: number) => c === 0)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 2000));
  const join = (body: object, v = 5) =>
    m.request(11, v, {
      groupId: 'g',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 5000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: sub() }],
      ...body,
    });
  const j1 = await join({});
  out.join1 = j1.errorCode;
  const j2 = await join({ memberId: j1.memberId });
  out.join2 = [j2.errorCode, j2.generationId, j2.protocolName];
  out.syncWrongGen = (
    await m.request(14, 3, { groupId: 'g', generationId: 9, memberId: j2.memberId, groupInstanceId: null, assignments: [] })
  ).errorCode;
  out.sync = (
    await m.request(14, 3, { groupId: 'g', generationId: j2.generationId, memberId: j2.memberId, groupInstanceId: null, assignments: [] })
  ).errorCode;
  const commit = (gen: number, member: string, v = 8, group = 'g') =>
    a
      .request(8, v, {
        groupId: group,
        generationIdOrMemberEpoch: gen,
        memberId: member,
        groupInstanceId: null,
        topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
      })
      .then((r) => r.topics[0].partitions[0].errorCode);
  out.commitAdminWhileStable = await commit(-1, '');
  out.commitUnknownMember = await commit(j2.generationId, 'x');
  out.commitUnknownGroupGen5v8 = await commit(5, 'x', 8, 'nogroup');
  out.commitUnknownGroupGen5v9 = await commit(5, 'x', 9, 'nogroup2');
  out.commitUnknownPartition = (
    await a.request(8, 8, {
      groupId: 'g',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [{ name: 't', partitions: [{ partitionIndex: 7, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
    })
  ).topics[0].partitions[0].errorCode;
  out.hbUnknownGroup = (await a.request(12, 3, { groupId: 'zz', generationId: 1, memberId: 'x', groupInstanceId: null })).errorCode;
  out.syncUnknownGroup = (
    await a.request(14, 3, { groupId: 'zz', generationId: 1, memberId: 'x', groupInstanceId: null, assignments: [] })
  ).errorCode;
  out.leaveUnknownGroupV1 = (await a.request(13, 1, { groupId: 'zz', memberId: 'x' })).errorCode;
  const l3 = await a.request(13, 3, { groupId: 'zz', members: [{ memberId: 'x', groupInstanceId: null }] });
  out.leaveUnknownGroupV3 = [l3.errorCode, l3.members];
  out.joinKnownUnknownGroup = (
    await a.request(11, 5, {
      groupId: 'zz',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 5000,
      memberId: 'x',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: sub() }],
    })
  ).errorCode;
  const d = await a.request(15, 5, { groups: ['zz', 'g'], includeAuthorizedOperations: true });
  // Kafka orders results by coordinator shard; clients match them by group id.
  out.describe = d.groups
    .map((g: any) => [g.groupId, g.errorCode, g.groupState, g.protocolType, g.protocolData, g.members.length, g.authorizedOperations])
    .sort();
  out.deleteGroups = (await a.request(42, 2, { groupsNames: ['g', 'zz'] })).results.map((r: any) => r.errorCode);
  const od = await a.request(47, 0, {
    groupId: 'g',
    topics: [
      { name: 't', partitions: [{ partitionIndex: 0 }] },
      { name: 'nope', partitions: [{ partitionIndex: 0 }] },
    ],
  });
  out.offsetDelete = [od.errorCode, od.topics.map((t: any) => [t.name, t.partitions.map((p: any) => p.errorCode)]).sort()];
  out.offsetDeleteUnknown = (await a.request(47, 0, { groupId: 'zz', topics: [] })).errorCode;
  const f = await a.request(9, 8, {
    groups: [
      { groupId: 'g', topics: null },
      { groupId: 'zz', topics: [{ name: 't', partitionIndexes: [0] }] },
    ],
    requireStable: true,
  });
  out.fetch = JSON.parse(JSON.stringify(f.groups, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  const f1 = await a.request(9, 1, { groupId: 'zz', topics: [{ name: 'nope', partitionIndexes: [0] }] });
  out.fetchV1UnknownTopic = JSON.parse(JSON.stringify(f1.topics, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  out.list = (await a.request(16, 5, { statesFilter: [], typesFilter: [] })).groups;
  out.leave = (await a.request(13, 1, { groupId: 'g', memberId: j2.memberId })).errorCode;
  out.describeAfterLeave = (await a.request(15, 5, { groups: ['g'], includeAuthorizedOperations: false })).groups.map((g: any) => [
    g.groupState,
    g.protocolType,
    g.protocolData,
  ]);
  out.hbEmpty = (
    await a.request(12, 3, { groupId: 'g', generationId: j2.generationId, memberId: j2.memberId, groupInstanceId: null })
  ).errorCode;
  out.commitAdminEmpty = await commit(-1, '');
  out.joinBadSession = (
    await a.request(11, 5, {
      groupId: 'h',
      sessionTimeoutMs: 10,
      rebalanceTimeoutMs: 5000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: sub() }],
    })
  ).errorCode;
  out.joinEmptyGroupId = (
    await a.request(11, 5, {
      groupId: '',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 5000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: sub() }],
    })
  ).errorCode;
  out.deleteGroupsAfter = (await a.request(42, 2, { groupsNames: ['g'] })).results.map((r: any) => r.errorCode);
  Object.assign(out, await rebalanceAnswers(port, a, m));
  a.close();
  m.close();
  return out;
}

/** A second member joins a Stable group (JoinGroup v3, no MEMBER_ID_REQUIRED): every phase observed. */
async function rebalanceAnswers(port: number, a: ProtocolTestClient, m: ProtocolTestClient): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const n = await ProtocolTestClient.connect(port);
  const joinV3 = (c: ProtocolTestClient, memberId: string, protocolType = 'consumer') =>
    c.request(11, 3, {
      groupId: 'r',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 5000,
      memberId,
      protocolType,
      protocols: [{ name: 'range', metadata: sub() }],
    });
  const r1 = await joinV3(m, '');
  out.r1 = [r1.errorCode, r1.generationId, r1.leader === r1.memberId, r1.members.length];
  await m.request(14, 1, {
    groupId: 'r',
    generationId: r1.generationId,
    memberId: r1.memberId,
    assignments: [{ memberId: r1.memberId, assignment: Buffer.from('x') }],
  });
  const r2p = joinV3(n, '');
  await new Promise((r) => setTimeout(r, 300));
  out.hbDuringRebalance = (await a.request(12, 1, { groupId: 'r', generationId: r1.generationId, memberId: r1.memberId })).errorCode;
  out.describePreparing = (await a.request(15, 1, { groups: ['r'] })).groups.map((g: any) => [
    g.groupState,
    g.protocolType,
    g.protocolData,
    g.members.length,
    g.members.map((x: any) => x.memberMetadata.length),
  ]);
  out.commitDuringPreparing = (
    await a.request(8, 2, {
      groupId: 'r',
      generationIdOrMemberEpoch: r1.generationId,
      memberId: r1.memberId,
      retentionTimeMs: -1n,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3n, committedMetadata: null }] }],
    })
  ).topics[0].partitions[0].errorCode;
  out.commitV0WhileActive = (
    await a.request(8, 2, {
      groupId: 'r',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      retentionTimeMs: -1n,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3n, committedMetadata: null }] }],
    })
  ).topics[0].partitions[0].errorCode;
  out.joinOtherType = (await joinV3(a, '', 'connect')).errorCode;
  const r1b = await joinV3(m, r1.memberId);
  const r2 = await r2p;
  out.rejoin = [r1b.errorCode, r1b.generationId, r2.generationId, r1b.members.length, r2.members.length, r1b.leader === r1.memberId];
  out.describeCompleting = (await a.request(15, 1, { groups: ['r'] })).groups.map((g: any) => [
    g.groupState,
    g.protocolData,
    g.members.length,
  ]);
  out.commitDuringCompleting = (
    await a.request(8, 2, {
      groupId: 'r',
      generationIdOrMemberEpoch: r1b.generationId,
      memberId: r1.memberId,
      retentionTimeMs: -1n,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3n, committedMetadata: null }] }],
    })
  ).topics[0].partitions[0].errorCode;
  out.hbDuringCompleting = (await a.request(12, 1, { groupId: 'r', generationId: r1b.generationId, memberId: r2.memberId })).errorCode;
  const followerSync = n.request(14, 1, { groupId: 'r', generationId: r2.generationId, memberId: r2.memberId, assignments: [] });
  const leaderSync = await m.request(14, 1, {
    groupId: 'r',
    generationId: r1b.generationId,
    memberId: r1.memberId,
    assignments: [{ memberId: r2.memberId, assignment: Buffer.from('f') }],
  });
  out.syncs = [leaderSync.errorCode, leaderSync.assignment.length, (await followerSync).assignment.toString()];
  out.listV0 = (await a.request(16, 1, {})).groups.map((g: any) => [g.groupId, g.protocolType]).sort();
  out.leaveBoth = (
    await a.request(13, 3, {
      groupId: 'r',
      members: [
        { memberId: r1.memberId, groupInstanceId: null },
        { memberId: r2.memberId, groupInstanceId: null },
      ],
    })
  ).members.map((x: any) => x.errorCode);
  out.describeEmpty = (await a.request(15, 1, { groups: ['r'] })).groups.map((g: any) => [
    g.groupState,
    g.protocolType,
    g.protocolData,
    g.members.length,
  ]);
  n.close();
  return out;
}

let builtIn: BrokerHandle;
let kafka: BrokerHandle;

beforeAll(async () => {
  [builtIn, kafka] = await Promise.all([startBuiltInBroker({ args: ['--group-initial-rebalance-delay-ms', '0'] }), startRealKafka()]);
});
afterAll(async () => {
  await Promise.all([builtIn?.stop(), kafka?.stop()]);
});

test('every group API answer matches Apache Kafka for the same requests', async () => {
  const [ours, theirs] = await Promise.all([groupScenario(builtIn.port), groupScenario(kafka.port)]);
  const normalize = (answers: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(answers, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)));
  expect(Object.keys(ours).length).toBeGreaterThan(30);
  expect(normalize(ours)).toEqual(normalize(theirs));
}, 150_000);
