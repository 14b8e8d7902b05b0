// The classic group coordinator (Kafka's GroupCoordinator / ClassicGroup): membership, rebalances and
// the group metadata record. Offsets and the admin operations live in group-offsets.ts on the same groups.
//
// States: Empty -> PreparingRebalance (members join; ends when all known members rejoined or at the
// rebalance timeout, removing the rest) -> CompletingRebalance (join answers sent; waits for the leader's
// SyncGroup, at most the rebalance timeout) -> Stable. A member that stops heartbeating for its session
// timeout is removed and the group rebalances. Every state change happens synchronously inside one call, so
// requests are applied in the order they arrive; only the answers to JoinGroup/SyncGroup wait.

import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.ts';
import { ClassicGroup, type GroupMember, type JoinResult, type SyncResult } from './classic-group.ts';
import {
  currentJoinResult,
  EMPTY,
  errorJoin,
  errorSync,
  groupMetadataRecordOf,
  type JoinGroupInput,
  type LeaveResult,
  MAX_PROTOCOLS_PER_MEMBER,
  type MemberIdentity,
  sameProtocols,
  staticRejoinResult,
  type SyncGroupInput,
  syncAnswer,
} from './classic-group-requests.ts';
import type { GroupCoordinatorConfig } from './group-coordinator-config.ts';
import { groupMetadataRecord, type OffsetsTopicRecord } from './offsets-topic-records.ts';
import type { TransactionalWriter } from './coordinator-topic-log.ts';
import { PendingTransactionalOffsets } from './pending-transactional-offsets.ts';
import { ConsumerGroupCoordinator, NO_TOPICS, type ConsumerGroupTopics } from './consumer-group-coordinator.ts';
import type { CoordinatorRecord } from './coordinator-topic-log.ts';

export interface GroupRecordStore {
  append(groupId: string, records: OffsetsTopicRecord[]): Promise<void>;
  /** TxnOffsetCommit's records, as one transactional batch of the producer. */
  appendTransactional(groupId: string, records: OffsetsTopicRecord[], writer: TransactionalWriter): Promise<void>;
  /** The __consumer_offsets partition holding the group's records. */
  partitionFor(groupId: string): number;
}

export class GroupCoordinator {
  readonly groups = new Map<string, ClassicGroup>();
  readonly config: GroupCoordinatorConfig;
  readonly store: GroupRecordStore;
  /** Offsets of transactions not yet ended (TxnOffsetCommit), by producer. */
  readonly pendingTransactionalOffsets = new PendingTransactionalOffsets();
  /** KIP-848 consumer groups (ConsumerGroupHeartbeat); they share `groups` and their offsets. */
  readonly consumerGroups: ConsumerGroupCoordinator;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private closed = false;
  /** Groups whose current join phase is an initial delayed join (they wait for the delay, not for all members). */
  private readonly initialPhase = new WeakSet<ClassicGroup>();
  private readonly periodicTimers: ReturnType<typeof setInterval>[] = [];

  constructor(
    config: GroupCoordinatorConfig,
    store: GroupRecordStore,
    log: (line: string) => void,
    now: () => number = Date.now,
    topics: ConsumerGroupTopics = NO_TOPICS,
  ) {
    this.config = config;
    this.store = store;
    this.log = log;
    this.now = now;
    this.consumerGroups = new ConsumerGroupCoordinator(this, topics, log, now);
  }

  /** Runs `task` every `intervalMs` until close(), never two runs at once (e.g. the offsets expiry sweep). */
  runPeriodically(intervalMs: number, task: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.closed) return;
      running = true;
      task()
        .catch((error: unknown) => this.log(`group coordinator background task failed: ${String(error)}`))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref?.();
    this.periodicTimers.push(timer);
  }

  /** Stops every timer; waiting JoinGroup/SyncGroup calls are answered with COORDINATOR_NOT_AVAILABLE. */
  close(): void {
    this.closed = true;
    this.consumerGroups.close();
    for (const timer of this.periodicTimers.splice(0)) clearInterval(timer);
    for (const group of this.groups.values()) {
      this.clearPhaseTimer(group);
      for (const timer of group.pendingMembers.values()) clearTimeout(timer);
      for (const member of group.members.values()) {
        this.stopSession(member);
        member.awaitingJoin?.(errorJoin(ErrorCode.COORDINATOR_NOT_AVAILABLE, member.memberId));
        member.awaitingSync?.(errorSync(ErrorCode.COORDINATOR_NOT_AVAILABLE));
        member.awaitingJoin = null;
        member.awaitingSync = null;
      }
    }
  }

  /** The group, created Empty if `create` and the group bound allows; null otherwise. */
  groupFor(groupId: string, create: boolean): ClassicGroup | null {
    const existing = this.groups.get(groupId);
    if (existing !== undefined || !create) return existing ?? null;
    if (this.groups.size >= this.config.maxGroups) return null;
    const group = new ClassicGroup(groupId, this.now());
    this.groups.set(groupId, group);
    return group;
  }

  // ---- JoinGroup -------------------------------------------------------------------------------------

  joinGroup(input: JoinGroupInput): Promise<JoinResult> {
    if (this.closed) return Promise.resolve(errorJoin(ErrorCode.COORDINATOR_NOT_AVAILABLE, input.memberId));
    if (input.groupId === '') return Promise.resolve(errorJoin(ErrorCode.INVALID_GROUP_ID, input.memberId));
    if (input.sessionTimeoutMs < this.config.minSessionTimeoutMs || input.sessionTimeoutMs > this.config.maxSessionTimeoutMs) {
      return Promise.resolve(errorJoin(ErrorCode.INVALID_SESSION_TIMEOUT, input.memberId));
    }
    if (input.protocols.length > MAX_PROTOCOLS_PER_MEMBER) return Promise.resolve(errorJoin(ErrorCode.INVALID_REQUEST, input.memberId));
    const isNewMember = input.memberId === '';
    const group = this.groupFor(input.groupId, isNewMember);
    if (group === null) {
      const errorCode = isNewMember ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.UNKNOWN_MEMBER_ID;
      return Promise.resolve(errorJoin(errorCode, input.memberId));
    }
    if (group.consumer !== null) {
      // A consumer group with members takes the member in as a classic member (unless the migration policy
      // is disabled); an empty one becomes a classic group, keeping its offsets.
      if (group.consumer.members.size > 0) return this.consumerGroups.classicMembers.join(group, input);
      this.becomeClassicGroup(group);
    }
    const names = input.protocols.map((p) => p.name);
    if (!group.supportsProtocols(input.protocolType, names, isNewMember ? null : input.memberId)) {
      this.dropIfUnused(group);
      return Promise.resolve(errorJoin(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, input.memberId));
    }
    return isNewMember ? this.joinNewMember(group, input) : this.joinKnownMember(group, input);
  }

  private joinNewMember(group: ClassicGroup, input: JoinGroupInput): Promise<JoinResult> {
    const staticMemberId = input.groupInstanceId === null ? undefined : group.staticMembers.get(input.groupInstanceId);
    const newMemberId = `${input.groupInstanceId ?? input.clientId}-${randomUUID()}`;
    if (staticMemberId !== undefined) return this.replaceStaticMember(group, staticMemberId, newMemberId, input);
    if (group.members.size + group.pendingMembers.size >= this.config.maxGroupSize) {
      this.dropIfUnused(group);
      return Promise.resolve(errorJoin(ErrorCode.GROUP_MAX_SIZE_REACHED, ''));
    }
    if (input.groupInstanceId === null && input.requireKnownMemberId) {
      // KIP-394: the id is handed out first, so a client that times out and retries does not leave ghosts.
      const timer = setTimeout(() => this.expirePendingMember(group, newMemberId), input.sessionTimeoutMs);
      timer.unref?.();
      group.pendingMembers.set(newMemberId, timer);
      return Promise.resolve(errorJoin(ErrorCode.MEMBER_ID_REQUIRED, newMemberId));
    }
    return this.addMemberAndRebalance(group, newMemberId, input);
  }

  private joinKnownMember(group: ClassicGroup, input: JoinGroupInput): Promise<JoinResult> {
    const pendingTimer = group.pendingMembers.get(input.memberId);
    if (pendingTimer !== undefined) {
      clearTimeout(pendingTimer);
      group.pendingMembers.delete(input.memberId);
      return this.addMemberAndRebalance(group, input.memberId, input);
    }
    const fenced = this.checkStaticIdentity(group, input.memberId, input.groupInstanceId);
    if (fenced !== ErrorCode.NONE) return Promise.resolve(errorJoin(fenced, input.memberId));
    const member = group.members.get(input.memberId);
    if (member === undefined) return Promise.resolve(errorJoin(ErrorCode.UNKNOWN_MEMBER_ID, input.memberId));
    const unchanged = sameProtocols(member.protocols, input.protocols);
    if (group.state === 'CompletingRebalance' && unchanged) return Promise.resolve(currentJoinResult(group, member));
    if (group.state === 'Stable' && unchanged && group.leaderId !== member.memberId) {
      this.startSession(group, member);
      return Promise.resolve(currentJoinResult(group, member));
    }
    return this.updateMemberAndRebalance(group, member, input);
  }

  /**
   * A static member rejoined with a new member id: the old id is fenced. In a Stable group whose selected
   * protocol stays the same it keeps its assignment without a rebalance, the leader too (Kafka's
   * updateStaticMemberThenRebalanceOrCompleteJoin): from JoinGroup v9 the leader gets the members and
   * skipAssignment; before v9 it is answered as a follower (no members, the leader id from before the
   * rejoin), so its SyncGroup only fetches the assignment it had.
   */
  private replaceStaticMember(group: ClassicGroup, oldMemberId: string, newMemberId: string, input: JoinGroupInput): Promise<JoinResult> {
    const member = group.members.get(oldMemberId)!;
    const previousLeaderId = group.leaderId;
    const previousProtocols = member.protocols;
    member.awaitingJoin?.(errorJoin(ErrorCode.FENCED_INSTANCE_ID, oldMemberId));
    member.awaitingSync?.(errorSync(ErrorCode.FENCED_INSTANCE_ID));
    member.awaitingJoin = null;
    member.awaitingSync = null;
    // The member keeps its place in the member order (Kafka lists a replaced static member where it was).
    const order = [...group.members.entries()];
    group.members.clear();
    for (const [memberId, entry] of order) group.members.set(memberId === oldMemberId ? newMemberId : memberId, entry);
    member.memberId = newMemberId;
    group.staticMembers.set(input.groupInstanceId!, newMemberId);
    const wasLeader = group.leaderId === oldMemberId;
    if (wasLeader) group.leaderId = newMemberId;
    if (group.state === 'Stable') {
      member.protocols = input.protocols;
      if (group.selectProtocol() === group.protocolName) {
        this.applyMemberSettings(member, input);
        this.startSession(group, member);
        return Promise.resolve(staticRejoinResult(group, member, previousLeaderId, input.supportsSkipAssignment === true));
      }
      member.protocols = previousProtocols;
    }
    return this.updateMemberAndRebalance(group, member, input);
  }

  private addMemberAndRebalance(group: ClassicGroup, memberId: string, input: JoinGroupInput): Promise<JoinResult> {
    if (group.isEmpty) group.protocolType = input.protocolType;
    const member: GroupMember = {
      memberId,
      groupInstanceId: input.groupInstanceId,
      clientId: input.clientId,
      clientHost: input.clientHost,
      sessionTimeoutMs: input.sessionTimeoutMs,
      rebalanceTimeoutMs: input.rebalanceTimeoutMs,
      protocolType: input.protocolType,
      protocols: input.protocols,
      assignment: EMPTY,
      awaitingJoin: null,
      awaitingSync: null,
      sessionTimer: null,
    };
    group.members.set(memberId, member);
    if (input.groupInstanceId !== null) group.staticMembers.set(input.groupInstanceId, memberId);
    group.leaderId ??= memberId;
    group.newMemberAdded = true;
    const answer = this.awaitJoin(member);
    this.prepareRebalance(group);
    this.maybeCompleteJoin(group);
    return answer;
  }

  private updateMemberAndRebalance(group: ClassicGroup, member: GroupMember, input: JoinGroupInput): Promise<JoinResult> {
    this.applyMemberSettings(member, input);
    member.protocols = input.protocols;
    const answer = this.awaitJoin(member);
    if (group.state !== 'PreparingRebalance') this.prepareRebalance(group);
    this.maybeCompleteJoin(group);
    return answer;
  }

  private applyMemberSettings(member: GroupMember, input: JoinGroupInput): void {
    member.clientId = input.clientId;
    member.clientHost = input.clientHost;
    member.sessionTimeoutMs = input.sessionTimeoutMs;
    member.rebalanceTimeoutMs = input.rebalanceTimeoutMs;
  }

  private awaitJoin(member: GroupMember): Promise<JoinResult> {
    // A repeated JoinGroup replaces the earlier one, which is answered so its client is not left hanging.
    member.awaitingJoin?.(errorJoin(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
    this.stopSession(member);
    return new Promise((resolve) => {
      member.awaitingJoin = resolve;
    });
  }

  // ---- Rebalance phases ------------------------------------------------------------------------------

  private prepareRebalance(group: ClassicGroup): void {
    if (group.state === 'PreparingRebalance') return;
    if (group.state === 'CompletingRebalance') {
      for (const member of group.members.values()) {
        member.awaitingSync?.(errorSync(ErrorCode.REBALANCE_IN_PROGRESS));
        member.awaitingSync = null;
      }
    }
    this.clearPhaseTimer(group);
    const rebalanceTimeoutMs = Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
    const initialDelayMs = this.config.initialRebalanceDelayMs;
    if (group.state === 'Empty' && initialDelayMs > 0) {
      group.newMemberAdded = false;
      this.scheduleInitialJoin(group, initialDelayMs, Math.max(rebalanceTimeoutMs - initialDelayMs, 0));
    } else {
      this.setPhaseTimer(group, rebalanceTimeoutMs, () => this.completeJoin(group));
    }
    group.transitionTo('PreparingRebalance', this.now());
  }

  /** Kafka's InitialDelayedJoin: waits the delay, extended while new members keep arriving, up to the rebalance timeout. */
  private scheduleInitialJoin(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    this.setPhaseTimer(group, delayMs, () => {
      if (group.newMemberAdded && remainingMs > 0) {
        group.newMemberAdded = false;
        const nextDelayMs = Math.min(this.config.initialRebalanceDelayMs, remainingMs);
        this.scheduleInitialJoin(group, nextDelayMs, Math.max(remainingMs - nextDelayMs, 0));
      } else {
        this.completeJoin(group);
      }
    });
    this.initialPhase.add(group);
  }

  private maybeCompleteJoin(group: ClassicGroup): void {
    if (group.state !== 'PreparingRebalance' || this.initialPhase.has(group)) return;
    if (group.allMembersJoined()) this.completeJoin(group);
  }

  private completeJoin(group: ClassicGroup): void {
    if (group.state !== 'PreparingRebalance') return;
    this.clearPhaseTimer(group);
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin === null) this.removeMember(group, member);
    }
    group.generationId += 1;
    if (group.isEmpty) {
      group.protocolName = null;
      group.leaderId = null;
      group.transitionTo('Empty', this.now());
      this.persistGroup(group);
      return;
    }
    group.protocolName = group.selectProtocol();
    if (group.leaderId === null || !group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value!;
    group.transitionTo('CompletingRebalance', this.now());
    for (const member of group.members.values()) {
      const answer = member.awaitingJoin!;
      member.awaitingJoin = null;
      answer(currentJoinResult(group, member));
      this.startSession(group, member);
    }
    const generationId = group.generationId;
    const syncTimeoutMs = Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.setPhaseTimer(group, syncTimeoutMs, () => this.expirePendingSync(group, generationId));
  }

  /** The leader did not assign within the rebalance timeout: drop members that never sent SyncGroup. */
  private expirePendingSync(group: ClassicGroup, generationId: number): void {
    if (group.state !== 'CompletingRebalance' || group.generationId !== generationId) return;
    group.phaseTimer = null;
    for (const member of [...group.members.values()]) {
      if (member.awaitingSync === null) this.removeMember(group, member);
    }
    this.afterMembershipChange(group);
  }

  private setPhaseTimer(group: ClassicGroup, delayMs: number, onExpiry: () => void): void {
    this.clearPhaseTimer(group);
    group.phaseTimer = setTimeout(() => {
      group.phaseTimer = null;
      this.initialPhase.delete(group);
      onExpiry();
    }, delayMs);
    group.phaseTimer.unref?.();
  }

  private clearPhaseTimer(group: ClassicGroup): void {
    if (group.phaseTimer !== null) clearTimeout(group.phaseTimer);
    group.phaseTimer = null;
    this.initialPhase.delete(group);
  }

  // ---- SyncGroup, Heartbeat, LeaveGroup --------------------------------------------------------------

  syncGroup(input: SyncGroupInput): Promise<SyncResult> {
    const group = this.groups.get(input.groupId);
    if (group === undefined || this.closed) return Promise.resolve(errorSync(ErrorCode.UNKNOWN_MEMBER_ID));
    if (group.consumer !== null) return Promise.resolve(this.consumerGroups.classicMembers.sync(group, input));
    const fenced = this.checkStaticIdentity(group, input.memberId, input.groupInstanceId);
    if (fenced !== ErrorCode.NONE) return Promise.resolve(errorSync(fenced));
    const member = group.members.get(input.memberId);
    if (member === undefined) return Promise.resolve(errorSync(ErrorCode.UNKNOWN_MEMBER_ID));
    if (input.generationId !== group.generationId) return Promise.resolve(errorSync(ErrorCode.ILLEGAL_GENERATION));
    if (
      (input.protocolType !== null && input.protocolType !== group.protocolType) ||
      (input.protocolName !== null && input.protocolName !== group.protocolName)
    ) {
      return Promise.resolve(errorSync(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (group.state === 'PreparingRebalance') return Promise.resolve(errorSync(ErrorCode.REBALANCE_IN_PROGRESS));
    if (group.state === 'Stable') {
      this.startSession(group, member);
      return Promise.resolve(syncAnswer(group, member));
    }
    const answer = new Promise<SyncResult>((resolve) => {
      member.awaitingSync = resolve;
    });
    this.startSession(group, member);
    if (group.leaderId === member.memberId) this.completeSync(group, input.assignments);
    return answer;
  }

  private completeSync(group: ClassicGroup, assignments: SyncGroupInput['assignments']): void {
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    for (const member of group.members.values()) member.assignment = byMember.get(member.memberId) ?? EMPTY;
    this.clearPhaseTimer(group);
    group.transitionTo('Stable', this.now());
    this.persistGroup(group);
    for (const member of group.members.values()) {
      const answer = member.awaitingSync;
      member.awaitingSync = null;
      answer?.(syncAnswer(group, member));
    }
  }

  heartbeat(groupId: string, generationId: number, memberId: string, groupInstanceId: string | null): number {
    const group = this.groups.get(groupId);
    if (group?.consumer != null) return this.consumerGroups.classicMembers.heartbeat(group, generationId, memberId, groupInstanceId);
    if (group === undefined || group.state === 'Empty') return ErrorCode.UNKNOWN_MEMBER_ID;
    const fenced = this.checkStaticIdentity(group, memberId, groupInstanceId);
    if (fenced !== ErrorCode.NONE) return fenced;
    const member = group.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    // A member waiting for its JoinGroup answer has no session running; one waiting in SyncGroup does.
    if (member.awaitingJoin === null) this.startSession(group, member);
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leaveGroup(groupId: string, identities: MemberIdentity[]): LeaveResult {
    const group = this.groups.get(groupId);
    if (group?.consumer != null) return this.consumerGroups.classicMembers.leave(group, identities);
    if (group === undefined) {
      // Kafka: no top-level error, every member unknown (v0-2 callers take the first member's error).
      const members = identities.map((identity) => ({ ...identity, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }));
      return { errorCode: ErrorCode.NONE, members };
    }
    const results = identities.map((identity) => ({ ...identity, errorCode: this.leaveOne(group, identity) }));
    this.afterMembershipChange(group);
    return { errorCode: ErrorCode.NONE, members: results };
  }

  private leaveOne(group: ClassicGroup, identity: MemberIdentity): number {
    let memberId = identity.memberId;
    if (identity.groupInstanceId !== null) {
      const staticMemberId = group.staticMembers.get(identity.groupInstanceId);
      if (staticMemberId === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (memberId !== '' && memberId !== staticMemberId) return ErrorCode.FENCED_INSTANCE_ID;
      memberId = staticMemberId;
    }
    const pendingTimer = group.pendingMembers.get(memberId);
    if (pendingTimer !== undefined) {
      clearTimeout(pendingTimer);
      group.pendingMembers.delete(memberId);
      return ErrorCode.NONE;
    }
    const member = group.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(group, member);
    return ErrorCode.NONE;
  }

  // ---- Members ---------------------------------------------------------------------------------------

  /** FENCED_INSTANCE_ID when a static member's instance id now belongs to another member id. */
  private checkStaticIdentity(group: ClassicGroup, memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId === null) return ErrorCode.NONE;
    const current = group.staticMembers.get(groupInstanceId);
    if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    return current === memberId ? ErrorCode.NONE : ErrorCode.FENCED_INSTANCE_ID;
  }

  private removeMember(group: ClassicGroup, member: GroupMember): void {
    this.stopSession(member);
    member.awaitingJoin?.(errorJoin(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.awaitingSync?.(errorSync(ErrorCode.UNKNOWN_MEMBER_ID));
    member.awaitingJoin = null;
    member.awaitingSync = null;
    group.members.delete(member.memberId);
    if (member.groupInstanceId !== null && group.staticMembers.get(member.groupInstanceId) === member.memberId) {
      group.staticMembers.delete(member.groupInstanceId);
    }
    if (group.leaderId === member.memberId) group.leaderId = group.members.keys().next().value ?? null;
  }

  /** After members left or expired: a settled group rebalances; a joining group may now be complete. */
  private afterMembershipChange(group: ClassicGroup): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') {
      if (group.isEmpty) {
        // Nobody left to rejoin: go straight to Empty through a completed (empty) join, as Kafka does.
        this.prepareRebalance(group);
        this.initialPhase.delete(group);
        this.completeJoin(group);
        return;
      }
      this.prepareRebalance(group);
    }
    this.maybeCompleteJoin(group);
  }

  private startSession(group: ClassicGroup, member: GroupMember): void {
    this.stopSession(member);
    if (this.closed) return;
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      if (group.members.get(member.memberId) !== member) return;
      this.log(`group ${group.groupId}: member ${member.memberId} expired after ${member.sessionTimeoutMs} ms without heartbeat`);
      this.removeMember(group, member);
      this.afterMembershipChange(group);
    }, member.sessionTimeoutMs);
    member.sessionTimer.unref?.();
  }

  private stopSession(member: GroupMember): void {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = null;
  }

  private expirePendingMember(group: ClassicGroup, memberId: string): void {
    if (!group.pendingMembers.delete(memberId)) return;
    this.maybeCompleteJoin(group);
    this.dropIfUnused(group);
  }

  private becomeClassicGroup(group: ClassicGroup): void {
    const records = this.groupTombstones(group);
    group.type = 'classic';
    group.consumer = null;
    group.protocolType = null;
    group.transitionTo('Empty', this.now());
    this.store.append(group.groupId, records).catch((error: unknown) => {
      this.log(`group ${group.groupId}: could not write the end of its consumer group records: ${String(error)}`);
    });
  }

  /** The records deleting the group's membership state (classic: its metadata; consumer: Kafka's tombstones). */
  groupTombstones(group: ClassicGroup): CoordinatorRecord[] {
    if (group.consumer === null) return [groupMetadataRecord(group.groupId, null)];
    return this.consumerGroups.deletionRecords(group);
  }

  /** A group that never got a member or an offset is forgotten (Kafka does not keep such groups either). */
  dropIfUnused(group: ClassicGroup): void {
    if (
      group.consumer === null &&
      group.state === 'Empty' &&
      group.isEmpty &&
      group.pendingMembers.size === 0 &&
      group.offsets.size === 0 &&
      group.generationId === 0
    ) {
      this.groups.delete(group.groupId);
    }
  }

  // ---- Persistence -----------------------------------------------------------------------------------

  /**
   * Upgrade: the classic membership ends (the members now live in group.consumer); JoinGroup and SyncGroup
   * calls waiting are answered REBALANCE_IN_PROGRESS, as Kafka's convertToConsumerGroup does.
   */
  releaseClassicMembers(group: ClassicGroup): void {
    this.clearPhaseTimer(group);
    for (const timer of group.pendingMembers.values()) clearTimeout(timer);
    group.pendingMembers.clear();
    for (const member of group.members.values()) {
      this.stopSession(member);
      member.awaitingJoin?.(errorJoin(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
      member.awaitingSync?.(errorSync(ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingJoin = null;
      member.awaitingSync = null;
    }
    group.members.clear();
    group.staticMembers.clear();
  }

  /**
   * Downgrade: the group was just filled with the consumer group's classic members (Stable, generation =
   * group epoch); its GroupMetadata record joins the conversion's records and the members' sessions start.
   * With `rebalance` a rebalance begins, so they rejoin through JoinGroup (Kafka's convertToClassicGroup).
   */
  adoptDowngradedGroup(group: ClassicGroup, records: CoordinatorRecord[], rebalance: boolean): void {
    group.transitionTo('Stable', this.now());
    records.push(groupMetadataRecordOf(group));
    for (const member of group.members.values()) this.startSession(group, member);
    if (rebalance) this.prepareRebalance(group);
  }

  /** Writes the GroupMetadata record (Kafka does so when a generation is assigned and when the group empties). */
  persistGroup(group: ClassicGroup): void {
    const record = groupMetadataRecordOf(group);
    this.store.append(group.groupId, [record]).catch((error: unknown) => {
      this.log(`group ${group.groupId}: could not write its metadata record: ${String(error)}`);
    });
  }
}
