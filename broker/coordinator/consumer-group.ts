// A KIP-848 consumer group's membership and the pure decisions about it (Kafka's ConsumerGroup and
// CurrentAssignmentBuilder). No timers, no I/O: consumer-group-coordinator.ts drives it.
//
// Epochs: the group epoch is bumped whenever membership, a subscription or the subscribed topics' metadata
// changes; the target assignment is then recomputed and stamped with that epoch (the assignment epoch). Each
// member converges to its target one step per heartbeat: partitions it must give up are revoked first (it
// stays at its epoch in UNREVOKED_PARTITIONS until its heartbeat no longer lists them), only then does it
// move to the assignment epoch and receive new partitions, and a partition still owned by another member is
// held back (UNRELEASED_PARTITIONS) until that member releases it. So no partition has two owners.

import { type Assignment, partitionCount } from './consumer-group-assignors.ts';

export type { Assignment } from './consumer-group-assignors.ts';

/** topicId -> partition -> epoch. */
export type PartitionEpochs = Map<string, Map<number, number>>;

/** Kafka's MemberState values (stored in ConsumerGroupCurrentMemberAssignmentValue.State). */
export const MemberState = { STABLE: 0, UNREVOKED_PARTITIONS: 1, UNRELEASED_PARTITIONS: 2 } as const;

export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable';

/**
 * The member epoch of a static member that left temporarily: it keeps its assigned partitions for its session
 * (those it was revoking are released), and whoever comes back with its instance id starts from epoch 0.
 */
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;
export const LEAVE_GROUP_MEMBER_EPOCH = -1;

/** What a member using the classic protocol (JoinGroup/SyncGroup/Heartbeat) inside a consumer group sent. */
export interface ClassicMemberMetadata {
  sessionTimeoutMs: number;
  /** Its JoinGroup protocols in its order (the first one's name is the protocol name it is answered with). */
  supportedProtocols: { name: string; metadata: Buffer }[];
}

export interface ConsumerGroupMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  rebalanceTimeoutMs: number;
  serverAssignor: string | null;
  memberEpoch: number;
  previousMemberEpoch: number;
  state: number;
  assigned: Assignment;
  pendingRevocation: Assignment;
  /**
   * The member epoch at which each partition of `assigned` and `pendingRevocation` was given to the member
   * (KIP-1251): a commit with an older member epoch is accepted for partitions it held since then.
   */
  assignmentEpochs: PartitionEpochs;
  /** Set for a member that uses the classic protocol (online migration); null for ConsumerGroupHeartbeat members. */
  classic: ClassicMemberMetadata | null;
}

export function newMember(memberId: string): ConsumerGroupMember {
  return {
    memberId,
    instanceId: null,
    rackId: null,
    clientId: '',
    clientHost: '',
    subscribedTopicNames: [],
    subscribedTopicRegex: null,
    rebalanceTimeoutMs: -1,
    serverAssignor: null,
    memberEpoch: 0,
    previousMemberEpoch: 0,
    state: MemberState.STABLE,
    assigned: new Map(),
    pendingRevocation: new Map(),
    assignmentEpochs: new Map(),
    classic: null,
  };
}

/** The epoch at which the member was given the partition; undefined when it neither holds nor revokes it. */
export function assignmentEpochOf(member: ConsumerGroupMember, topicId: string, partition: number): number | undefined {
  return member.assignmentEpochs.get(topicId)?.get(partition);
}

/** Every partition of the assignments at one epoch (a converted classic member, a static member away: 0). */
export function uniformEpochs(epoch: number, ...assignments: Assignment[]): PartitionEpochs {
  const epochs: PartitionEpochs = new Map();
  for (const assignment of assignments) {
    for (const [topicId, partitions] of assignment) for (const partition of partitions) setEpoch(epochs, topicId, partition, epoch);
  }
  return epochs;
}

function setEpoch(epochs: PartitionEpochs, topicId: string, partition: number, epoch: number): void {
  let byPartition = epochs.get(topicId);
  if (byPartition === undefined) {
    byPartition = new Map();
    epochs.set(topicId, byPartition);
  }
  byPartition.set(partition, epoch);
}

export function sameAssignment(a: Assignment, b: Assignment): boolean {
  if (a.size !== b.size) return false;
  for (const [topicId, partitions] of a) {
    const other = b.get(topicId);
    if (other === undefined || other.size !== partitions.size) return false;
    for (const partition of partitions) if (!other.has(partition)) return false;
  }
  return true;
}

export function isSubset(small: Assignment, big: Assignment): boolean {
  for (const [topicId, partitions] of small) {
    for (const partition of partitions) if (!big.get(topicId)?.has(partition)) return false;
  }
  return true;
}

/** Whether the member's epochs, state or partitions differ (what its current-assignment record holds). */
export function sameCurrentAssignment(a: ConsumerGroupMember, b: ConsumerGroupMember): boolean {
  return (
    a.memberEpoch === b.memberEpoch &&
    a.previousMemberEpoch === b.previousMemberEpoch &&
    a.state === b.state &&
    sameAssignment(a.assigned, b.assigned) &&
    sameAssignment(a.pendingRevocation, b.pendingRevocation)
  );
}

/** Whether the subscription fields (what the assignor sees) differ: the member's record must be written. */
export function subscriptionChanged(a: ConsumerGroupMember, b: ConsumerGroupMember): boolean {
  return a.serverAssignor !== b.serverAssignor || a.rackId !== b.rackId || subscribedTopicsChanged(a, b);
}

/**
 * Whether the subscribed topic names or regex differ: what bumps the group epoch (Kafka 4.3's
 * hasMemberSubscriptionChanged and maybeUpdateRegularExpressions, for heartbeats and classic joins alike). A
 * new rack or assignor alone is recorded but waits for the next rebalance, as in Kafka.
 */
export function subscribedTopicsChanged(a: ConsumerGroupMember, b: ConsumerGroupMember): boolean {
  return (
    a.subscribedTopicRegex !== b.subscribedTopicRegex ||
    a.subscribedTopicNames.length !== b.subscribedTopicNames.length ||
    a.subscribedTopicNames.some((name, index) => b.subscribedTopicNames[index] !== name)
  );
}

export class ConsumerGroup {
  groupEpoch = 0;
  assignmentEpoch = 0;
  readonly members = new Map<string, ConsumerGroupMember>();
  /** instanceId -> memberId of static members. */
  readonly staticMembers = new Map<string, string>();
  /** memberId -> its target assignment (at assignmentEpoch). */
  readonly targetAssignment = new Map<string, Assignment>();
  /** Partitions owned (assigned or pending revocation) -> the owner's member epoch; absent = free. */
  private readonly partitionEpochs = new Map<string, Map<number, number>>();
  /** Hash of the subscribed topics' ids and partition counts when the group epoch was last bumped. */
  metadataHash = 0n;

  state(): ConsumerGroupState {
    if (this.members.size === 0) return 'Empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
    for (const member of this.members.values()) {
      if (member.memberEpoch !== this.assignmentEpoch || member.state !== MemberState.STABLE) return 'Reconciling';
    }
    return 'Stable';
  }

  /** The epoch of the member owning the partition, -1 when no member owns it. */
  partitionEpoch(topicId: string, partition: number): number {
    return this.partitionEpochs.get(topicId)?.get(partition) ?? -1;
  }

  /** Adds or replaces a member, moving the ownership of its partitions. */
  updateMember(member: ConsumerGroupMember): void {
    const old = this.members.get(member.memberId);
    if (old !== undefined) this.releasePartitions(old);
    this.members.set(member.memberId, member);
    if (member.instanceId !== null) this.staticMembers.set(member.instanceId, member.memberId);
    for (const assignment of [member.assigned, member.pendingRevocation]) {
      for (const [topicId, partitions] of assignment) {
        let epochs = this.partitionEpochs.get(topicId);
        if (epochs === undefined) {
          epochs = new Map();
          this.partitionEpochs.set(topicId, epochs);
        }
        for (const partition of partitions) epochs.set(partition, member.memberEpoch);
      }
    }
  }

  removeMember(memberId: string): void {
    const member = this.members.get(memberId);
    if (member === undefined) return;
    this.releasePartitions(member);
    this.members.delete(memberId);
    this.targetAssignment.delete(memberId);
    if (member.instanceId !== null && this.staticMembers.get(member.instanceId) === memberId) this.staticMembers.delete(member.instanceId);
  }

  private releasePartitions(member: ConsumerGroupMember): void {
    for (const assignment of [member.assigned, member.pendingRevocation]) {
      for (const [topicId, partitions] of assignment) {
        const epochs = this.partitionEpochs.get(topicId);
        for (const partition of partitions) epochs?.delete(partition);
        if (epochs?.size === 0) this.partitionEpochs.delete(topicId);
      }
    }
  }

  /** The assignor the members ask for most (ties: by name), else the default (Kafka's preferredServerAssignor). */
  preferredAssignor(defaultName: string): string {
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      if (member.serverAssignor !== null) votes.set(member.serverAssignor, (votes.get(member.serverAssignor) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [name, count] of [...votes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (best === null || count > votes.get(best)!) best = name;
    }
    return best ?? defaultName;
  }
}

function copy(assignment: Assignment): Assignment {
  return new Map([...assignment].map(([topicId, partitions]) => [topicId, new Set(partitions)]));
}

/** Whether the member still owns any of `partitions` by its heartbeat (null: it did not say, so it may). */
function ownsAnyOf(owned: Assignment | null, partitions: Assignment): boolean {
  if (owned === null) return true;
  return [...partitions].some(([topicId, ps]) => [...ps].some((p) => owned.get(topicId)?.has(p)));
}

/**
 * One reconciliation step of a member towards its target (Kafka's CurrentAssignmentBuilder). `owned` is the
 * partitions the member's heartbeat says it owns, null when it did not say (it is then assumed to still own
 * what it was asked to revoke).
 */
export function reconcileMember(
  group: ConsumerGroup,
  member: ConsumerGroupMember,
  owned: Assignment | null,
  subscribedTopicIds: ReadonlySet<string>,
): ConsumerGroupMember {
  const target = group.targetAssignment.get(member.memberId) ?? new Map();
  if (member.state === MemberState.UNREVOKED_PARTITIONS) {
    if (ownsAnyOf(owned, member.pendingRevocation)) return member;
    return nextAssignment(group, member, Math.min(member.memberEpoch + 1, group.assignmentEpoch), target, subscribedTopicIds, owned);
  }
  if (member.state === MemberState.UNRELEASED_PARTITIONS || member.memberEpoch !== group.assignmentEpoch) {
    return nextAssignment(group, member, member.memberEpoch, target, subscribedTopicIds, owned);
  }
  // Stable at the assignment epoch: only drop partitions of topics it no longer subscribes to.
  const kept = new Map([...member.assigned].filter(([topicId]) => subscribedTopicIds.has(topicId)));
  if (kept.size === member.assigned.size) return member;
  return nextAssignment(group, member, member.memberEpoch, target, subscribedTopicIds, owned);
}

function nextAssignment(
  group: ConsumerGroup,
  member: ConsumerGroupMember,
  memberEpoch: number,
  target: Assignment,
  subscribedTopicIds: ReadonlySet<string>,
  owned: Assignment | null,
): ConsumerGroupMember {
  const assigned: Assignment = new Map();
  const revoking: Assignment = new Map();
  const assigning: Assignment = new Map();
  let unreleased = false;
  const put = (into: Assignment, topicId: string, partition: number) => {
    let partitions = into.get(topicId);
    if (partitions === undefined) {
      partitions = new Set();
      into.set(topicId, partitions);
    }
    partitions.add(partition);
  };
  for (const [topicId, partitions] of member.assigned) {
    for (const partition of partitions) {
      // A partition of a topic no longer subscribed is revoked even if the target (stale) still holds it.
      if (target.get(topicId)?.has(partition) && subscribedTopicIds.has(topicId)) put(assigned, topicId, partition);
      else put(revoking, topicId, partition);
    }
  }
  for (const [topicId, partitions] of target) {
    for (const partition of partitions) {
      if (member.assigned.get(topicId)?.has(partition)) continue;
      if (group.partitionEpoch(topicId, partition) === -1) put(assigning, topicId, partition);
      else unreleased = true;
    }
  }
  // Revoking waits for the member to give the partitions up, unless its heartbeat says it no longer owns any
  // of them (a member rejoining at epoch 0, a static member's successor): they are dropped at once (Kafka's
  // computeNextAssignment).
  const revokes = partitionCount(revoking) > 0 && ownsAnyOf(owned, revoking);
  // Partitions it keeps or revokes keep the epoch they were given at; new ones get the assignment epoch.
  const epochs: PartitionEpochs = new Map();
  for (const assignment of revokes ? [assigned, revoking] : [assigned]) {
    for (const [topicId, partitions] of assignment) {
      for (const partition of partitions) {
        setEpoch(epochs, topicId, partition, assignmentEpochOf(member, topicId, partition) ?? member.memberEpoch);
      }
    }
  }
  const withEpoch = (epoch: number, state: number, finalAssigned: Assignment, pending: Assignment): ConsumerGroupMember => ({
    ...member,
    previousMemberEpoch: member.memberEpoch,
    memberEpoch: epoch,
    state,
    assigned: finalAssigned,
    pendingRevocation: pending,
    assignmentEpochs: epochs,
  });
  if (revokes) return withEpoch(memberEpoch, MemberState.UNREVOKED_PARTITIONS, assigned, revoking);
  const next = copy(assigned);
  for (const [topicId, partitions] of assigning) {
    for (const partition of partitions) {
      put(next, topicId, partition);
      setEpoch(epochs, topicId, partition, group.assignmentEpoch);
    }
  }
  const state = unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE;
  return withEpoch(group.assignmentEpoch, state, next, new Map());
}
