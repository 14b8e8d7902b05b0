import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JoinGroupInput } from './classic-group-requests.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { decodeOffsetsTopicRecord } from './offsets-topic-records.ts';
import { offsetsPartitionFor, javaStringHashCode } from './offsets-partition.ts';
import { commitOffsets, deleteGroup } from './group-offsets.ts';
import { classicJoin, classicSync, TestCoordinators } from './test-support.ts';

const coordinators = new TestCoordinators();
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  coordinators.reset();
  vi.useRealTimers();
});

/** A new dynamic member's JoinGroup (v3: no MEMBER_ID_REQUIRED) with a 10 s session. */
function input(overrides: Partial<JoinGroupInput> = {}): JoinGroupInput {
  return classicJoin('', [], { clientId: 'client', sessionTimeoutMs: 10_000, ...overrides });
}

/** Lets promise callbacks run (fake timers do not advance microtasks by themselves). */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('GroupCoordinator state machine', () => {
  it('removes members that do not rejoin within the rebalance timeout', async () => {
    const coordinator = coordinators.start();
    // A long session: a is removed by the rebalance timeout, not by its session expiring first.
    const a = await coordinator.joinGroup(input({ sessionTimeoutMs: 60_000 }));
    await coordinator.syncGroup(classicSync(a.memberId, 1));
    let bDone = false;
    const bJoin = coordinator.joinGroup(input({ clientId: 'b' })).then((result) => {
      bDone = true;
      return result;
    });
    await settle();
    expect(coordinator.groups.get('g')!.state).toBe('PreparingRebalance');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(bDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    const b = await bJoin;
    expect(b).toMatchObject({ errorCode: 0, generationId: 2, leader: b.memberId });
    expect([...coordinator.groups.get('g')!.members.keys()]).toEqual([b.memberId]);
  });

  it('waits the initial rebalance delay for more members before the first generation', async () => {
    const coordinator = coordinators.start({ initialRebalanceDelayMs: 3000 });
    const first = coordinator.joinGroup(input({ clientId: 'a' }));
    await vi.advanceTimersByTimeAsync(2000);
    const second = coordinator.joinGroup(input({ clientId: 'b' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(coordinator.groups.get('g')!.state).toBe('PreparingRebalance'); // extended: b joined during the delay
    await vi.advanceTimersByTimeAsync(3000);
    const [a, b] = await Promise.all([first, second]);
    expect(a.generationId).toBe(1);
    expect(b.generationId).toBe(1);
    expect(a.members).toHaveLength(2);
  });

  it('forgets a member id handed out with MEMBER_ID_REQUIRED when it never joins', async () => {
    const coordinator = coordinators.start();
    const first = await coordinator.joinGroup(input({ requireKnownMemberId: true, sessionTimeoutMs: 6000 }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    await vi.advanceTimersByTimeAsync(6001);
    const late = await coordinator.joinGroup(input({ memberId: first.memberId, requireKnownMemberId: true }));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('drops members that never send SyncGroup and rebalances the rest', async () => {
    const coordinator = coordinators.start();
    const a = await coordinator.joinGroup(input({ rebalanceTimeoutMs: 5000 }));
    await coordinator.syncGroup(classicSync(a.memberId, 1));
    const bJoin = coordinator.joinGroup(input({ clientId: 'b', rebalanceTimeoutMs: 5000 }));
    await settle();
    const aJoin = await coordinator.joinGroup(input({ memberId: a.memberId, rebalanceTimeoutMs: 5000 }));
    const b = await bJoin;
    expect(aJoin.generationId).toBe(2);
    // Only b syncs; the leader a never does.
    const bSync = coordinator.syncGroup(classicSync(b.memberId, 2));
    await vi.advanceTimersByTimeAsync(5000);
    expect((await bSync).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect([...coordinator.groups.get('g')!.members.keys()]).toEqual([b.memberId]);
  });

  it('keeps a follower waiting in SyncGroup alive while it heartbeats and the leader takes its time', async () => {
    const coordinator = coordinators.start({ initialRebalanceDelayMs: 100 });
    const aJoin = coordinator.joinGroup(input({ sessionTimeoutMs: 6000 }));
    const bJoin = coordinator.joinGroup(input({ clientId: 'b', sessionTimeoutMs: 6000 }));
    await vi.advanceTimersByTimeAsync(1000);
    const [a, b] = await Promise.all([aJoin, bJoin]);
    const follower = b.leader === b.memberId ? a : b;
    const leader = follower === a ? b : a;
    const followerSync = coordinator.syncGroup(classicSync(follower.memberId, 1));
    for (let second = 0; second < 10; second += 2) {
      await vi.advanceTimersByTimeAsync(2000);
      expect(coordinator.heartbeat('g', 1, follower.memberId, null)).toBe(0);
      expect(coordinator.heartbeat('g', 1, leader.memberId, null)).toBe(0);
    }
    await coordinator.syncGroup(
      classicSync(leader.memberId, 1, { assignments: [{ memberId: follower.memberId, assignment: Buffer.from('f') }] }),
    );
    expect((await followerSync).assignment.toString()).toBe('f');
  });

  it('becomes Empty with a new generation when its last member expires, and writes that to the store', async () => {
    const coordinator = coordinators.start();
    const a = await coordinator.joinGroup(input({ sessionTimeoutMs: 6000 }));
    await coordinator.syncGroup(classicSync(a.memberId, 1));
    await vi.advanceTimersByTimeAsync(6001);
    const group = coordinator.groups.get('g')!;
    expect(group.state).toBe('Empty');
    expect(group.generationId).toBe(2);
    const last = coordinators.store.records.at(-1)!;
    expect(decodeOffsetsTopicRecord(last.key, last.value)).toMatchObject({
      kind: 'group',
      groupId: 'g',
      metadata: { generation: 2, members: [] },
    });
  });

  it('rebuilds groups and offsets from the stored records, honouring tombstones', async () => {
    const coordinator = coordinators.start();
    const commit = (groupId: string, offset: bigint) =>
      commitOffsets(coordinator, {
        groupId,
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        apiVersion: 8,
        offsets: [{ topic: 't', partition: 0, offset, leaderEpoch: -1, metadata: null, commitTimestampMs: -1n }],
      });
    expect(await commit('kept', 5n)).toBe(0);
    expect(await commit('kept', 6n)).toBe(0);
    expect(await commit('dropped', 1n)).toBe(0);
    expect(await deleteGroup(coordinator, 'dropped')).toBe(0);
    const reloaded = await coordinators.restart(coordinator);
    expect(reloaded.groups.get('kept')!.committedOffset('t', 0)!.offset).toBe(6n);
    expect(reloaded.groups.has('dropped')).toBe(false);
  });
});

describe('GroupCoordinator limits and protocol choice', () => {
  const protocols = (...names: string[]) => names.map((name) => ({ name, metadata: Buffer.from(name) }));

  it('chooses the protocol most members vote for', async () => {
    const coordinator = coordinators.start({ initialRebalanceDelayMs: 100 });
    const joins = [
      coordinator.joinGroup(input({ protocols: protocols('range', 'roundrobin') })),
      coordinator.joinGroup(input({ protocols: protocols('roundrobin', 'range') })),
      coordinator.joinGroup(input({ protocols: protocols('roundrobin', 'range', 'sticky') })),
    ];
    await vi.advanceTimersByTimeAsync(1000);
    const results = await Promise.all(joins);
    expect(results.map((r) => r.protocolName)).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
  });

  it('refuses a member whose protocol type differs, and members beyond group.max.size', async () => {
    const coordinator = coordinators.start({ maxGroupSize: 2 });
    await coordinator.joinGroup(input());
    expect((await coordinator.joinGroup(input({ protocolType: 'connect' }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    void coordinator.joinGroup(input());
    await settle();
    expect((await coordinator.joinGroup(input())).errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
  });

  it('refuses new groups beyond the group bound', async () => {
    const coordinator = coordinators.start({ maxGroups: 1 });
    expect((await coordinator.joinGroup(input({ groupId: 'one' }))).errorCode).toBe(0);
    expect((await coordinator.joinGroup(input({ groupId: 'two' }))).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('lets a static member leave by its instance id and fences a stale member id', async () => {
    const coordinator = coordinators.start();
    const joined = await coordinator.joinGroup(input({ groupInstanceId: 'i-1' }));
    expect(coordinator.leaveGroup('g', [{ memberId: 'stale', groupInstanceId: 'i-1' }]).members[0].errorCode).toBe(
      ErrorCode.FENCED_INSTANCE_ID,
    );
    expect(coordinator.leaveGroup('g', [{ memberId: '', groupInstanceId: 'i-1' }]).members[0].errorCode).toBe(0);
    expect(coordinator.groups.get('g')!.members.has(joined.memberId)).toBe(false);
  });
});

describe('offsetsPartitionFor', () => {
  it('matches Java String.hashCode and Kafka partitioning', () => {
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    // Integer.MIN_VALUE maps to 0 in Kafka's Utils.abs.
    expect(offsetsPartitionFor('polygenelubricants', 50)).toBe(0);
    expect(offsetsPartitionFor('console-consumer-12345', 50)).toBe(Math.abs(javaStringHashCode('console-consumer-12345')) % 50);
  });
});
