// Online migration between the classic and consumer group protocols (Kafka's group.consumer.migration.policy,
// default bidirectional; GroupMetadataManager's classicGroupJoinToConsumerGroup, classicGroupSync/Heartbeat/
// LeaveToConsumerGroup, convertToConsumerGroup and convertToClassicGroup):
//
// - Upgrade: a ConsumerGroupHeartbeat joining a classic group with members (protocol type "consumer") turns it
//   into a consumer group: every classic member becomes a member at the group's generation (its member epoch),
//   owning the partitions of its last SyncGroup assignment, which is also its target; JoinGroup/SyncGroup calls
//   waiting are answered REBALANCE_IN_PROGRESS. The joining member then bumps the group epoch as usual.
// - Classic members inside a consumer group (new ones refused with the policy disabled) keep using JoinGroup/SyncGroup/Heartbeat/LeaveGroup: JoinGroup
//   reconciles them like a heartbeat (owned partitions from their subscription) and answers at once with their
//   member epoch as the generation, no leader and no members; SyncGroup hands them their assigned partitions as
//   ConsumerProtocol assignment bytes; Heartbeat answers REBALANCE_IN_PROGRESS when the group epoch moved past
//   theirs, when they must revoke, or when partitions they wait for were released. A member that does not send
//   SyncGroup after its join, or JoinGroup after being told to rejoin, within its rebalance timeout is fenced.
// - Downgrade: when the last consumer-protocol member leaves (or is fenced) and classic members remain, the
//   group becomes a classic group again at generation = group epoch, each member holding its target assignment,
//   and a rebalance starts (they rejoin through JoinGroup as classic members of a classic group). When a classic
//   static member takes the instance id of the last consumer-protocol member, the group turns classic the same
//   way but rebalances only if that changed the subscription (the join bumped the group epoch).
// Records: the conversions write the other protocol's tombstones and the new protocol's records in one append,
// so a restart rebuilds the converted group (classic members in a consumer group carry classicMemberMetadata).

import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.ts';
import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import { readConsumerProtocolAssignment, writeConsumerProtocolAssignment } from '../protocol/generated/consumer-protocol-assignment.ts';
import {
  type ConsumerProtocolSubscription,
  readConsumerProtocolSubscription,
} from '../protocol/generated/consumer-protocol-subscription.ts';
import type { ClassicGroup, GroupMember, JoinResult, SyncResult } from './classic-group.ts';
import { type Assignment, ConsumerGroup, type ConsumerGroupMember, MemberState, newMember, uniformEpochs } from './consumer-group.ts';
import {
  consumerGroupMetadataRecord,
  currentAssignmentRecord,
  memberMetadataRecord,
  targetMemberRecord,
  targetMetadataRecord,
} from './consumer-group-records.ts';
import type { ConsumerGroupCoordinator, ConsumerGroupTopics } from './consumer-group-coordinator.ts';
import type { CoordinatorRecord } from './coordinator-topic-log.ts';
import {
  EMPTY,
  errorJoin,
  errorSync,
  type JoinGroupInput,
  type LeaveResult,
  type MemberIdentity,
  type SyncGroupInput,
} from './classic-group-requests.ts';

const CONSUMER_PROTOCOL_TYPE = 'consumer';
const MAX_CONSUMER_PROTOCOL_VERSION = 3;

/** A classic member's JoinGroup answered inside a consumer group: its epoch as the generation, no leader, no members. */
function joinedAt(generationId: number, memberId: string, input: JoinGroupInput): JoinResult {
  return {
    errorCode: ErrorCode.NONE,
    generationId,
    protocolType: CONSUMER_PROTOCOL_TYPE,
    protocolName: input.protocols[0].name,
    leader: '',
    skipAssignment: false,
    memberId,
    members: [],
  };
}

/** The embedded consumer protocol's subscription (version first); null when it does not decode. */
export function decodeSubscription(metadata: Buffer): { version: number; subscription: ConsumerProtocolSubscription } | null {
  try {
    const reader = new Reader(metadata);
    const version = Math.min(reader.readInt16(), MAX_CONSUMER_PROTOCOL_VERSION);
    if (version < 0) return null;
    return { version, subscription: readConsumerProtocolSubscription(reader, version) };
  } catch {
    return null;
  }
}

/** Topic names -> ids; partitions of unknown topics are dropped (Kafka's toTopicPartitionMap). */
function byTopicId(topics: ConsumerGroupTopics, list: readonly { topic: string; partitions: number[] }[]): Assignment {
  const assignment: Assignment = new Map();
  for (const { topic, partitions } of list) {
    const topicId = topics.topic(topic)?.topicId;
    if (topicId === undefined || partitions.length === 0) continue;
    const set = assignment.get(topicId) ?? new Set<number>();
    for (const partition of partitions) set.add(partition);
    assignment.set(topicId, set);
  }
  return assignment;
}

/** A classic member's assignment; null when it does not decode, 'userData' when a custom assignor put data in it. */
function decodeAssignment(topics: ConsumerGroupTopics, bytes: Buffer): Assignment | 'userData' | null {
  if (bytes.length === 0) return new Map();
  try {
    const reader = new Reader(bytes);
    const version = Math.min(reader.readInt16(), MAX_CONSUMER_PROTOCOL_VERSION);
    const decoded = readConsumerProtocolAssignment(reader, version);
    // The server-side assignors cannot carry it on (Kafka refuses the upgrade rather than lose it).
    if (decoded.userData !== null && decoded.userData.length > 0) return 'userData';
    return byTopicId(topics, decoded.assignedPartitions);
  } catch {
    return null;
  }
}

/** The ConsumerProtocol assignment bytes of `assignment`, in the version of the member's subscription. */
export function encodeAssignment(topics: ConsumerGroupTopics, assignment: Assignment, version: number): Buffer {
  const writer = new Writer();
  writer.writeInt16(version);
  const assignedPartitions = [...assignment]
    .map(([topicId, partitions]) => ({ topic: topics.topicName(topicId) ?? '', partitions: [...partitions].sort((a, b) => a - b) }))
    .filter((entry) => entry.topic !== '');
  writeConsumerProtocolAssignment(writer, version, { assignedPartitions, userData: null });
  return writer.toBuffer();
}

function subscriptionVersion(metadata: Buffer | undefined): number {
  if (metadata === undefined || metadata.length < 2) return 0;
  return Math.max(0, Math.min(metadata.readInt16BE(0), MAX_CONSUMER_PROTOCOL_VERSION));
}

export class ClassicMembers {
  private readonly coordinator: ConsumerGroupCoordinator;
  private readonly topics: ConsumerGroupTopics;
  private readonly log: (line: string) => void;

  constructor(coordinator: ConsumerGroupCoordinator, topics: ConsumerGroupTopics, log: (line: string) => void) {
    this.coordinator = coordinator;
    this.topics = topics;
    this.log = log;
  }

  // ---- Upgrade ---------------------------------------------------------------------------------------

  /**
   * Kafka's validateOnlineUpgrade + convertToConsumerGroup: null when converted (records added), else the
   * GROUP_ID_NOT_FOUND message.
   */
  upgrade(group: ClassicGroup, records: CoordinatorRecord[]): string | null {
    const groupId = group.groupId;
    const policy = this.coordinator.migrationPolicy();
    if (policy !== 'bidirectional' && policy !== 'upgrade') {
      return `Cannot upgrade classic group ${groupId} to consumer group because online upgrade is disabled.`;
    }
    if (group.protocolType !== CONSUMER_PROTOCOL_TYPE) {
      return `Cannot upgrade classic group ${groupId} to consumer group because the group does not use the consumer embedded protocol.`;
    }
    if (group.members.size > this.coordinator.maxGroupSize()) {
      return `Cannot upgrade classic group ${groupId} to consumer group because the group size exceeds the consumer group maximum size.`;
    }
    const consumer = new ConsumerGroup();
    consumer.groupEpoch = group.generationId;
    consumer.assignmentEpoch = group.generationId;
    for (const classic of group.members.values()) {
      const decoded = decodeSubscription(group.metadataOf(classic, group.protocolName));
      const assigned = decodeAssignment(this.topics, classic.assignment);
      if (decoded === null || assigned === null) {
        return `Cannot upgrade classic group ${groupId} to consumer group because the embedded consumer protocol is malformed.`;
      }
      if (assigned === 'userData') {
        return `Cannot upgrade classic group ${groupId} to consumer group because an unsupported custom assignor is in use. Please refer to the documentation or switch to a default assignor before re-attempting the upgrade.`;
      }
      const member: ConsumerGroupMember = {
        memberId: classic.memberId,
        instanceId: classic.groupInstanceId,
        rackId: decoded.subscription.rackId ?? null,
        clientId: classic.clientId,
        clientHost: classic.clientHost,
        subscribedTopicNames: [...decoded.subscription.topics].sort(),
        subscribedTopicRegex: null,
        rebalanceTimeoutMs: classic.rebalanceTimeoutMs,
        serverAssignor: null,
        memberEpoch: group.generationId,
        previousMemberEpoch: group.generationId,
        state: MemberState.STABLE,
        assigned,
        pendingRevocation: new Map(),
        assignmentEpochs: uniformEpochs(group.generationId, assigned),
        classic: { sessionTimeoutMs: classic.sessionTimeoutMs, supportedProtocols: classic.protocols },
      };
      consumer.targetAssignment.set(member.memberId, assigned);
      consumer.updateMember(member);
    }
    consumer.metadataHash = this.coordinator.metadataHash(consumer);
    // The classic members' waiting JoinGroup/SyncGroup calls end with REBALANCE_IN_PROGRESS: they rejoin.
    this.coordinator.releaseClassicMembers(group);
    records.push(...this.coordinator.classicTombstones(group));
    group.type = 'consumer';
    group.consumer = consumer;
    group.protocolType = CONSUMER_PROTOCOL_TYPE;
    group.protocolName = null;
    group.leaderId = null;
    group.generationId = 0;
    // Kafka's createConsumerGroupRecords order.
    for (const member of consumer.members.values()) records.push(memberMetadataRecord(groupId, member.memberId, member));
    records.push(consumerGroupMetadataRecord(groupId, consumer.groupEpoch, consumer.metadataHash));
    for (const [memberId, target] of consumer.targetAssignment) records.push(targetMemberRecord(groupId, memberId, target));
    records.push(targetMetadataRecord(groupId, consumer.assignmentEpoch, Date.now()));
    for (const member of consumer.members.values()) records.push(currentAssignmentRecord(groupId, member.memberId, member));
    for (const member of consumer.members.values()) this.coordinator.startSession(group, member.memberId);
    this.log(`consumer group ${groupId}: converted the classic group to a consumer group`);
    return null;
  }

  // ---- Downgrade -------------------------------------------------------------------------------------

  /** Kafka's validateOnlineDowngradeWithFencedMembers, after the leaving member was removed. */
  canDowngrade(consumer: ConsumerGroup): boolean {
    const policy = this.coordinator.migrationPolicy();
    if (policy !== 'bidirectional' && policy !== 'downgrade') return false;
    if (consumer.members.size === 0 || consumer.members.size > this.coordinator.maxGroupSize()) return false;
    for (const member of consumer.members.values()) if (member.classic === null) return false;
    return true;
  }

  /**
   * Kafka's convertToClassicGroup: the consumer group's tombstones, the classic members (generation = group
   * epoch, each holding its target assignment) and their GroupMetadata record; the GroupCoordinator then
   * restarts their sessions (and starts a rebalance, if asked). `generationId`: the group epoch unless Kafka
   * would convert the group as it stood before the request's own epoch bump.
   */
  downgrade(group: ClassicGroup, records: CoordinatorRecord[], generationId = group.consumer!.groupEpoch): void {
    const consumer = group.consumer!;
    records.push(...this.coordinator.deletionRecords(group));
    const members: GroupMember[] = [];
    for (const member of consumer.members.values()) {
      this.coordinator.stopTimers(group.groupId, member.memberId);
      const classic = member.classic!;
      members.push({
        memberId: member.memberId,
        groupInstanceId: member.instanceId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        sessionTimeoutMs: classic.sessionTimeoutMs,
        rebalanceTimeoutMs: member.rebalanceTimeoutMs,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocols: classic.supportedProtocols,
        assignment: EMPTY,
        awaitingJoin: null,
        awaitingSync: null,
        sessionTimer: null,
      });
    }
    group.type = 'classic';
    group.consumer = null;
    group.protocolType = CONSUMER_PROTOCOL_TYPE;
    group.generationId = generationId;
    for (const member of members) {
      group.members.set(member.memberId, member);
      if (member.groupInstanceId !== null) group.staticMembers.set(member.groupInstanceId, member.memberId);
    }
    group.protocolName = group.selectProtocol();
    group.leaderId = members[0].memberId;
    for (const member of members) {
      const target = consumer.targetAssignment.get(member.memberId) ?? new Map();
      member.assignment = encodeAssignment(
        this.topics,
        target,
        subscriptionVersion(group.metadataOf(member, group.protocolName) || undefined),
      );
    }
    this.log(`consumer group ${group.groupId}: converted the consumer group to a classic group`);
  }

  // ---- Classic members inside a consumer group ---------------------------------------------------------

  /** Kafka's supportsClassicProtocols: a protocol every classic member also lists. */
  private supportsProtocols(consumer: ConsumerGroup, protocolType: string, names: readonly string[], memberId: string): boolean {
    const classics = [...consumer.members.values()].filter((member) => member.classic !== null && member.memberId !== memberId);
    if (protocolType !== CONSUMER_PROTOCOL_TYPE || names.length === 0) return false;
    return names.some((name) => classics.every((member) => member.classic!.supportedProtocols.some((p) => p.name === name)));
  }

  async join(group: ClassicGroup, input: JoinGroupInput): Promise<JoinResult> {
    const consumer = group.consumer!;
    const isUnknown = input.memberId === '';
    const memberId = isUnknown ? randomUUID() : input.memberId;
    if (!consumer.members.has(memberId) && consumer.members.size >= this.coordinator.maxGroupSize()) {
      return errorJoin(ErrorCode.GROUP_MAX_SIZE_REACHED, memberId);
    }
    // KAFKA-20640 (Kafka 4.3.1): with the policy disabled a group never becomes mixed, so only classic members
    // already inside (from before the policy changed) may rejoin.
    if (this.coordinator.migrationPolicy() === 'disabled' && consumer.members.get(memberId)?.classic == null) {
      return errorJoin(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, input.memberId);
    }
    const names = input.protocols.map((p) => p.name);
    const decoded = input.protocols.length === 0 ? null : decodeSubscription(input.protocols[0].metadata);
    if (!this.supportsProtocols(consumer, input.protocolType, names, memberId) || decoded === null) {
      return errorJoin(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, input.memberId);
    }
    if (isUnknown && input.groupInstanceId === null && input.requireKnownMemberId) {
      return errorJoin(ErrorCode.MEMBER_ID_REQUIRED, memberId);
    }
    const records: CoordinatorRecord[] = [];
    let before: ConsumerGroupMember | undefined;
    let replacedConsumerMember = false;
    if (input.groupInstanceId !== null) {
      const staticId = consumer.staticMembers.get(input.groupInstanceId);
      const previous = staticId === undefined ? undefined : consumer.members.get(staticId);
      if (!isUnknown) {
        if (previous === undefined) return errorJoin(ErrorCode.UNKNOWN_MEMBER_ID, memberId);
        if (previous.memberId !== memberId) return errorJoin(ErrorCode.FENCED_INSTANCE_ID, memberId);
        before = previous;
      } else if (previous !== undefined) {
        // The static member is back under a new id: it takes the old one's place (and target) from epoch 0.
        const target = consumer.targetAssignment.get(previous.memberId);
        this.coordinator.removeMember(group, previous.memberId, records);
        replacedConsumerMember = previous.classic === null;
        before = { ...previous, memberId, memberEpoch: 0, previousMemberEpoch: 0 };
        if (target !== undefined) {
          consumer.targetAssignment.set(memberId, target);
          records.push(targetMemberRecord(group.groupId, memberId, target));
        }
      }
    } else {
      before = consumer.members.get(memberId);
    }
    const existing = before ?? null;
    const base: ConsumerGroupMember = existing ?? newMember(memberId);
    const { subscription } = decoded;
    const updated: ConsumerGroupMember = {
      ...base,
      instanceId: input.groupInstanceId ?? base.instanceId,
      rackId: subscription.rackId ?? base.rackId,
      rebalanceTimeoutMs: input.rebalanceTimeoutMs,
      subscribedTopicNames: [...subscription.topics].sort(),
      subscribedTopicRegex: null,
      clientId: input.clientId,
      clientHost: input.clientHost,
      classic: { sessionTimeoutMs: input.sessionTimeoutMs, supportedProtocols: input.protocols },
    };
    const owned = byTopicId(this.topics, subscription.ownedPartitions ?? []);
    const { groupEpoch: groupEpochBefore, assignmentEpoch: assignmentEpochBefore } = consumer;
    // Kafka writes the member record when anything it holds changed; a classic join always may have (its protocols).
    const reconciled = this.coordinator.updateAndReconcile(group, existing, updated, owned, records, true);
    if (replacedConsumerMember && this.canDowngrade(consumer)) {
      // Kafka reconciles the member only when the assignment stands; otherwise it answers with the copy's epoch 0.
      const staleAssignment = consumer.groupEpoch > assignmentEpochBefore;
      const memberEpoch = staleAssignment ? base.memberEpoch : reconciled.memberEpoch;
      return this.downgradeOnReplacement(group, input, memberId, memberEpoch, staleAssignment ? groupEpochBefore : null, records);
    }
    this.coordinator.stopClassicTimer(group.groupId, memberId);
    this.coordinator.startSession(group, memberId);
    // SyncGroup must follow within the rebalance timeout (Kafka's consumer group sync timeout).
    this.coordinator.startClassicTimer(group, memberId, input.rebalanceTimeoutMs, 'did not send SyncGroup');
    const appended = await this.coordinator.append(group.groupId, records);
    if (!appended) return errorJoin(ErrorCode.COORDINATOR_NOT_AVAILABLE, memberId);
    return joinedAt(reconciled.memberEpoch, memberId, input);
  }

  /**
   * The joining classic static member replaced the last consumer-protocol member (Kafka's
   * validateOnlineDowngradeWithReplacedMember): the group turns classic, the member holding the replaced one's
   * target, and the JoinGroup is answered at once with `memberEpoch` as the generation. Kafka 4.3 (KAFKA-19546,
   * KAFKA-20273) rebalances only when the assignment is stale, i.e. this join bumped the group epoch (another
   * subscription): the group is converted at the epoch from before (`staleEpoch`), the answer carries
   * generation 0, so the member's SyncGroup fails (ILLEGAL_GENERATION) and it rejoins into the rebalance.
   * Otherwise the group stays Stable at generation = group epoch: the SyncGroup fetches the partitions the
   * member had and the other members carry on undisturbed.
   */
  private async downgradeOnReplacement(
    group: ClassicGroup,
    input: JoinGroupInput,
    memberId: string,
    memberEpoch: number,
    staleEpoch: number | null,
    records: CoordinatorRecord[],
  ): Promise<JoinResult> {
    this.downgrade(group, records, staleEpoch ?? group.consumer!.groupEpoch);
    this.coordinator.adoptDowngradedGroup(group, records, staleEpoch !== null);
    if (!(await this.coordinator.append(group.groupId, records))) return errorJoin(ErrorCode.COORDINATOR_NOT_AVAILABLE, memberId);
    return joinedAt(memberEpoch, memberId, input);
  }

  /** The classic member of a request (Kafka's validateConsumerGroupMember + throwIfMemberDoesNotUseClassicProtocol). */
  private memberOf(consumer: ConsumerGroup, memberId: string, instanceId: string | null): ConsumerGroupMember | number {
    let member = consumer.members.get(memberId);
    if (instanceId !== null) {
      const staticId = consumer.staticMembers.get(instanceId);
      if (staticId === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (staticId !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
      member = consumer.members.get(staticId);
    }
    if (member === undefined || member.classic === null) return ErrorCode.UNKNOWN_MEMBER_ID;
    return member;
  }

  sync(group: ClassicGroup, input: SyncGroupInput): SyncResult {
    const consumer = group.consumer!;
    const member = this.memberOf(consumer, input.memberId, input.groupInstanceId);
    if (typeof member === 'number') return errorSync(member);
    if (input.generationId !== member.memberEpoch) return errorSync(ErrorCode.ILLEGAL_GENERATION);
    const protocolName = member.classic!.supportedProtocols[0]?.name ?? '';
    if (
      (input.protocolType !== null && input.protocolType !== CONSUMER_PROTOCOL_TYPE) ||
      (input.protocolName !== null && input.protocolName !== protocolName)
    ) {
      return errorSync(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    // A new rebalance started since its join: it rejoins first (unless it is revoking: that join comes next).
    if (consumer.groupEpoch > member.memberEpoch && member.state !== MemberState.UNREVOKED_PARTITIONS) {
      this.coordinator.startClassicTimer(group, member.memberId, member.rebalanceTimeoutMs, 'did not rejoin', false);
      return errorSync(ErrorCode.REBALANCE_IN_PROGRESS);
    }
    this.coordinator.stopClassicTimer(group.groupId, member.memberId);
    this.coordinator.startSession(group, member.memberId);
    const version = subscriptionVersion(member.classic!.supportedProtocols[0]?.metadata);
    return {
      errorCode: ErrorCode.NONE,
      protocolType: CONSUMER_PROTOCOL_TYPE,
      protocolName,
      assignment: encodeAssignment(this.topics, member.assigned, version),
    };
  }

  heartbeat(group: ClassicGroup, generationId: number, memberId: string, instanceId: string | null): number {
    const consumer = group.consumer!;
    const member = this.memberOf(consumer, memberId, instanceId);
    if (typeof member === 'number') return member;
    if (generationId !== member.memberEpoch) return ErrorCode.ILLEGAL_GENERATION;
    this.coordinator.startSession(group, member.memberId);
    const rejoin =
      member.memberEpoch < consumer.groupEpoch ||
      member.state === MemberState.UNREVOKED_PARTITIONS ||
      (member.state === MemberState.UNRELEASED_PARTITIONS && !this.waitingOnUnreleased(consumer, member));
    if (!rejoin) return ErrorCode.NONE;
    this.coordinator.startClassicTimer(group, member.memberId, member.rebalanceTimeoutMs, 'did not rejoin', false);
    return ErrorCode.REBALANCE_IN_PROGRESS;
  }

  /** Whether a partition of its target that it does not have yet is still owned by another member. */
  private waitingOnUnreleased(consumer: ConsumerGroup, member: ConsumerGroupMember): boolean {
    for (const [topicId, partitions] of consumer.targetAssignment.get(member.memberId) ?? new Map<string, Set<number>>()) {
      for (const partition of partitions) {
        if (!member.assigned.get(topicId)?.has(partition) && consumer.partitionEpoch(topicId, partition) !== -1) return true;
      }
    }
    return false;
  }

  leave(group: ClassicGroup, identities: MemberIdentity[]): LeaveResult {
    const consumer = group.consumer!;
    const records: CoordinatorRecord[] = [];
    const members = identities.map((identity) => {
      let memberId = identity.memberId;
      if (identity.groupInstanceId !== null) {
        const staticId = consumer.staticMembers.get(identity.groupInstanceId);
        if (staticId === undefined) return { ...identity, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
        if (memberId !== '' && memberId !== staticId) return { ...identity, errorCode: ErrorCode.FENCED_INSTANCE_ID };
        memberId = staticId;
      }
      const member = consumer.members.get(memberId);
      if (member === undefined || member.classic === null) return { ...identity, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
      this.coordinator.removeMember(group, memberId, records);
      return { ...identity, errorCode: ErrorCode.NONE };
    });
    if (records.length > 0) {
      consumer.groupEpoch += 1;
      records.push(consumerGroupMetadataRecord(group.groupId, consumer.groupEpoch, consumer.metadataHash));
      this.coordinator.afterChange(group);
      void this.coordinator.append(group.groupId, records);
    }
    return { errorCode: ErrorCode.NONE, members };
  }
}
