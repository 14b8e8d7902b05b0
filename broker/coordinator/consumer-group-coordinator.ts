// The KIP-848 consumer group protocol (Kafka's GroupMetadataManager.consumerGroupHeartbeat): members join,
// heartbeat and leave with ConsumerGroupHeartbeat; the coordinator bumps the group epoch on membership,
// subscription and topic metadata changes, computes the target assignment with a server-side assignor
// (consumer-group-assignors.ts) and reconciles each member towards it (consumer-group.ts). State changes
// synchronously inside each call (request order); the answer waits until its records are in
// __consumer_offsets, so an acknowledged epoch survives a restart (load-groups.ts rebuilds the group and
// restarts the members' sessions, as Kafka does on load).
//
// Timers: a member that does not heartbeat within consumer.session.timeout.ms (group config, else the
// broker default) is fenced; one asked to revoke partitions that has not done so within its rebalance
// timeout is fenced too. Fencing removes the member and bumps the group epoch.
//
// Online migration (consumer-group-classic-members.ts, group.consumer.migration.policy): a heartbeat joining
// a classic group with members upgrades it (GROUP_ID_NOT_FOUND when the policy or the group forbids it), its
// classic members stay inside through JoinGroup/SyncGroup/Heartbeat/LeaveGroup, and the last consumer-protocol
// member leaving downgrades it; an empty group of the other type is taken over, keeping its offsets.
// NOT done: rack-aware assignment, assignment batching (KIP-1263's consumer.assignment.interval.ms, default 1 s):
// assignments are computed at once, as Kafka does with the interval at 0.

import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.ts';
import { groupConfigDefinitions } from '../topics/kafka-config-definitions.ts';
import type { ClassicGroup } from './classic-group.ts';
import { SERVER_ASSIGNORS } from './consumer-group-assignors.ts';
import {
  type Assignment,
  ConsumerGroup,
  type ConsumerGroupMember,
  isSubset,
  LEAVE_GROUP_MEMBER_EPOCH,
  LEAVE_GROUP_STATIC_MEMBER_EPOCH,
  MemberState,
  newMember,
  reconcileMember,
  sameAssignment,
  sameCurrentAssignment,
  subscribedTopicsChanged,
  subscriptionChanged,
  uniformEpochs,
} from './consumer-group.ts';
import {
  consumerGroupMetadataRecord,
  currentAssignmentRecord,
  fromTopicPartitions,
  memberMetadataRecord,
  memberRemovalRecords,
  targetMemberRecord,
  targetMetadataRecord,
} from './consumer-group-records.ts';
import type { CoordinatorRecord } from './coordinator-topic-log.ts';
import { groupMetadataRecord } from './offsets-topic-records.ts';
import type { GroupCoordinator } from './group-coordinator.ts';
import type { ConsumerGroupMigrationPolicy } from './group-coordinator-config.ts';
import { ClassicMembers } from './consumer-group-classic-members.ts';
import {
  type ConsumerHeartbeatInput,
  type ConsumerHeartbeatResult,
  failure,
  HeartbeatError,
  validate,
} from './consumer-group-heartbeat-request.ts';
import { compileRegex, computeTargetAssignment, metadataHash, subscribedTopicIds } from './consumer-group-target-assignment.ts';

/** What the coordinator needs to know about topics and group configs. */
export interface ConsumerGroupTopics {
  topic(name: string): { topicId: string; partitionCount: number } | undefined;
  topicName(topicId: string): string | undefined;
  topicNames(): string[];
  groupConfigs(groupId: string): Readonly<Record<string, string>>;
}

export const NO_TOPICS: ConsumerGroupTopics = {
  topic: () => undefined,
  topicName: () => undefined,
  topicNames: () => [],
  groupConfigs: () => ({}),
};

function groupConfigMs(topics: ConsumerGroupTopics, groupId: string, name: string): number {
  const value = topics.groupConfigs(groupId)[name] ?? groupConfigDefinitions.get(name)?.defaultValue;
  return Number(value);
}

export class ConsumerGroupCoordinator {
  private readonly coordinator: GroupCoordinator;
  private readonly topics: ConsumerGroupTopics;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly sessionTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly rebalanceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Classic members: the SyncGroup due after a JoinGroup, or the JoinGroup due after REBALANCE_IN_PROGRESS. */
  private readonly classicTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Classic members inside consumer groups and the conversions between the protocols. */
  readonly classicMembers: ClassicMembers;
  private closed = false;

  constructor(coordinator: GroupCoordinator, topics: ConsumerGroupTopics, log: (line: string) => void, now: () => number) {
    this.coordinator = coordinator;
    this.topics = topics;
    this.log = log;
    this.now = now;
    this.classicMembers = new ClassicMembers(this, topics, log);
  }

  close(): void {
    this.closed = true;
    for (const timers of [this.sessionTimers, this.rebalanceTimers, this.classicTimers]) {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    }
  }

  migrationPolicy(): ConsumerGroupMigrationPolicy {
    return this.coordinator.config.consumerGroupMigrationPolicy ?? 'bidirectional';
  }

  maxGroupSize(): number {
    return this.coordinator.config.maxGroupSize;
  }

  /** A classic group's members leave its classic membership (upgrade); their waiting calls are answered. */
  releaseClassicMembers(group: ClassicGroup): void {
    this.coordinator.releaseClassicMembers(group);
  }

  /** The classic group's record tombstone (Kafka's ClassicGroup.createGroupTombstoneRecords). */
  classicTombstones(group: ClassicGroup): CoordinatorRecord[] {
    return [groupMetadataRecord(group.groupId, null)];
  }

  /** Appends a group's records; false (logged) when the write failed. */
  async append(groupId: string, records: CoordinatorRecord[]): Promise<boolean> {
    if (records.length === 0) return true;
    try {
      await this.coordinator.store.append(groupId, records);
      return true;
    } catch (error) {
      this.log(`consumer group ${groupId}: could not write its records: ${String(error)}`);
      return false;
    }
  }

  /** Downgrade: the GroupCoordinator takes the group's classic members over (sessions, and a rebalance if asked). */
  adoptDowngradedGroup(group: ClassicGroup, records: CoordinatorRecord[], rebalance: boolean): void {
    this.coordinator.adoptDowngradedGroup(group, records, rebalance);
  }

  afterChange(group: ClassicGroup): void {
    this.updateState(group);
  }

  topicName(topicId: string): string | undefined {
    return this.topics.topicName(topicId);
  }

  topicIdOf(topicName: string): string | undefined {
    return this.topics.topic(topicName)?.topicId;
  }

  /** After a restart: every loaded member gets a fresh session (and rebalance timeout when revoking). */
  onLoaded(): void {
    for (const group of this.coordinator.groups.values()) {
      if (group.consumer === null) continue;
      for (const member of group.consumer.members.values()) {
        this.startSession(group, member.memberId);
        if (member.state === MemberState.UNREVOKED_PARTITIONS) this.startRebalanceTimeout(group, member);
      }
      this.updateState(group);
    }
  }

  async heartbeat(input: ConsumerHeartbeatInput): Promise<ConsumerHeartbeatResult> {
    if (this.closed) return failure(ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
    const invalid = validate(input);
    if (invalid !== null) return failure(ErrorCode.INVALID_REQUEST, invalid);
    if (input.serverAssignor !== null && !SERVER_ASSIGNORS.has(input.serverAssignor)) {
      const supported = [...SERVER_ASSIGNORS.keys()].join(', ');
      return failure(
        ErrorCode.UNSUPPORTED_ASSIGNOR,
        `ServerAssignor ${input.serverAssignor} is not supported. Supported assignors: ${supported}.`,
      );
    }
    if (input.subscribedTopicRegex !== null && compileRegex(input.subscribedTopicRegex) === null) {
      return failure(
        ErrorCode.INVALID_REGULAR_EXPRESSION,
        `SubscribedTopicRegex \`${input.subscribedTopicRegex}\` is not a valid regular expression.`,
      );
    }
    const records: CoordinatorRecord[] = [];
    let result: ConsumerHeartbeatResult;
    let group: ClassicGroup;
    try {
      group = this.groupFor(input.groupId, input.memberEpoch === 0, records);
      result =
        input.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || input.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH
          ? this.leave(group, input, records)
          : this.join(group, input, records);
    } catch (error) {
      if (error instanceof HeartbeatError) return failure(error.errorCode, error.message);
      throw error;
    }
    this.updateState(group);
    try {
      await this.coordinator.store.append(input.groupId, records);
    } catch (error) {
      // The change stays in memory (Kafka would roll it back); the member retries and converges from there.
      this.log(`consumer group ${input.groupId}: could not write its records: ${String(error)}`);
      return failure(ErrorCode.COORDINATOR_NOT_AVAILABLE, null, result.memberId);
    }
    return result;
  }

  /** The consumer group, created (or taken over from an empty classic group) when `create`. */
  private groupFor(groupId: string, create: boolean, records: CoordinatorRecord[]): ClassicGroup {
    const existing = this.coordinator.groups.get(groupId);
    if (existing !== undefined && existing.consumer !== null) return existing;
    if (existing !== undefined) {
      const emptyClassic = existing.isEmpty && existing.pendingMembers.size === 0 && existing.state === 'Empty';
      if (!create) throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${groupId} is not a consumer group.`);
      if (!emptyClassic) {
        // Online upgrade (consumer-group-classic-members.ts): its classic members stay, now in a consumer group.
        const refused = this.classicMembers.upgrade(existing, records);
        if (refused !== null) throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, refused);
        return existing;
      }
      // Kafka deletes the empty classic group (its metadata record) and creates the consumer group; offsets stay.
      if (existing.generationId > 0 || existing.protocolType !== null) records.push(groupMetadataRecord(groupId, null));
      this.becomeConsumerGroup(existing);
      return existing;
    }
    if (!create) throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group ${groupId} not found.`);
    const group = this.coordinator.groupFor(groupId, true);
    if (group === null) throw new HeartbeatError(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'The coordinator holds too many groups.');
    this.becomeConsumerGroup(group);
    return group;
  }

  private becomeConsumerGroup(group: ClassicGroup): void {
    group.type = 'consumer';
    group.consumer = new ConsumerGroup();
    group.protocolType = 'consumer';
    group.protocolName = null;
    group.generationId = 0;
    group.leaderId = null;
  }

  private join(group: ClassicGroup, input: ConsumerHeartbeatInput, records: CoordinatorRecord[]): ConsumerHeartbeatResult {
    const consumer = group.consumer!;
    const existing = this.memberFor(group, input, records);
    const owned = input.topicPartitions === null ? null : fromTopicPartitions(input.topicPartitions);
    if (existing !== null && input.memberEpoch !== 0) this.checkEpoch(existing, input.memberEpoch, owned);
    const before = existing ?? newMember(input.memberEpoch === 0 && input.memberId === '' ? randomUUID() : input.memberId);
    const updated: ConsumerGroupMember = {
      ...before,
      instanceId: input.instanceId ?? before.instanceId,
      rackId: input.rackId ?? before.rackId,
      clientId: input.clientId,
      clientHost: input.clientHost,
      rebalanceTimeoutMs: input.rebalanceTimeoutMs === -1 ? before.rebalanceTimeoutMs : input.rebalanceTimeoutMs,
      subscribedTopicNames: input.subscribedTopicNames === null ? before.subscribedTopicNames : [...input.subscribedTopicNames].sort(),
      subscribedTopicRegex:
        input.subscribedTopicRegex === null
          ? before.subscribedTopicRegex
          : input.subscribedTopicRegex === ''
            ? null
            : input.subscribedTopicRegex,
      serverAssignor: input.serverAssignor ?? before.serverAssignor,
      classic: null,
    };
    const metadataChanged =
      existing === null ||
      subscriptionChanged(before, updated) ||
      before.clientId !== updated.clientId ||
      before.clientHost !== updated.clientHost ||
      before.instanceId !== updated.instanceId ||
      before.rebalanceTimeoutMs !== updated.rebalanceTimeoutMs ||
      before.classic !== null;
    if (existing === null && consumer.members.size >= this.coordinator.config.maxGroupSize) {
      throw new HeartbeatError(
        ErrorCode.GROUP_MAX_SIZE_REACHED,
        `The consumer group has reached its maximum capacity of ${this.coordinator.config.maxGroupSize} members.`,
      );
    }
    const reconciled = this.updateAndReconcile(group, existing, updated, owned, records, metadataChanged);
    const assignmentChanged = !sameAssignment(reconciled.assigned, before.assigned) || existing === null;
    const fullRequest =
      input.memberEpoch === 0 ||
      (input.rebalanceTimeoutMs !== -1 && (input.subscribedTopicNames !== null || input.subscribedTopicRegex !== null) && owned !== null);
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId: reconciled.memberId,
      memberEpoch: reconciled.memberEpoch,
      heartbeatIntervalMs: groupConfigMs(this.topics, group.groupId, 'consumer.heartbeat.interval.ms'),
      assignment: fullRequest || assignmentChanged ? reconciled.assigned : null,
    };
  }

  /**
   * Stores the updated member, bumps the group epoch when its subscribed topic names or regex changed (a new
   * member: when it subscribes to anything) or the subscribed topics' metadata did, recomputes the target at
   * that epoch and reconciles the member one step (its owned partitions as it reported them); shared by
   * ConsumerGroupHeartbeat and classic members' JoinGroup.
   */
  updateAndReconcile(
    group: ClassicGroup,
    existing: ConsumerGroupMember | null,
    updated: ConsumerGroupMember,
    owned: Assignment | null,
    records: CoordinatorRecord[],
    metadataChanged: boolean,
  ): ConsumerGroupMember {
    const consumer = group.consumer!;
    if (metadataChanged) records.push(memberMetadataRecord(group.groupId, updated.memberId, updated));
    consumer.updateMember(updated);
    const hash = metadataHash(this.topics, consumer);
    if (subscribedTopicsChanged(existing ?? newMember(updated.memberId), updated) || hash !== consumer.metadataHash) {
      consumer.groupEpoch += 1;
      consumer.metadataHash = hash;
      records.push(consumerGroupMetadataRecord(group.groupId, consumer.groupEpoch, hash));
    }
    if (consumer.groupEpoch > consumer.assignmentEpoch) computeTargetAssignment(group, this.topics, this.now, records);
    const reconciled = reconcileMember(consumer, updated, owned, subscribedTopicIds(this.topics, updated));
    if (existing === null || !sameCurrentAssignment(reconciled, updated)) {
      consumer.updateMember(reconciled);
      records.push(currentAssignmentRecord(group.groupId, reconciled.memberId, reconciled));
    }
    this.startSession(group, reconciled.memberId);
    if (reconciled.state === MemberState.UNREVOKED_PARTITIONS) {
      if (updated.state !== MemberState.UNREVOKED_PARTITIONS || reconciled.memberEpoch !== updated.memberEpoch)
        this.startRebalanceTimeout(group, reconciled);
    } else {
      this.stopTimer(this.rebalanceTimers, group.groupId, reconciled.memberId);
    }
    return reconciled;
  }

  /**
   * The member the request is about (null: a new one), after static-member replacement. A known member id
   * joining again with epoch 0 keeps its member as it is (Kafka's getOrMaybeCreateMember, no epoch check at 0).
   */
  private memberFor(group: ClassicGroup, input: ConsumerHeartbeatInput, records: CoordinatorRecord[]): ConsumerGroupMember | null {
    if (input.instanceId !== null) return this.staticMemberFor(group, input.instanceId, input, records);
    const member = group.consumer!.members.get(input.memberId);
    if (member === undefined && input.memberEpoch !== 0) {
      throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${input.memberId} is not a member of group ${group.groupId}.`);
    }
    return member ?? null;
  }

  /** Kafka's getOrMaybeSubscribeStaticConsumerGroupMember: the instance id decides, not the member id. */
  private staticMemberFor(
    group: ClassicGroup,
    instanceId: string,
    input: ConsumerHeartbeatInput,
    records: CoordinatorRecord[],
  ): ConsumerGroupMember | null {
    const consumer = group.consumer!;
    const staticId = consumer.staticMembers.get(instanceId);
    const previous = staticId === undefined ? undefined : consumer.members.get(staticId);
    if (input.memberEpoch !== 0) {
      if (previous === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${instanceId} is unknown.`);
      if (previous.memberId !== input.memberId) {
        throw new HeartbeatError(
          ErrorCode.FENCED_INSTANCE_ID,
          `Static member ${input.memberId} with instance id ${instanceId} was fenced by member ${previous.memberId}.`,
        );
      }
      return previous;
    }
    if (previous === undefined) return consumer.members.get(input.memberId) ?? null;
    // The instance id is taken until its member leaves with -2, even by the same member id; a classic static
    // member does not leave on close (it only stops), so a consumer-protocol member replaces it at once, as
    // Kafka does during a rolling upgrade of static members.
    if (previous.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH && previous.classic === null) {
      throw new HeartbeatError(
        ErrorCode.UNRELEASED_INSTANCE_ID,
        `Static member ${input.memberId} with instance id ${instanceId} cannot join the group because the instance id is owned by ${previous.memberId} member.`,
      );
    }
    // The static member is back: it takes over the old member's assignment and target (no rebalance unless its
    // subscription changed), starting again from epoch 0 as Kafka's copy does; the reconciliation then moves
    // it to the assignment epoch, dropping at once what its target no longer holds (it owns nothing yet).
    const memberId = input.memberId === '' ? randomUUID() : input.memberId;
    const target = consumer.targetAssignment.get(previous.memberId);
    this.removeMember(group, previous.memberId, records);
    const replacement: ConsumerGroupMember = { ...previous, memberId, memberEpoch: 0, previousMemberEpoch: 0, classic: null };
    consumer.updateMember(replacement);
    records.push(memberMetadataRecord(group.groupId, memberId, replacement));
    if (target !== undefined) {
      consumer.targetAssignment.set(memberId, target);
      records.push(targetMemberRecord(group.groupId, memberId, target));
    }
    records.push(currentAssignmentRecord(group.groupId, memberId, replacement));
    return replacement;
  }

  /** Kafka's throwIfMemberEpochIsInvalid: a lost answer lets the member retry with its previous epoch. */
  private checkEpoch(member: ConsumerGroupMember, received: number, owned: Assignment | null): void {
    if (received > member.memberEpoch) {
      throw new HeartbeatError(
        ErrorCode.FENCED_MEMBER_EPOCH,
        `The consumer group member has a greater member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`,
      );
    }
    if (
      received < member.memberEpoch &&
      (received !== member.previousMemberEpoch || (owned !== null && !isSubset(owned, member.assigned)))
    ) {
      throw new HeartbeatError(
        ErrorCode.FENCED_MEMBER_EPOCH,
        `The consumer group member has a smaller member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`,
      );
    }
  }

  /**
   * Kafka's consumerGroupLeave: with an instance id the member is the instance's (UNKNOWN_MEMBER_ID when the
   * instance is unknown, FENCED_INSTANCE_ID when another member holds it), without one the member id's; -1
   * removes it, -2 (static members only, checked in validate) marks it away.
   */
  private leave(group: ClassicGroup, input: ConsumerHeartbeatInput, records: CoordinatorRecord[]): ConsumerHeartbeatResult {
    const consumer = group.consumer!;
    const member = this.leavingMember(group, input);
    const { memberId } = member;
    if (input.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      // A static member leaving for a while keeps its assigned partitions until its session ends (KIP-848);
      // those it was still revoking are released at once (Kafka's consumerGroupStaticMemberGroupLeave), so
      // the members waiting for them get them. Its previous epoch stays. Its partitions' assignment epochs
      // drop to 0 (resetAssignedPartitionsEpochsToZero): whoever takes the instance id over may commit them
      // with any epoch.
      const away: ConsumerGroupMember = {
        ...member,
        memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH,
        pendingRevocation: new Map(),
        assignmentEpochs: uniformEpochs(0, member.assigned),
      };
      consumer.updateMember(away);
      records.push(currentAssignmentRecord(group.groupId, memberId, away));
    } else {
      this.fence(group, memberId, records);
    }
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId: input.memberId,
      memberEpoch: input.memberEpoch,
      heartbeatIntervalMs: 0,
      assignment: null,
    };
  }

  private leavingMember(group: ClassicGroup, input: ConsumerHeartbeatInput): ConsumerGroupMember {
    const consumer = group.consumer!;
    if (input.instanceId === null) {
      const member = consumer.members.get(input.memberId);
      if (member !== undefined) return member;
      throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${input.memberId} is not a member of group ${group.groupId}.`);
    }
    const staticId = consumer.staticMembers.get(input.instanceId);
    const member = staticId === undefined ? undefined : consumer.members.get(staticId);
    if (member === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${input.instanceId} is unknown.`);
    if (member.memberId !== input.memberId) {
      throw new HeartbeatError(
        ErrorCode.FENCED_INSTANCE_ID,
        `Static member ${input.memberId} with instance id ${input.instanceId} was fenced by member ${member.memberId}.`,
      );
    }
    return member;
  }

  /**
   * Removes a member and bumps the group epoch so the others get its partitions; when the last
   * consumer-protocol member goes and only classic members remain, the group turns classic instead (downgrade).
   */
  private fence(group: ClassicGroup, memberId: string, records: CoordinatorRecord[]): void {
    const consumer = group.consumer!;
    const usedConsumerProtocol = consumer.members.get(memberId)?.classic === null;
    this.removeMember(group, memberId, records);
    if (usedConsumerProtocol && this.classicMembers.canDowngrade(consumer)) {
      this.classicMembers.downgrade(group, records);
      // A member left: the others rebalance (Kafka always does on this path).
      this.adoptDowngradedGroup(group, records, true);
      return;
    }
    consumer.groupEpoch += 1;
    records.push(consumerGroupMetadataRecord(group.groupId, consumer.groupEpoch, consumer.metadataHash));
  }

  removeMember(group: ClassicGroup, memberId: string, records: CoordinatorRecord[]): void {
    group.consumer!.removeMember(memberId);
    records.push(...memberRemovalRecords(group.groupId, memberId));
    this.stopTimers(group.groupId, memberId);
  }

  stopTimers(groupId: string, memberId: string): void {
    this.stopTimer(this.sessionTimers, groupId, memberId);
    this.stopTimer(this.rebalanceTimers, groupId, memberId);
    this.stopTimer(this.classicTimers, groupId, memberId);
  }

  /** A classic member's sync or rejoin deadline: fenced when it passes (`restart` false: keep one running). */
  startClassicTimer(group: ClassicGroup, memberId: string, delayMs: number, missed: string, restart = true): void {
    if (!restart && this.classicTimers.has(`${group.groupId}\u0000${memberId}`)) return;
    this.startTimer(this.classicTimers, group, memberId, Math.max(delayMs, 0), () => {
      this.log(`consumer group ${group.groupId}: classic member ${memberId} fenced: it ${missed} within ${delayMs} ms`);
    });
  }

  stopClassicTimer(groupId: string, memberId: string): void {
    this.stopTimer(this.classicTimers, groupId, memberId);
  }

  /** A hash of the subscribed topics' ids and partition counts: a change (topic created, partitions added) bumps the epoch. */
  metadataHash(consumer: ConsumerGroup): bigint {
    return metadataHash(this.topics, consumer);
  }

  private updateState(group: ClassicGroup): void {
    if (group.consumer === null) return;
    const state = group.consumer.state();
    if (state !== group.state) group.transitionTo(state, this.now());
  }

  // ---- Timers ----------------------------------------------------------------------------------------

  /** Classic members keep the session timeout of their JoinGroup; the others get consumer.session.timeout.ms. */
  startSession(group: ClassicGroup, memberId: string): void {
    const classic = group.consumer?.members.get(memberId)?.classic ?? null;
    const timeoutMs = classic?.sessionTimeoutMs ?? groupConfigMs(this.topics, group.groupId, 'consumer.session.timeout.ms');
    this.startTimer(this.sessionTimers, group, memberId, timeoutMs, () => {
      this.log(`consumer group ${group.groupId}: member ${memberId} fenced after ${timeoutMs} ms without heartbeat`);
    });
  }

  private startRebalanceTimeout(group: ClassicGroup, member: ConsumerGroupMember): void {
    const epoch = member.memberEpoch;
    this.startTimer(
      this.rebalanceTimers,
      group,
      member.memberId,
      Math.max(member.rebalanceTimeoutMs, 0),
      () => {
        this.log(
          `consumer group ${group.groupId}: member ${member.memberId} fenced: it did not revoke its partitions within ${member.rebalanceTimeoutMs} ms`,
        );
      },
      (current) => current.state === MemberState.UNREVOKED_PARTITIONS && current.memberEpoch === epoch,
    );
  }

  private startTimer(
    timers: Map<string, ReturnType<typeof setTimeout>>,
    group: ClassicGroup,
    memberId: string,
    delayMs: number,
    announce: () => void,
    stillDue: (member: ConsumerGroupMember) => boolean = () => true,
  ): void {
    this.stopTimer(timers, group.groupId, memberId);
    if (this.closed) return;
    const key = `${group.groupId}\u0000${memberId}`;
    const timer = setTimeout(() => {
      timers.delete(key);
      const member = group.consumer?.members.get(memberId);
      if (member === undefined || this.coordinator.groups.get(group.groupId) !== group || !stillDue(member)) return;
      announce();
      const records: CoordinatorRecord[] = [];
      this.fence(group, memberId, records);
      this.updateState(group);
      this.coordinator.store.append(group.groupId, records).catch((error: unknown) => {
        this.log(`consumer group ${group.groupId}: could not write its records: ${String(error)}`);
      });
    }, delayMs);
    timer.unref?.();
    timers.set(key, timer);
  }

  private stopTimer(timers: Map<string, ReturnType<typeof setTimeout>>, groupId: string, memberId: string): void {
    const key = `${groupId}\u0000${memberId}`;
    const timer = timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    timers.delete(key);
  }

  /** The records that delete an empty consumer group (Kafka's createGroupTombstoneRecords), the group leaving memory. */
  deletionRecords(group: ClassicGroup): CoordinatorRecord[] {
    const records: CoordinatorRecord[] = [];
    for (const memberId of group.consumer?.members.keys() ?? []) records.push(...memberRemovalRecords(group.groupId, memberId));
    records.push(targetMetadataRecord(group.groupId, null, this.now()), consumerGroupMetadataRecord(group.groupId, null));
    return records;
  }
}
