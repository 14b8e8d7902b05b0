import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ConsumerHeartbeatInput, ConsumerHeartbeatResult } from './consumer-group-heartbeat-request.ts';
import { commitOffsets, consumerCommitPermission, deleteGroup, describeGroup, listGroups } from './group-offsets.ts';
import { assignedPartitions, classicJoin, consumerJoin as join, ownedOnly, TestCoordinators } from './test-support.ts';

const coordinators = new TestCoordinators();
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  coordinators.reset();
  vi.useRealTimers();
});

const ordersId = () => coordinators.topics.idOf('orders');

/** A heartbeat that only reports what the member owns (what the Java client sends once joined). */
function beat(
  memberId: string,
  memberEpoch: number,
  owned: number[] | null,
  overrides: Partial<ConsumerHeartbeatInput> = {},
): ConsumerHeartbeatInput {
  return join(memberId, { memberEpoch, ...ownedOnly(ordersId(), owned), ...overrides });
}

const partitionsOf = (result: ConsumerHeartbeatResult) => assignedPartitions(result, ordersId());

describe('consumer group protocol (KIP-848)', () => {
  it('a first member gets every partition at epoch 1 and the group is Stable', async () => {
    const coordinator = coordinators.start();
    const a = await coordinator.consumerGroups.heartbeat(join('a'));
    expect(a).toMatchObject({ errorCode: 0, memberId: 'a', memberEpoch: 1, heartbeatIntervalMs: 5000 });
    expect(partitionsOf(a)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(coordinator.groups.get('g')!.state).toBe('Stable');
    expect(listGroups(coordinator)).toEqual([{ groupId: 'g', protocolType: 'consumer', state: 'Stable', type: 'consumer' }]);
  });

  it('revokes before reassigning: a new member gets partitions only after their owner gave them up', async () => {
    const coordinator = coordinators.start();
    const group = () => coordinator.groups.get('g')!;
    await coordinator.consumerGroups.heartbeat(join('a'));
    const b1 = await coordinator.consumerGroups.heartbeat(join('b'));
    // b is at the new epoch but its partitions are still a's: it waits (unreleased), the group reconciles.
    expect(b1).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    expect(partitionsOf(b1)).toEqual([]);
    expect(group().state).toBe('Reconciling');
    expect(group().consumer!.groupEpoch).toBe(2);
    expect(group().consumer!.assignmentEpoch).toBe(2);

    // a is told to keep three partitions (the rest are to be revoked), still at epoch 1.
    const a1 = await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5]));
    expect(a1.memberEpoch).toBe(1);
    const kept = partitionsOf(a1)!;
    expect(kept).toHaveLength(3);
    const revoked = [0, 1, 2, 3, 4, 5].filter((p) => !kept.includes(p));

    // Until a stops owning them, b does not get them.
    expect(partitionsOf(await coordinator.consumerGroups.heartbeat(beat('b', 2, [])))).toBeNull();
    const a2 = await coordinator.consumerGroups.heartbeat(beat('a', 1, kept));
    expect(a2.memberEpoch).toBe(2);
    const b2 = await coordinator.consumerGroups.heartbeat(beat('b', 2, []));
    expect(partitionsOf(b2)).toEqual(revoked);
    await coordinator.consumerGroups.heartbeat(beat('b', 2, revoked));
    expect(group().state).toBe('Stable');
  });

  it('a member that leaves (epoch -1) hands its partitions to the others in the next epoch', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a'));
    await coordinator.consumerGroups.heartbeat(join('b'));
    const a = partitionsOf(await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5])))!;
    await coordinator.consumerGroups.heartbeat(beat('a', 1, a));
    await coordinator.consumerGroups.heartbeat(beat('b', 2, []));
    const left = await coordinator.consumerGroups.heartbeat(beat('a', -1, null));
    expect(left).toMatchObject({ errorCode: 0, memberId: 'a', memberEpoch: -1 });
    expect(coordinator.groups.get('g')!.state).toBe('Assigning');
    const b = await coordinator.consumerGroups.heartbeat(
      beat(
        'b',
        2,
        [0, 1, 2, 3, 4, 5].filter((p) => !a.includes(p)),
      ),
    );
    expect(b.memberEpoch).toBe(3);
    expect(partitionsOf(b)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fences a member whose session expires (consumer.session.timeout.ms of the group) and reassigns its partitions', async () => {
    coordinators.topics.configs.set('g', { 'consumer.session.timeout.ms': '10000', 'consumer.heartbeat.interval.ms': '2000' });
    const coordinator = coordinators.start();
    const a = await coordinator.consumerGroups.heartbeat(join('a'));
    expect(a.heartbeatIntervalMs).toBe(2000);
    await coordinator.consumerGroups.heartbeat(join('b'));
    await vi.advanceTimersByTimeAsync(6000);
    await coordinator.consumerGroups.heartbeat(beat('b', 2, []));
    await vi.advanceTimersByTimeAsync(5000); // a: 11 s without a heartbeat; b: 5 s
    const consumer = coordinator.groups.get('g')!.consumer!;
    expect([...consumer.members.keys()]).toEqual(['b']);
    const b = await coordinator.consumerGroups.heartbeat(beat('b', 2, []));
    expect(partitionsOf(b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(consumer.groupEpoch).toBe(3);
  });

  it('fences a member that does not revoke within its rebalance timeout', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a', { rebalanceTimeoutMs: 5000 }));
    await coordinator.consumerGroups.heartbeat(join('b'));
    const a = await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5]));
    expect(partitionsOf(a)).toHaveLength(3);
    for (let second = 0; second < 6; second++) {
      await vi.advanceTimersByTimeAsync(1000);
      if (coordinator.groups.get('g')!.consumer!.members.has('a'))
        await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5]));
    }
    expect(coordinator.groups.get('g')!.consumer!.members.has('a')).toBe(false);
    const late = await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5]));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('answers epochs it does not expect with FENCED_MEMBER_EPOCH, and unknown members with UNKNOWN_MEMBER_ID', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a'));
    const ahead = await coordinator.consumerGroups.heartbeat(beat('a', 5, []));
    expect(ahead).toMatchObject({ errorCode: ErrorCode.FENCED_MEMBER_EPOCH });
    expect(ahead.errorMessage).toContain('greater member epoch (5)');
    expect((await coordinator.consumerGroups.heartbeat(beat('x', 1, []))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // The previous epoch is accepted when the member owns a subset of its partitions (the answer was lost).
    await coordinator.consumerGroups.heartbeat(join('b'));
    const kept = partitionsOf(await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5])))!;
    await coordinator.consumerGroups.heartbeat(beat('a', 1, kept));
    expect((await coordinator.consumerGroups.heartbeat(beat('a', 1, kept))).errorCode).toBe(0);
    expect((await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5]))).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
  });

  it('validates requests as Kafka does, in its words', async () => {
    const coordinator = coordinators.start();
    const cases: [Partial<ConsumerHeartbeatInput>, number, string][] = [
      [{ groupId: '' }, ErrorCode.INVALID_REQUEST, "GroupId can't be empty."],
      [{ memberId: '' }, ErrorCode.INVALID_REQUEST, "MemberId can't be empty."],
      [{ rebalanceTimeoutMs: -1 }, ErrorCode.INVALID_REQUEST, 'RebalanceTimeoutMs must be provided in first request.'],
      [{ topicPartitions: null }, ErrorCode.INVALID_REQUEST, 'TopicPartitions must be empty when (re-)joining.'],
      [
        { subscribedTopicNames: null },
        ErrorCode.INVALID_REQUEST,
        'Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.',
      ],
      [
        { serverAssignor: 'sticky' },
        ErrorCode.UNSUPPORTED_ASSIGNOR,
        'ServerAssignor sticky is not supported. Supported assignors: uniform, range.',
      ],
      [{ subscribedTopicRegex: '(' }, ErrorCode.INVALID_REGULAR_EXPRESSION, 'SubscribedTopicRegex `(` is not a valid regular expression.'],
    ];
    for (const [overrides, errorCode, message] of cases) {
      const result = await coordinator.consumerGroups.heartbeat(join('a', overrides));
      expect({ errorCode: result.errorCode, message: result.errorMessage }).toEqual({ errorCode, message });
    }
    // v0: the coordinator chooses the member id.
    const v0 = await coordinator.consumerGroups.heartbeat(join('', { apiVersion: 0 }));
    expect(v0.errorCode).toBe(0);
    expect(v0.memberId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the range assignor when members ask for it, and subscribes by regular expression', async () => {
    coordinators.topics.counts.set('orders-eu', 2);
    coordinators.topics.counts.set('payments', 2);
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('b', { serverAssignor: 'range' }));
    await coordinator.consumerGroups.heartbeat(
      join('a', { serverAssignor: 'range', subscribedTopicNames: [], subscribedTopicRegex: 'orders.*' }),
    );
    const consumer = coordinator.groups.get('g')!.consumer!;
    expect(consumer.preferredAssignor('uniform')).toBe('range');
    const target = (memberId: string) =>
      Object.fromEntries(
        [...consumer.targetAssignment.get(memberId)!].map(([t, ps]) => [coordinators.topics.topicName(t), [...ps].sort((x, y) => x - y)]),
      );
    expect(target('a')).toEqual({ orders: [0, 1, 2], 'orders-eu': [0, 1] });
    expect(target('b')).toEqual({ orders: [3, 4, 5] });
  });

  it('bumps the epoch when a subscribed topic gains partitions', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a'));
    coordinators.topics.counts.set('orders', 8);
    const a = await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5]));
    expect(a.memberEpoch).toBe(2);
    expect(partitionsOf(a)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps classic and consumer groups apart with migration disabled; an empty group of the other kind is taken over', async () => {
    const coordinator = coordinators.start({ consumerGroupMigrationPolicy: 'disabled' });
    await coordinator.consumerGroups.heartbeat(join('a'));
    const classic = await coordinator.joinGroup(classicJoin(''));
    expect(classic.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(describeGroup(coordinator, 'g')).toMatchObject({ state: 'Dead', notFoundMessage: 'Group g is not a classic group.' });

    const joined = coordinator.joinGroup(classicJoin('', [], { groupId: 'c' }));
    await vi.advanceTimersByTimeAsync(0);
    expect((await joined).errorCode).toBe(0);
    const refused = await coordinator.consumerGroups.heartbeat(join('x', { groupId: 'c' }));
    expect(refused).toMatchObject({
      errorCode: ErrorCode.GROUP_ID_NOT_FOUND,
      errorMessage: 'Cannot upgrade classic group c to consumer group because online upgrade is disabled.',
    });

    // The consumer group empties: a classic member may now take the id over, keeping the offsets.
    await commitOffsets(coordinator, {
      groupId: 'g',
      generationId: 1,
      memberId: 'a',
      groupInstanceId: null,
      apiVersion: 9,
      offsets: [{ topic: 'orders', partition: 0, offset: 5n, leaderEpoch: -1, metadata: '', commitTimestampMs: -1n }],
    });
    await coordinator.consumerGroups.heartbeat(beat('a', -1, null));
    expect(coordinator.groups.get('g')!.state).toBe('Empty');
    const takeover = coordinator.joinGroup(classicJoin(''));
    await vi.advanceTimersByTimeAsync(0);
    expect((await takeover).errorCode).toBe(0);
    expect(coordinator.groups.get('g')!.type).toBe('classic');
    expect(coordinator.groups.get('g')!.committedOffset('orders', 0)?.offset).toBe(5n);
  });

  it('checks commits against member epochs: STALE_MEMBER_EPOCH, UNKNOWN_MEMBER_ID, OffsetCommit v9+', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a'));
    const commit = (memberId: string, generationId: number, apiVersion = 9) =>
      commitOffsets(coordinator, {
        groupId: 'g',
        generationId,
        memberId,
        groupInstanceId: null,
        apiVersion,
        offsets: [{ topic: 'orders', partition: 0, offset: 1n, leaderEpoch: -1, metadata: '', commitTimestampMs: -1n }],
      });
    expect(await commit('a', 1)).toBe(ErrorCode.NONE);
    expect(await commit('a', 0)).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect(await commit('a', 1, 8)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(await commit('x', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await commit('', -1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('accepts a commit with an older member epoch for partitions held since that epoch (KIP-1251), across a restart', async () => {
    let coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a'));
    await coordinator.consumerGroups.heartbeat(join('b'));
    const kept = partitionsOf(await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5])))!;
    expect((await coordinator.consumerGroups.heartbeat(beat('a', 1, kept))).memberEpoch).toBe(2);
    const given = partitionsOf(await coordinator.consumerGroups.heartbeat(beat('b', 2, [])))!;
    const commit = (memberId: string, memberEpoch: number, partitions: number[]) =>
      commitOffsets(coordinator, {
        groupId: 'g',
        generationId: memberEpoch,
        memberId,
        groupInstanceId: null,
        apiVersion: 9,
        offsets: partitions.map((partition) => ({
          topic: 'orders',
          partition,
          offset: 1n,
          leaderEpoch: -1,
          metadata: '',
          commitTimestampMs: -1n,
        })),
      });
    // a holds `kept` since epoch 1: a commit sent before it moved to epoch 2 still lands; not one of `given`.
    expect(await commit('a', 1, kept)).toBe(ErrorCode.NONE);
    expect(await commit('a', 1, [kept[0], given[0]])).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect(await commit('a', 3, kept)).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    // b was given its partitions at epoch 2.
    expect(await commit('b', 1, given)).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect(await commit('b', 2, given)).toBe(ErrorCode.NONE);
    // In a transaction the same refusal is ILLEGAL_GENERATION (Kafka's validateTransactionalOffsetCommit).
    const consumer = coordinator.groups.get('g')!.consumer!;
    const inTransaction = (memberEpoch: number, partition: number) =>
      consumerCommitPermission(consumer, {
        memberId: 'a',
        memberEpoch,
        apiVersion: null,
        transactional: true,
        partitions: [{ topicId: ordersId(), partition }],
      });
    expect([inTransaction(1, kept[0]), inTransaction(1, given[0])]).toEqual([ErrorCode.NONE, ErrorCode.ILLEGAL_GENERATION]);

    // The assignment epochs are in the current-assignment records.
    coordinator = await coordinators.restart(coordinator);
    expect(await commit('a', 1, kept)).toBe(ErrorCode.NONE);
    expect(await commit('b', 1, given)).toBe(ErrorCode.STALE_MEMBER_EPOCH);
  });

  it('rebuilds epochs, members and assignments from its records after a restart, and the members carry on', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a'));
    await coordinator.consumerGroups.heartbeat(join('b'));
    const kept = partitionsOf(await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5])))!;

    const restarted = await coordinators.restart(coordinator);
    const group = restarted.groups.get('g')!;
    const consumer = group.consumer!;
    expect(group.state).toBe('Reconciling');
    expect({ groupEpoch: consumer.groupEpoch, assignmentEpoch: consumer.assignmentEpoch }).toEqual({ groupEpoch: 2, assignmentEpoch: 2 });
    expect([...consumer.members.values()].map((m) => [m.memberId, m.memberEpoch, m.state])).toEqual([
      ['a', 1, 1],
      ['b', 2, 2],
    ]);
    // a finishes revoking and b receives the partitions, across the restart.
    expect((await restarted.consumerGroups.heartbeat(beat('a', 1, kept))).memberEpoch).toBe(2);
    const b = await restarted.consumerGroups.heartbeat(beat('b', 2, []));
    expect(partitionsOf(b)).toEqual([0, 1, 2, 3, 4, 5].filter((p) => !kept.includes(p)));
    // Sessions restarted at load: members that never come back are fenced.
    await vi.advanceTimersByTimeAsync(46_000);
    expect(consumer.members.size).toBe(0);
    expect(group.state).toBe('Empty');
  });

  it('deletes an empty consumer group with tombstones, so it stays deleted after a restart', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a'));
    expect(await deleteGroup(coordinator, 'g')).toBe(ErrorCode.NON_EMPTY_GROUP);
    await coordinator.consumerGroups.heartbeat(beat('a', -1, null));
    expect(await deleteGroup(coordinator, 'g')).toBe(ErrorCode.NONE);
    const restarted = await coordinators.restart(coordinator);
    expect(restarted.groups.has('g')).toBe(false);
  });

  it('a static member that leaves with epoch -2 gets its partitions back under a new member id, without a rebalance', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a', { instanceId: 'i-a' }));
    const consumer = coordinator.groups.get('g')!.consumer!;
    await coordinator.consumerGroups.heartbeat(beat('a', -2, null, { instanceId: 'i-a' }));
    const busy = await coordinator.consumerGroups.heartbeat(join('c', { instanceId: 'i-a' }));
    expect(busy.errorCode).toBe(0);
    expect(partitionsOf(busy)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(busy.memberEpoch).toBe(1);
    expect(consumer.groupEpoch).toBe(1);
    const other = await coordinator.consumerGroups.heartbeat(join('d', { instanceId: 'i-a' }));
    expect(other.errorCode).toBe(ErrorCode.UNRELEASED_INSTANCE_ID);
  });

  it('a static member leaving with epoch -2 releases the partitions it was revoking; its successor starts from epoch 0', async () => {
    const coordinator = coordinators.start();
    const consumer = () => coordinator.groups.get('g')!.consumer!;
    await coordinator.consumerGroups.heartbeat(join('a', { instanceId: 'i-a' }));
    await coordinator.consumerGroups.heartbeat(join('b'));
    const kept = partitionsOf(await coordinator.consumerGroups.heartbeat(beat('a', 1, [0, 1, 2, 3, 4, 5])))!;
    const revoked = [0, 1, 2, 3, 4, 5].filter((p) => !kept.includes(p));
    // a leaves for a while before revoking: b gets the partitions at once (Kafka drops them from a).
    const away = await coordinator.consumerGroups.heartbeat(beat('a', -2, null, { instanceId: 'i-a' }));
    expect(away).toMatchObject({ errorCode: 0, memberId: 'a', memberEpoch: -2 });
    expect(consumer().members.get('a')).toMatchObject({ memberEpoch: -2, previousMemberEpoch: 1, pendingRevocation: new Map() });
    expect(partitionsOf(await coordinator.consumerGroups.heartbeat(beat('b', 2, [])))).toEqual(revoked);
    // Its successor starts again from epoch 0 with a's partitions and reaches the assignment epoch.
    const successor = await coordinator.consumerGroups.heartbeat(join('c', { instanceId: 'i-a' }));
    expect(successor).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    expect(partitionsOf(successor)).toEqual(kept);
    expect(consumer().members.get('c')!.previousMemberEpoch).toBe(0);
    expect(consumer().groupEpoch).toBe(2);
  });

  it('a member joining with partitions to revoke that it does not own drops them at once (a static successor)', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a', { instanceId: 'i-a' }));
    await coordinator.consumerGroups.heartbeat(beat('a', -2, null, { instanceId: 'i-a' }));
    // b joins while a is away: a (still owning every partition) must give half of them up.
    expect(partitionsOf(await coordinator.consumerGroups.heartbeat(join('b')))).toEqual([]);
    // Its successor joins owning nothing: from epoch 0 it goes straight to the assignment epoch with its half
    // (Kafka's computeNextAssignment asks to revoke only partitions the member still owns), so b gets the rest.
    const successor = await coordinator.consumerGroups.heartbeat(join('c', { instanceId: 'i-a' }));
    expect(successor).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    const kept = partitionsOf(successor)!;
    expect(kept).toHaveLength(3);
    expect(coordinator.groups.get('g')!.consumer!.members.get('c')).toMatchObject({ previousMemberEpoch: 0, state: 0 });
    const b = await coordinator.consumerGroups.heartbeat(beat('b', 2, []));
    expect(partitionsOf(b)).toEqual([0, 1, 2, 3, 4, 5].filter((p) => !kept.includes(p)));
  });

  it('leaves as Kafka checks them: by instance id when given (unknown, fenced), -2 only for static members', async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a', { instanceId: 'i-a' }));
    await coordinator.consumerGroups.heartbeat(join('b'));
    const leave = (memberId: string, epoch: number, instanceId: string | null) =>
      coordinator.consumerGroups.heartbeat(beat(memberId, epoch, null, { instanceId }));
    expect(await leave('b', -2, null)).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: "InstanceId can't be null." });
    expect(await leave('b', -2, 'i-b')).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_MEMBER_ID,
      errorMessage: 'Instance id i-b is unknown.',
    });
    expect(await leave('b', -2, 'i-a')).toMatchObject({
      errorCode: ErrorCode.FENCED_INSTANCE_ID,
      errorMessage: 'Static member b with instance id i-a was fenced by member a.',
    });
    expect(await leave('x', -1, null)).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_MEMBER_ID,
      errorMessage: 'Member x is not a member of group g.',
    });
    const consumer = coordinator.groups.get('g')!.consumer!;
    expect([...consumer.members.values()].map((m) => m.memberEpoch)).toEqual([1, 2]);
    expect(await leave('a', -1, 'i-a')).toMatchObject({ errorCode: 0, memberId: 'a', memberEpoch: -1 });
    expect([...consumer.members.keys()]).toEqual(['b']);
  });

  it("checks a static member's heartbeats by instance id, and a known member joining again with epoch 0 stays as it is", async () => {
    const coordinator = coordinators.start();
    await coordinator.consumerGroups.heartbeat(join('a', { instanceId: 'i-a' }));
    await coordinator.consumerGroups.heartbeat(join('b'));
    const heartbeat = (memberId: string, epoch: number, instanceId: string | null) =>
      coordinator.consumerGroups.heartbeat(beat(memberId, epoch, null, { instanceId }));
    expect(await heartbeat('a', 1, 'i-x')).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_MEMBER_ID,
      errorMessage: 'Instance id i-x is unknown.',
    });
    expect(await heartbeat('b', 2, 'i-a')).toMatchObject({ errorCode: ErrorCode.FENCED_INSTANCE_ID });
    // The instance id stays taken until its member leaves with -2, even for the same member id.
    const again = await coordinator.consumerGroups.heartbeat(join('a', { instanceId: 'i-a' }));
    expect(again.errorCode).toBe(ErrorCode.UNRELEASED_INSTANCE_ID);
    // b joins again with epoch 0: same member, epoch and (resent) assignment, no rebalance.
    const consumer = coordinator.groups.get('g')!.consumer!;
    const rejoined = await coordinator.consumerGroups.heartbeat(join('b'));
    expect(rejoined).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    expect(rejoined.assignment).not.toBeNull();
    expect(consumer.groupEpoch).toBe(2);
  });

  it('bumps the group epoch for new subscribed topics or regex, not for a new rack or assignor alone', async () => {
    coordinators.topics.counts.set('payments', 2);
    const coordinator = coordinators.start();
    const consumer = () => coordinator.groups.get('g')!.consumer!;
    await coordinator.consumerGroups.heartbeat(join('a'));
    const update = (overrides: Partial<ConsumerHeartbeatInput>) =>
      coordinator.consumerGroups.heartbeat(beat('a', consumer().members.get('a')!.memberEpoch, null, overrides));
    await update({ rackId: 'rack-1', serverAssignor: 'range' });
    expect(consumer().members.get('a')).toMatchObject({ rackId: 'rack-1', serverAssignor: 'range' });
    expect(consumer().groupEpoch).toBe(1);
    await update({ subscribedTopicNames: ['orders', 'payments'] });
    expect(consumer().groupEpoch).toBe(2);
    await update({ subscribedTopicRegex: 'pay.*' });
    expect(consumer().groupEpoch).toBe(3);
    // A new member subscribing to nothing changes no subscription either (Kafka: no rebalance).
    await coordinator.consumerGroups.heartbeat(join('b', { subscribedTopicNames: [] }));
    expect(consumer().groupEpoch).toBe(3);
  });
});
