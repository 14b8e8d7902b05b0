// OffsetFetch (9), v1-10 (Kafka 4 removed v0; v10 names topics by id: UNKNOWN_TOPIC_ID for an unknown one,
// and committed topics that no longer exist are left out of an all-topics answer). One group (v1-7; null topics = every committed partition,
// v2+) or many groups (v8+). Nothing committed: offset -1, no error. requireStable (v7+): a partition with offsets pending in
// a transaction not yet ended (TxnOffsetCommit) answers UNSTABLE_OFFSET_COMMIT with offset -1, as Kafka
// does; clients retry. v2+ carries a top-level error (always NONE here). v9+ carries the member id and epoch
// of a KIP-848 consumer group member: an unknown member gets UNKNOWN_MEMBER_ID, another epoch
// STALE_MEMBER_EPOCH, for the whole group (no id and epoch -1: an admin tool, always answered).

import { readOffsetFetchRequest, type OffsetFetchRequest } from '../protocol/generated/offset-fetch-request.ts';
import {
  writeOffsetFetchResponse,
  type OffsetFetchResponse,
  type OffsetFetchResponseTopic,
  type OffsetFetchResponseTopics,
} from '../protocol/generated/offset-fetch-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { consumerFetchPermission, fetchOffsets } from '../coordinator/group-offsets.ts';
import type { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import type { PendingTransactionalOffsets } from '../coordinator/pending-transactional-offsets.ts';
import { defineHandler, type BrokerState } from './api-handler.ts';

/** Bound on the groups one v8+ request may ask about. */
const MAX_GROUPS_PER_FETCH = 10_000;

/** `unstableIn`: with requireStable, the offsets pending in transactions, which make a partition unstable. */
function offsetsOf(
  groups: GroupCoordinator,
  groupId: string,
  topics: { name?: string; partitionIndexes: number[] }[] | null,
  unstableIn: PendingTransactionalOffsets | null,
): OffsetFetchResponseTopic[] {
  const fetched = fetchOffsets(
    groups,
    groupId,
    topics === null ? null : topics.map((t) => ({ name: t.name ?? '', partitions: t.partitionIndexes })),
  );
  const byTopic = new Map<string, OffsetFetchResponseTopic>();
  for (const { topic, partition, committed } of fetched) {
    let entry = byTopic.get(topic);
    if (entry === undefined) {
      entry = { name: topic, partitions: [] };
      byTopic.set(topic, entry);
    }
    if (unstableIn?.has(groupId, topic, partition)) {
      entry.partitions.push({
        partitionIndex: partition,
        committedOffset: -1n,
        committedLeaderEpoch: -1,
        metadata: '',
        errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT,
      });
      continue;
    }
    entry.partitions.push({
      partitionIndex: partition,
      committedOffset: committed?.offset ?? -1n,
      committedLeaderEpoch: committed?.leaderEpoch ?? -1,
      metadata: committed?.metadata ?? '',
      errorCode: ErrorCode.NONE,
    });
  }
  return [...byTopic.values()];
}

const FIRST_TOPIC_ID_VERSION = 10;

/** v10+: topics named by id in the request and the answer. */
function offsetsByTopicId(
  broker: BrokerState,
  groupId: string,
  topics: { topicId?: string; partitionIndexes: number[] }[] | null,
  unstableIn: PendingTransactionalOffsets | null,
): OffsetFetchResponseTopics[] {
  const unknown: { topicId: string; partitionIndexes: number[] }[] = [];
  const named: { name: string; partitionIndexes: number[] }[] = [];
  for (const { topicId = '', partitionIndexes } of topics ?? []) {
    const topic = broker.topics.getById(topicId);
    if (topic === undefined) unknown.push({ topicId, partitionIndexes });
    else named.push({ name: topic.name, partitionIndexes });
  }
  const answered = offsetsOf(broker.groups, groupId, topics === null ? null : named, unstableIn).flatMap((topic) => {
    const topicId = broker.topics.get(topic.name)?.topicId;
    const partitions = topic.partitions.map((p) => ({ ...p, committedLeaderEpoch: p.committedLeaderEpoch ?? -1 }));
    return topicId === undefined ? [] : [{ name: '', topicId, partitions }];
  });
  const failed = unknown.map(({ topicId, partitionIndexes }) => ({
    name: '',
    topicId,
    partitions: partitionIndexes.map((partitionIndex) => ({
      partitionIndex,
      committedOffset: -1n,
      committedLeaderEpoch: -1,
      metadata: '',
      errorCode: ErrorCode.UNKNOWN_TOPIC_ID,
    })),
  }));
  return [...answered, ...failed];
}

export const offsetFetchHandler = defineHandler<OffsetFetchRequest, OffsetFetchResponse>({
  apiKey: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 10,
  readRequest: readOffsetFetchRequest,
  writeResponse: writeOffsetFetchResponse,
  handle({ broker, apiVersion }, request) {
    const unstableIn = request.requireStable === true ? broker.groups.pendingTransactionalOffsets : null;
    if (apiVersion < 8) {
      const topics = offsetsOf(broker.groups, request.groupId ?? '', request.topics ?? null, unstableIn);
      return { throttleTimeMs: 0, topics, errorCode: ErrorCode.NONE, groups: [] };
    }
    const requested = request.groups ?? [];
    if (requested.length > MAX_GROUPS_PER_FETCH) {
      return {
        throttleTimeMs: 0,
        groups: requested
          .slice(0, MAX_GROUPS_PER_FETCH)
          .map((g) => ({ groupId: g.groupId, topics: [], errorCode: ErrorCode.INVALID_REQUEST })),
      };
    }
    return {
      throttleTimeMs: 0,
      groups: requested.map((group) => {
        const memberError = memberCheck(broker.groups, group.groupId, group.memberId ?? null, group.memberEpoch ?? -1);
        if (memberError !== ErrorCode.NONE) return { groupId: group.groupId, topics: [], errorCode: memberError };
        return {
          groupId: group.groupId,
          topics:
            apiVersion >= FIRST_TOPIC_ID_VERSION
              ? offsetsByTopicId(broker, group.groupId, group.topics, unstableIn)
              : offsetsOf(broker.groups, group.groupId, group.topics, unstableIn).map((topic) => ({
                  name: topic.name,
                  partitions: topic.partitions.map((p) => ({ ...p, committedLeaderEpoch: p.committedLeaderEpoch ?? -1 })),
                })),
          errorCode: ErrorCode.NONE,
        };
      }),
    };
  },
});

/** Kafka's ConsumerGroup.validateOffsetFetch; classic groups are not checked. */
function memberCheck(groups: GroupCoordinator, groupId: string, memberId: string | null, memberEpoch: number): number {
  const consumer = groups.groupFor(groupId, false)?.consumer ?? null;
  if (consumer === null || (memberId === null && memberEpoch < 0)) return ErrorCode.NONE;
  if (!consumer.members.has(memberId ?? '')) return ErrorCode.UNKNOWN_MEMBER_ID;
  return consumerFetchPermission(consumer, memberId ?? '', memberEpoch);
}
