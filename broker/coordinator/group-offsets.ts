// Committed offsets and the group admin operations (Kafka's OffsetMetadataManager plus ListGroups,
// DescribeGroups, DeleteGroups, OffsetDelete) on the coordinator's groups. Every change is applied in
// memory at once (so requests act in arrival order) and acknowledged only after its records are written
// to __consumer_offsets; a failed write is undone.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup, CommittedOffset, GroupState, GroupType } from './classic-group.ts';
import { assignmentEpochOf, type ConsumerGroup } from './consumer-group.ts';
import type { GroupCoordinator } from './group-coordinator.ts';
import { offsetCommitRecord, type OffsetsTopicRecord } from './offsets-topic-records.ts';

export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: bigint;
  leaderEpoch: number;
  metadata: string | null;
  /** -1: now (OffsetCommit v1 lets the client set it). */
  commitTimestampMs: bigint;
}

export interface CommitInput {
  groupId: string;
  /** -1 (admin tools, simple consumers): allowed only while the group has no members. */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** OffsetCommit v9 answers GROUP_ID_NOT_FOUND where older versions say ILLEGAL_GENERATION. */
  apiVersion: number;
  offsets: OffsetToCommit[];
}

export interface FetchedOffset {
  topic: string;
  partition: number;
  /** Undefined when nothing is committed. */
  committed: CommittedOffset | undefined;
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: GroupState;
  type: GroupType;
}

export interface GroupDescription {
  groupId: string;
  /** Why the group is described as Dead (DescribeGroups v6+ answers GROUP_ID_NOT_FOUND with it). */
  notFoundMessage: string | null;
  state: GroupState;
  protocolType: string;
  protocolName: string;
  members: {
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }[];
}

/**
 * A consumer group's fetch check (Kafka's ConsumerGroup.validateOffsetFetch): member epoch -1 only while the
 * group has no members; a member fetches with its current epoch (STALE_MEMBER_EPOCH otherwise, ILLEGAL_GENERATION
 * to a classic member).
 */
export function consumerFetchPermission(consumer: ConsumerGroup, memberId: string, memberEpoch: number): number {
  if (memberEpoch < 0) return consumer.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  const member = consumer.members.get(memberId);
  if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (memberEpoch === member.memberEpoch) return ErrorCode.NONE;
  return member.classic !== null ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.STALE_MEMBER_EPOCH;
}

/** A commit to a consumer group: who, with which epoch, through which API, and the partitions it names. */
export interface ConsumerCommit {
  memberId: string;
  memberEpoch: number;
  /** OffsetCommit's version; null for TxnOffsetCommit (any version may carry a member epoch). */
  apiVersion: number | null;
  transactional: boolean;
  /** By topic id (undefined: a topic this broker does not know). */
  partitions: readonly { topicId: string | undefined; partition: number }[];
}

/**
 * A consumer group's commit check (Kafka 4.3's ConsumerGroup.validateOffsetCommit, KIP-1251): member epoch -1
 * only while the group has no members; OffsetCommit v9+ for consumer-protocol members (older versions cannot
 * carry a member epoch). The member's current epoch commits anything; an older one only partitions the member
 * has held since that epoch (their assignment epoch), so a commit racing a rebalance is not lost for partitions
 * it keeps. Otherwise STALE_MEMBER_EPOCH, or ILLEGAL_GENERATION to a classic member and in a transaction (what
 * their clients expect); one refused partition refuses the whole commit, as in Kafka.
 */
export function consumerCommitPermission(consumer: ConsumerGroup, commit: ConsumerCommit): number {
  if (commit.memberEpoch < 0 && consumer.members.size === 0) return ErrorCode.NONE;
  const member = consumer.members.get(commit.memberId);
  if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
  const classic = member.classic !== null;
  if (!commit.transactional && !classic && commit.apiVersion !== null && commit.apiVersion < 9) return ErrorCode.UNSUPPORTED_VERSION;
  if (commit.memberEpoch === member.memberEpoch) return ErrorCode.NONE;
  const stale = classic || commit.transactional ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.STALE_MEMBER_EPOCH;
  if (commit.memberEpoch > member.memberEpoch) return stale;
  for (const { topicId, partition } of commit.partitions) {
    const heldSince = topicId === undefined ? undefined : assignmentEpochOf(member, topicId, partition);
    if (heldSince === undefined || commit.memberEpoch < heldSince) return stale;
  }
  return ErrorCode.NONE;
}

/** The committed partitions by topic id, for a consumer group's check. */
export function topicIds(
  coordinator: GroupCoordinator,
  offsets: readonly { topic: string; partition: number }[],
): { topicId: string | undefined; partition: number }[] {
  return offsets.map(({ topic, partition }) => ({ topicId: coordinator.consumerGroups.topicIdOf(topic), partition }));
}

/** Checks who may commit (Kafka's ClassicGroup.validateOffsetCommit); NONE when allowed. */
function commitPermission(coordinator: GroupCoordinator, group: ClassicGroup | null, input: CommitInput): number {
  if (group === null) {
    if (input.generationId < 0) return ErrorCode.NONE;
    return input.apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
  }
  if (group.consumer !== null) {
    return consumerCommitPermission(group.consumer, {
      memberId: input.memberId,
      memberEpoch: input.generationId,
      apiVersion: input.apiVersion,
      transactional: false,
      partitions: topicIds(coordinator, input.offsets),
    });
  }
  if (input.generationId < 0 && group.state === 'Empty') return ErrorCode.NONE;
  if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
  if (input.groupInstanceId !== null) {
    const current = group.staticMembers.get(input.groupInstanceId);
    if (current !== undefined && current !== input.memberId) return ErrorCode.FENCED_INSTANCE_ID;
  }
  // A commit by generation -1 while members are active lands here: Kafka answers UNKNOWN_MEMBER_ID.
  if (!group.members.has(input.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (input.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  return ErrorCode.NONE;
}

/** Commits every offset or none; the answer is one error code for all of them. */
export async function commitOffsets(coordinator: GroupCoordinator, input: CommitInput, nowMs = Date.now()): Promise<number> {
  const existing = coordinator.groupFor(input.groupId, false);
  const permission = commitPermission(coordinator, existing, input);
  if (permission !== ErrorCode.NONE) return permission;
  if (input.offsets.length === 0) return ErrorCode.NONE;
  const group = existing ?? coordinator.groupFor(input.groupId, true);
  if (group === null) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  const records: OffsetsTopicRecord[] = [];
  const previous: { topic: string; partition: number; offset: CommittedOffset | undefined; written: CommittedOffset }[] = [];
  for (const entry of input.offsets) {
    const written: CommittedOffset = {
      offset: entry.offset,
      leaderEpoch: entry.leaderEpoch,
      metadata: entry.metadata ?? '',
      commitTimestampMs: entry.commitTimestampMs >= 0n ? entry.commitTimestampMs : BigInt(nowMs),
    };
    previous.push({ topic: entry.topic, partition: entry.partition, offset: group.committedOffset(entry.topic, entry.partition), written });
    group.setOffset(entry.topic, entry.partition, written);
    coordinator.pendingTransactionalOffsets.committed(group.groupId, entry.topic, entry.partition);
    records.push(offsetCommitRecord(group.groupId, entry.topic, entry.partition, written));
  }
  try {
    await coordinator.store.append(group.groupId, records);
    return ErrorCode.NONE;
  } catch {
    // Undo only what no later commit has overwritten meanwhile.
    for (const entry of previous) {
      if (group.committedOffset(entry.topic, entry.partition) === entry.written)
        group.setOffset(entry.topic, entry.partition, entry.offset ?? null);
    }
    return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
}

/** Offsets of the listed partitions, or of every committed partition when `topics` is null. */
export function fetchOffsets(
  coordinator: GroupCoordinator,
  groupId: string,
  topics: { name: string; partitions: number[] }[] | null,
): FetchedOffset[] {
  const group = coordinator.groupFor(groupId, false);
  if (topics === null) {
    const all: FetchedOffset[] = [];
    for (const [topic, partitions] of group?.offsets ?? []) {
      for (const [partition, committed] of partitions) all.push({ topic, partition, committed });
    }
    return all;
  }
  return topics.flatMap(({ name, partitions }) =>
    partitions.map((partition) => ({ topic: name, partition, committed: group?.committedOffset(name, partition) })),
  );
}

export function listGroups(coordinator: GroupCoordinator): GroupListing[] {
  return [...coordinator.groups.values()].map((group) => ({
    groupId: group.groupId,
    protocolType: group.protocolType ?? '',
    state: group.state,
    type: group.type,
  }));
}

/**
 * Kafka's describe: metadata and assignments only once Stable; an unknown group is 'Dead', and so is a
 * consumer group (the classic API does not describe it; ConsumerGroupDescribe does).
 */
export function describeGroup(coordinator: GroupCoordinator, groupId: string): GroupDescription {
  const group = coordinator.groupFor(groupId, false);
  if (group === null || group.consumer !== null) {
    const notFoundMessage = group === null ? `Group ${groupId} not found.` : `Group ${groupId} is not a classic group.`;
    return { groupId, notFoundMessage, state: 'Dead', protocolType: '', protocolName: '', members: [] };
  }
  const stable = group.state === 'Stable';
  return {
    groupId,
    notFoundMessage: null,
    state: group.state,
    protocolType: group.protocolType ?? '',
    protocolName: stable ? (group.protocolName ?? '') : '',
    members: [...group.members.values()].map((member) => ({
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId,
      clientId: member.clientId,
      clientHost: member.clientHost,
      metadata: stable ? group.metadataOf(member, group.protocolName) : Buffer.alloc(0),
      assignment: stable ? member.assignment : Buffer.alloc(0),
    })),
  };
}

/**
 * Deletes empty groups with their offsets (tombstones for each offset and the group record); offsets
 * pending in open transactions get tombstones too, as Kafka's deleteAllOffsets writes them.
 */
export async function deleteGroup(coordinator: GroupCoordinator, groupId: string): Promise<number> {
  const group = coordinator.groupFor(groupId, false);
  if (group === null) return ErrorCode.GROUP_ID_NOT_FOUND;
  if (group.state !== 'Empty' || group.pendingMembers.size > 0) return ErrorCode.NON_EMPTY_GROUP;
  const records: OffsetsTopicRecord[] = [];
  for (const [topic, partitions] of group.offsets) {
    for (const partition of partitions.keys()) records.push(offsetCommitRecord(groupId, topic, partition, null));
  }
  for (const { topic, partition } of coordinator.pendingTransactionalOffsets.partitions({ groupId })) {
    if (group.committedOffset(topic, partition) === undefined) records.push(offsetCommitRecord(groupId, topic, partition, null));
    coordinator.pendingTransactionalOffsets.remove(groupId, topic, partition);
  }
  records.push(...coordinator.groupTombstones(group));
  group.transitionTo('Dead', Date.now());
  coordinator.groups.delete(groupId);
  try {
    await coordinator.store.append(groupId, records);
    return ErrorCode.NONE;
  } catch {
    if (!coordinator.groups.has(groupId)) {
      group.transitionTo('Empty', Date.now());
      coordinator.groups.set(groupId, group);
    }
    return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
}

/**
 * A topic was deleted: every group's committed offsets of it go at once (Kafka's onPartitionsDeleted), in
 * memory now and as tombstones in __consumer_offsets, so they stay gone after a restart and a topic recreated
 * with the same name starts without them. Offsets of it pending in open transactions go too (the tombstone
 * follows their records, so a later COMMIT marker does not bring them back, live or on replay). Groups themselves stay, as in Kafka: one left Empty without offsets
 * is deleted by the next expiry sweep (offsets-expiry.ts). The topic is already gone, so a failed write is
 * not undone, only logged; the sweep drops such offsets again after a restart while the topic is absent.
 * Returns how many offsets were removed.
 */
export async function deleteTopicOffsets(coordinator: GroupCoordinator, topic: string, log: (line: string) => void): Promise<number> {
  const writes: Promise<void>[] = [];
  let removed = 0;
  const byGroup = new Map<string, Set<number>>();
  for (const group of coordinator.groups.values()) {
    const partitions = group.offsets.get(topic);
    if (partitions === undefined) continue;
    byGroup.set(group.groupId, new Set(partitions.keys()));
    group.offsets.delete(topic);
  }
  for (const { groupId, partition } of coordinator.pendingTransactionalOffsets.partitions({ topic })) {
    byGroup.set(groupId, (byGroup.get(groupId) ?? new Set()).add(partition));
    coordinator.pendingTransactionalOffsets.remove(groupId, topic, partition);
  }
  for (const [groupId, partitions] of byGroup) {
    const records = [...partitions].map((partition) => offsetCommitRecord(groupId, topic, partition, null));
    removed += records.length;
    writes.push(
      coordinator.store.append(groupId, records).catch((error: unknown) => {
        log(`group ${groupId}: could not write tombstones for the offsets of deleted topic ${topic}: ${String(error)}`);
      }),
    );
  }
  await Promise.all(writes);
  return removed;
}

export interface OffsetDeleteResult {
  errorCode: number;
  partitions: { topic: string; partition: number; errorCode: number }[];
}

/** OffsetDelete: refused per partition while a member subscribes to the topic. */
export async function deleteOffsets(
  coordinator: GroupCoordinator,
  groupId: string,
  partitions: { topic: string; partition: number }[],
): Promise<OffsetDeleteResult> {
  const group = coordinator.groupFor(groupId, false);
  if (group === null) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] };
  if (!group.isEmpty && group.protocolType !== 'consumer') return { errorCode: ErrorCode.NON_EMPTY_GROUP, partitions: [] };
  const subscribed = group.subscribedTopics();
  const records: OffsetsTopicRecord[] = [];
  const removed: { topic: string; partition: number; offset: CommittedOffset }[] = [];
  const results = partitions.map(({ topic, partition }) => {
    if (subscribed === null || subscribed.has(topic)) return { topic, partition, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC };
    const offset = group.committedOffset(topic, partition);
    if (offset !== undefined) {
      group.setOffset(topic, partition, null);
      removed.push({ topic, partition, offset });
    }
    if (offset !== undefined || coordinator.pendingTransactionalOffsets.has(groupId, topic, partition)) {
      // Kafka deletes offsets pending in transactions too; a failed write does not bring those back.
      coordinator.pendingTransactionalOffsets.remove(groupId, topic, partition);
      records.push(offsetCommitRecord(groupId, topic, partition, null));
    }
    return { topic, partition, errorCode: ErrorCode.NONE };
  });
  try {
    await coordinator.store.append(groupId, records);
    return { errorCode: ErrorCode.NONE, partitions: results };
  } catch {
    for (const entry of removed) {
      if (group.committedOffset(entry.topic, entry.partition) === undefined) group.setOffset(entry.topic, entry.partition, entry.offset);
    }
    return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, partitions: [] };
  }
}
