import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { GroupCoordinator } from './group-coordinator.ts';
import { commitOffsets } from './group-offsets.ts';
import {
  assignmentBytes,
  classicJoin,
  classicSync,
  consumerJoin,
  partitionsIn,
  subscriptionBytes,
  TestCoordinators,
} from './test-support.ts';

// A delay long enough for both members of stableClassicGroup to join the first generation.
const coordinators = new TestCoordinators({ initialRebalanceDelayMs: 100 });
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  coordinators.reset();
  vi.useRealTimers();
});

const ordersId = () => coordinators.topics.idOf('orders');

/** A classic group g at generation 1: member a owns partitions 0-2, b owns 3-5. */
async function stableClassicGroup(coordinator: GroupCoordinator): Promise<void> {
  const a = coordinator.joinGroup(classicJoin(''));
  const b = coordinator.joinGroup(classicJoin(''));
  await vi.advanceTimersByTimeAsync(300);
  const [joinA, joinB] = [await a, await b];
  const group = coordinator.groups.get('g')!;
  // Rename to a and b for readable assertions: the ids the clients got.
  const leader = joinA.leader === joinA.memberId ? joinA : joinB;
  const follower = leader === joinA ? joinB : joinA;
  const assignments = [
    { memberId: leader.memberId, assignment: assignmentBytes([0, 1, 2]) },
    { memberId: follower.memberId, assignment: assignmentBytes([3, 4, 5]) },
  ];
  await Promise.all([
    coordinator.syncGroup(classicSync(leader.memberId, 1, { assignments })),
    coordinator.syncGroup(classicSync(follower.memberId, 1)),
  ]);
  ids.a = leader.memberId;
  ids.b = follower.memberId;
  expect(group.state).toBe('Stable');
}

const ids = { a: '', b: '' };

describe('online migration between the classic and consumer protocols', () => {
  it('upgrades a classic group when a consumer-protocol member joins; the classic members rejoin through JoinGroup and get their share', async () => {
    const coordinator = coordinators.start();
    await stableClassicGroup(coordinator);
    const c = await coordinator.consumerGroups.heartbeat(consumerJoin('c'));
    expect(c).toMatchObject({ errorCode: 0, memberId: 'c', memberEpoch: 2 });
    const group = coordinator.groups.get('g')!;
    expect(group.type).toBe('consumer');
    expect([...group.consumer!.members.values()].map((m) => [m.memberId, m.classic !== null, m.memberEpoch])).toEqual([
      [ids.a, true, 1],
      [ids.b, true, 1],
      ['c', false, 2],
    ]);
    // c waits for partitions the classic members still own.
    expect(c.assignment?.get(ordersId())?.size ?? 0).toBe(0);

    for (const [memberId, owned] of [
      [ids.a, [0, 1, 2]],
      [ids.b, [3, 4, 5]],
    ] as const) {
      expect(coordinator.heartbeat('g', 1, memberId, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      // Cooperative rejoin: it reports what it owns, is asked to revoke one (same generation, smaller assignment).
      const rejoin = await coordinator.joinGroup(classicJoin(memberId, [...owned]));
      expect(rejoin).toMatchObject({
        errorCode: 0,
        generationId: 1,
        protocolType: 'consumer',
        protocolName: 'range',
        leader: '',
        members: [],
      });
      const sync = await coordinator.syncGroup(classicSync(memberId, 1));
      const kept = partitionsIn(sync.assignment);
      expect(kept).toHaveLength(2);
      expect(coordinator.heartbeat('g', 1, memberId, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      const second = await coordinator.joinGroup(classicJoin(memberId, kept));
      expect(second.generationId).toBe(2);
      const synced = await coordinator.syncGroup(classicSync(memberId, 2));
      expect(partitionsIn(synced.assignment)).toEqual(kept);
      expect(coordinator.heartbeat('g', 2, memberId, null)).toBe(ErrorCode.NONE);
    }
    const cAgain = await coordinator.consumerGroups.heartbeat(
      consumerJoin('c', { memberEpoch: 2, rebalanceTimeoutMs: -1, topicPartitions: [] }),
    );
    expect(cAgain.assignment?.get(ordersId())?.size).toBe(2);
    expect(group.state).toBe('Stable');

    // A classic member commits with its generation (= member epoch), any partition; with an older generation
    // only partitions it has held since then (KIP-1251: a's two kept ones, since the upgrade at 1), else
    // ILLEGAL_GENERATION, as with a newer one.
    const commit = (generationId: number, partition = 0) =>
      commitOffsets(coordinator, {
        groupId: 'g',
        generationId,
        memberId: ids.a,
        groupInstanceId: null,
        apiVersion: 8,
        offsets: [{ topic: 'orders', partition, offset: 7n, leaderEpoch: -1, metadata: '', commitTimestampMs: -1n }],
      });
    const heldByA = [...group.consumer!.members.get(ids.a)!.assigned.get(ordersId())!];
    const revokedByA = [0, 1, 2].find((partition) => !heldByA.includes(partition))!;
    expect(await commit(2)).toBe(ErrorCode.NONE);
    expect(await commit(1, heldByA[0])).toBe(ErrorCode.NONE);
    expect(await commit(1, revokedByA)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await commit(3, heldByA[0])).toBe(ErrorCode.ILLEGAL_GENERATION);

    // A restart rebuilds the mixed group; the classic member carries on at its generation.
    const restarted = await coordinators.restart(coordinator);
    const reloaded = restarted.groups.get('g')!;
    expect(reloaded.type).toBe('consumer');
    expect(reloaded.consumer!.members.get(ids.a)?.classic?.sessionTimeoutMs).toBe(45_000);
    expect(restarted.heartbeat('g', 2, ids.a, null)).toBe(ErrorCode.NONE);
    expect(reloaded.committedOffset('orders', 0)?.offset).toBe(7n);
  });

  it('downgrades to a classic group when the last consumer-protocol member leaves; the members rebalance as classic ones', async () => {
    const coordinator = coordinators.start();
    await stableClassicGroup(coordinator);
    await coordinator.consumerGroups.heartbeat(consumerJoin('c'));
    const left = await coordinator.consumerGroups.heartbeat(
      consumerJoin('c', { memberEpoch: -1, rebalanceTimeoutMs: -1, subscribedTopicNames: null }),
    );
    expect(left.errorCode).toBe(0);
    const group = coordinator.groups.get('g')!;
    expect(group).toMatchObject({
      type: 'classic',
      consumer: null,
      protocolType: 'consumer',
      protocolName: 'range',
      state: 'PreparingRebalance',
    });
    expect(group.generationId).toBe(2);
    // Their generation (member epoch 1) is behind the converted group's: they rejoin.
    expect(coordinator.heartbeat('g', 1, ids.a, null)).toBe(ErrorCode.ILLEGAL_GENERATION);
    const joins = [coordinator.joinGroup(classicJoin(ids.a)), coordinator.joinGroup(classicJoin(ids.b))];
    await vi.advanceTimersByTimeAsync(0);
    const answers = await Promise.all(joins);
    expect(answers.map((a) => [a.errorCode, a.generationId])).toEqual([
      [0, 3],
      [0, 3],
    ]);
    expect(group.state).toBe('CompletingRebalance');

    const restarted = await coordinators.restart(coordinator);
    expect(restarted.groups.get('g')).toMatchObject({ type: 'classic', consumer: null, protocolType: 'consumer' });
  });

  it('a classic group converted with members in sync rejoins at the same generation after a downgrade', async () => {
    const coordinator = coordinators.start();
    await stableClassicGroup(coordinator);
    await coordinator.consumerGroups.heartbeat(consumerJoin('c'));
    const group = coordinator.groups.get('g')!;
    // The classic members reconcile to the new epoch (eager: they own nothing when they rejoin).
    for (const memberId of [ids.a, ids.b]) {
      await coordinator.joinGroup(classicJoin(memberId));
      await coordinator.joinGroup(classicJoin(memberId));
    }
    expect([...group.consumer!.members.values()].map((m) => m.memberEpoch)).toEqual([2, 2, 2]);
    await coordinator.consumerGroups.heartbeat(consumerJoin('c', { memberEpoch: -1, rebalanceTimeoutMs: -1, subscribedTopicNames: null }));
    expect(group.type).toBe('classic');
    // Same generation: told to rejoin, keeping its partitions until it does (no ILLEGAL_GENERATION, no loss).
    expect(coordinator.heartbeat('g', 2, ids.a, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('follows group.consumer.migration.policy: disabled refuses the upgrade, upgrade never downgrades', async () => {
    const disabled = coordinators.start({ consumerGroupMigrationPolicy: 'disabled' });
    await stableClassicGroup(disabled);
    expect(await disabled.consumerGroups.heartbeat(consumerJoin('c'))).toMatchObject({
      errorCode: ErrorCode.GROUP_ID_NOT_FOUND,
      errorMessage: 'Cannot upgrade classic group g to consumer group because online upgrade is disabled.',
    });
    // Nor does a consumer group take new classic members in (KAFKA-20640).
    await disabled.consumerGroups.heartbeat(consumerJoin('c', { groupId: 'other' }));
    expect((await disabled.joinGroup({ ...classicJoin(''), groupId: 'other' })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    disabled.close();

    const upgradeOnly = coordinators.start({ consumerGroupMigrationPolicy: 'upgrade' });
    await stableClassicGroup(upgradeOnly);
    await upgradeOnly.consumerGroups.heartbeat(consumerJoin('c'));
    await upgradeOnly.consumerGroups.heartbeat(consumerJoin('c', { memberEpoch: -1, rebalanceTimeoutMs: -1, subscribedTopicNames: null }));
    const group = upgradeOnly.groups.get('g')!;
    expect(group.type).toBe('consumer');
    expect(group.consumer!.members.size).toBe(2);
  });

  it("a consumer-protocol member with a classic static member's instance id replaces it at once, keeping its partitions", async () => {
    const coordinator = coordinators.start();
    const joined = coordinator.joinGroup({ ...classicJoin(''), groupInstanceId: 'instance-a' });
    await vi.advanceTimersByTimeAsync(300);
    const { memberId } = await joined;
    await coordinator.syncGroup(
      classicSync(memberId, 1, {
        groupInstanceId: 'instance-a',
        assignments: [{ memberId, assignment: assignmentBytes([0, 1, 2, 3, 4, 5]) }],
      }),
    );
    // The classic instance stopped without leaving (static members do not leave on close); its successor joins.
    const successor = await coordinator.consumerGroups.heartbeat(consumerJoin('c', { instanceId: 'instance-a' }));
    expect(successor.errorCode).toBe(0);
    expect([...(successor.assignment?.get(ordersId()) ?? [])].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const group = coordinator.groups.get('g')!;
    expect([...group.consumer!.members.keys()]).toEqual(['c']);
    expect(group.consumer!.members.get('c')!.classic).toBeNull();
  });

  it('downgrades with a rebalance when a classic static member with another subscription takes the instance id of the last consumer-protocol member', async () => {
    coordinators.topics.counts.set('payments', 2);
    const coordinator = coordinators.start();
    await stableClassicGroup(coordinator);
    await coordinator.consumerGroups.heartbeat(consumerJoin('c', { instanceId: 'instance-c' }));
    // The static consumer-protocol member stops for a while (-2), and comes back as a classic member that also
    // subscribes to payments: the target assignment is stale, so the classic group rebalances (Kafka's KAFKA-19546).
    await coordinator.consumerGroups.heartbeat(
      consumerJoin('c', { memberEpoch: -2, instanceId: 'instance-c', rebalanceTimeoutMs: -1, subscribedTopicNames: null }),
    );
    const metadata = subscriptionBytes([], ['orders', 'payments']);
    const comeback = await coordinator.joinGroup(
      classicJoin('', [], { groupInstanceId: 'instance-c', protocols: [{ name: 'range', metadata }] }),
    );
    // Answered at once, unreconciled (generation 0): its SyncGroup fails and it rejoins into the rebalance.
    expect(comeback).toMatchObject({ errorCode: 0, generationId: 0, leader: '', members: [] });
    const group = coordinator.groups.get('g')!;
    expect(group).toMatchObject({ type: 'classic', consumer: null, state: 'PreparingRebalance', generationId: 2 });
    expect(group.members.size).toBe(3);
    expect((await coordinator.syncGroup(classicSync(comeback.memberId, 0, { groupInstanceId: 'instance-c' }))).errorCode).toBe(
      ErrorCode.ILLEGAL_GENERATION,
    );
    expect(coordinator.heartbeat('g', 2, ids.a, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const joins = [comeback.memberId, ids.a, ids.b].map((memberId) =>
      coordinator.joinGroup(classicJoin(memberId, [], memberId === comeback.memberId ? { groupInstanceId: 'instance-c' } : {})),
    );
    await vi.advanceTimersByTimeAsync(0);
    const answers = await Promise.all(joins);
    expect(answers.map((answer) => [answer.errorCode, answer.generationId])).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
    ]);
  });

  it('refuses to upgrade a group whose assignor put user data in the assignments (it would be lost)', async () => {
    const coordinator = coordinators.start();
    const joined = coordinator.joinGroup(classicJoin(''));
    await vi.advanceTimersByTimeAsync(300);
    const { memberId } = await joined;
    const withUserData = Buffer.concat([assignmentBytes([0, 1, 2, 3, 4, 5]).subarray(0, -4), Buffer.from([0, 0, 0, 1, 7])]);
    await coordinator.syncGroup(classicSync(memberId, 1, { assignments: [{ memberId, assignment: withUserData }] }));
    expect(await coordinator.consumerGroups.heartbeat(consumerJoin('c'))).toMatchObject({
      errorCode: ErrorCode.GROUP_ID_NOT_FOUND,
      errorMessage:
        'Cannot upgrade classic group g to consumer group because an unsupported custom assignor is in use. Please refer to the documentation or switch to a default assignor before re-attempting the upgrade.',
    });
    expect(coordinator.groups.get('g')!.type).toBe('classic');
  });

  it('fences a classic member that does not rejoin within its rebalance timeout after REBALANCE_IN_PROGRESS', async () => {
    const coordinator = coordinators.start();
    await stableClassicGroup(coordinator);
    await coordinator.consumerGroups.heartbeat(consumerJoin('c'));
    expect(coordinator.heartbeat('g', 1, ids.a, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await vi.advanceTimersByTimeAsync(30_001);
    expect(coordinator.groups.get('g')!.consumer!.members.has(ids.a)).toBe(false);
    expect(coordinator.heartbeat('g', 1, ids.a, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("a classic member's rejoin bumps the group epoch for new topics, not for a new rack alone", async () => {
    coordinators.topics.counts.set('payments', 2);
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(consumerJoin('c'));
    const { memberId } = await coordinator.joinGroup(classicJoin(''));
    const consumer = coordinator.groups.get('g')!.consumer!;
    expect(consumer.groupEpoch).toBe(2);
    const rejoin = (metadata: Buffer) => coordinator.joinGroup(classicJoin(memberId, [], { protocols: [{ name: 'range', metadata }] }));
    expect((await rejoin(subscriptionBytes([], ['orders'], 'rack-1'))).errorCode).toBe(0);
    expect(consumer.members.get(memberId)!.rackId).toBe('rack-1');
    expect(consumer.groupEpoch).toBe(2);
    await rejoin(subscriptionBytes([], ['orders', 'payments'], 'rack-1'));
    expect(consumer.groupEpoch).toBe(3);
  });
});
