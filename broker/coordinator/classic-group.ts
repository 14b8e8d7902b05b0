// A classic consumer group's state and the pure decisions about it (protocol choice, subscriptions).
// The GroupCoordinator drives the transitions; this file holds no timers and does no I/O.
// Every group id's committed offsets live here, a KIP-848 consumer group's too: such a group has type
// 'consumer', its membership in `consumer` (consumer-group.ts), and the classic membership fields stay empty.

import { Reader } from '../protocol/reader.ts';
import { readConsumerProtocolSubscription } from '../protocol/generated/consumer-protocol-subscription.ts';
import type { JoinGroupInput } from './classic-group-requests.ts';
import type { ConsumerGroup, ConsumerGroupState } from './consumer-group.ts';

/** Classic states, and a consumer group's (Assigning, Reconciling besides Empty, Stable, Dead). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead' | ConsumerGroupState;
export type GroupType = 'classic' | 'consumer';

export interface CommittedOffset {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: bigint;
}

export interface MemberProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

/** What a member keeps of its JoinGroup request. */
type JoinedFields =
  | 'memberId'
  | 'groupInstanceId'
  | 'clientId'
  | 'clientHost'
  | 'sessionTimeoutMs'
  | 'rebalanceTimeoutMs'
  | 'protocolType'
  | 'protocols';

export interface GroupMember extends Pick<JoinGroupInput, JoinedFields> {
  assignment: Buffer;
  /** Set while a JoinGroup waits for the rebalance to complete. */
  awaitingJoin: ((result: JoinResult) => void) | null;
  /** Set while a SyncGroup waits for the leader's assignment. */
  awaitingSync: ((result: SyncResult) => void) | null;
  /** Runs while the member is not waiting on a join or sync; expiry removes the member. */
  sessionTimer: ReturnType<typeof setTimeout> | null;
}

export class ClassicGroup {
  readonly groupId: string;
  /** ListGroups' group type: 'consumer' for a KIP-848 group (membership in `consumer`). */
  type: GroupType = 'classic';
  consumer: ConsumerGroup | null = null;
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, GroupMember>();
  /** group.instance.id -> current member id of that static member. */
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet joined; each expires after its session timeout. */
  readonly pendingMembers = new Map<string, ReturnType<typeof setTimeout>>();
  /** topic -> partition -> committed offset. */
  readonly offsets = new Map<string, Map<number, CommittedOffset>>();
  /** Timer of the join phase (initial delay or rebalance timeout), or of the sync phase. */
  phaseTimer: ReturnType<typeof setTimeout> | null = null;
  /** Initial delayed join: a member joined during the current delay, so it is extended. */
  newMemberAdded = false;
  stateTimestampMs: number;

  constructor(groupId: string, nowMs: number) {
    this.groupId = groupId;
    this.stateTimestampMs = nowMs;
  }

  transitionTo(state: GroupState, nowMs: number): void {
    this.state = state;
    this.stateTimestampMs = nowMs;
  }

  /** No members, classic or (in a consumer group) KIP-848 ones. */
  get isEmpty(): boolean {
    return this.members.size === 0 && (this.consumer === null || this.consumer.members.size === 0);
  }

  /** Kafka's hasAllMembersJoined: every member has a JoinGroup waiting and no MEMBER_ID_REQUIRED is open. */
  allMembersJoined(): boolean {
    for (const member of this.members.values()) if (member.awaitingJoin === null) return false;
    return this.pendingMembers.size === 0;
  }

  /** Whether a member listing these protocols can be in this group (Kafka's supportsProtocols). */
  supportsProtocols(protocolType: string, protocolNames: readonly string[], exceptMemberId: string | null = null): boolean {
    const others = [...this.members.values()].filter((member) => member.memberId !== exceptMemberId);
    if (others.length === 0) return protocolType.length > 0 && protocolNames.length > 0;
    if (protocolType !== this.protocolType) return false;
    return protocolNames.some((name) => others.every((member) => member.protocols.some((p) => p.name === name)));
  }

  /** Each member votes for its first protocol every member supports; most votes wins, ties by first voter. */
  selectProtocol(): string {
    const members = [...this.members.values()];
    const candidates = members[0].protocols
      .map((protocol) => protocol.name)
      .filter((name) => members.every((member) => member.protocols.some((p) => p.name === name)));
    // Joins are refused unless they share a protocol with every member, so this is only a safety net (it
    // runs in timer callbacks, where a throw would take the broker down).
    if (candidates.length === 0) return members[0].protocols[0]?.name ?? '';
    const votes = new Map<string, number>();
    for (const member of members) {
      const choice = member.protocols.find((p) => candidates.includes(p.name))!.name;
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best = candidates[0];
    for (const [name, count] of votes) if (count > (votes.get(best) ?? 0)) best = name;
    return best;
  }

  metadataOf(member: GroupMember, protocolName: string | null): Buffer {
    return member.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
  }

  /** Topics the members subscribe to under the chosen consumer protocol; null when unknown (not decodable). */
  subscribedTopics(): Set<string> | null {
    if (this.consumer !== null) {
      const topics = new Set<string>();
      for (const member of this.consumer.members.values()) for (const topic of member.subscribedTopicNames) topics.add(topic);
      // A regex subscription's topics are those it matches now: unknown here, so every topic counts.
      for (const member of this.consumer.members.values()) if (member.subscribedTopicRegex !== null) return null;
      return topics;
    }
    if (this.protocolType !== 'consumer' || this.protocolName === null) return this.isEmpty ? new Set() : null;
    const topics = new Set<string>();
    for (const member of this.members.values()) {
      const metadata = this.metadataOf(member, this.protocolName);
      try {
        const reader = new Reader(metadata);
        const version = Math.min(reader.readInt16(), 3);
        for (const topic of readConsumerProtocolSubscription(reader, version).topics) topics.add(topic);
      } catch {
        return null;
      }
    }
    return topics;
  }

  committedOffset(topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, offset: CommittedOffset | null): void {
    let partitions = this.offsets.get(topic);
    if (offset === null) {
      partitions?.delete(partition);
      if (partitions?.size === 0) this.offsets.delete(topic);
      return;
    }
    if (partitions === undefined) {
      partitions = new Map();
      this.offsets.set(topic, partitions);
    }
    partitions.set(partition, offset);
  }
}
