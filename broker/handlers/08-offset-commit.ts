// OffsetCommit (8), v2-10 (Kafka 4 removed v0-1; v10 names topics by id). Members commit with their generation; generation -1 (admin tools, simple
// consumers) only while the group has no members, else UNKNOWN_MEMBER_ID as Kafka answers. The answer is
// sent once the records are in __consumer_offsets. Unknown partitions get UNKNOWN_TOPIC_OR_PARTITION,
// metadata over offset.metadata.max.bytes OFFSET_METADATA_TOO_LARGE. Commits by generation -1 are recorded
// as admin changes (kafka-consumer-groups --reset-offsets commits that way).
// NOT done: retentionTimeMs (v2-4) and per-offset expiry (offsets.retention.minutes) are ignored.

import { readOffsetCommitRequest, type OffsetCommitRequest } from '../protocol/generated/offset-commit-request.ts';
import { writeOffsetCommitResponse, type OffsetCommitResponse } from '../protocol/generated/offset-commit-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { commitOffsets, type OffsetToCommit } from '../coordinator/group-offsets.ts';
import { checkOffsetCommitPartitions, offsetCommitResults } from './offset-commit-partitions.ts';
import { defineHandler } from './api-handler.ts';

const FIRST_TOPIC_ID_VERSION = 10;

export const offsetCommitHandler = defineHandler<OffsetCommitRequest, OffsetCommitResponse>({
  apiKey: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 10,
  readRequest: readOffsetCommitRequest,
  writeResponse: writeOffsetCommitResponse,
  async handle({ broker, apiVersion, clientId, clientAddress, principal, signal }, request) {
    const checked = checkOffsetCommitPartitions(broker, request.topics, apiVersion >= FIRST_TOPIC_ID_VERSION);
    const valid: OffsetToCommit[] = checked.valid.map(({ topic, partition }) => ({
      topic,
      partition: partition.partitionIndex,
      offset: partition.committedOffset,
      leaderEpoch: partition.committedLeaderEpoch ?? -1,
      metadata: partition.committedMetadata,
      commitTimestampMs: -1n,
    }));
    const generationId = request.generationIdOrMemberEpoch ?? -1;
    const errorCode = await commitOffsets(broker.groups, {
      groupId: request.groupId,
      generationId,
      memberId: request.memberId ?? '',
      groupInstanceId: request.groupInstanceId ?? null,
      apiVersion,
      offsets: valid,
    });
    if (errorCode === ErrorCode.NONE && generationId < 0 && valid.length > 0 && firstStandaloneCommit(signal, request.groupId)) {
      await broker.adminChanges.record({
        action: 'group.commitOffsets',
        resource: request.groupId,
        clientId,
        clientAddress,
        principal,
        parameters: { offsets: valid.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset.toString() })) },
      });
    }
    return { throttleTimeMs: 0, topics: offsetCommitResults(request.topics, checked, errorCode) };
  },
});

/**
 * Commits outside a group generation come from admin tools resetting offsets (kafka-consumer-groups
 * --reset-offsets, a console) but also from standalone consumers (assign() + commit) every few seconds.
 * Both look the same on the wire, so only the first such commit per connection and group is recorded as an
 * admin change: one record for a reset, one per session for a standalone consumer, never a flood.
 */
const recordedGroupsByConnection = new WeakMap<AbortSignal, Set<string>>();
const MAX_RECORDED_GROUPS_PER_CONNECTION = 1000;

function firstStandaloneCommit(connection: AbortSignal, groupId: string): boolean {
  let groups = recordedGroupsByConnection.get(connection);
  if (groups === undefined) {
    groups = new Set();
    recordedGroupsByConnection.set(connection, groups);
  }
  if (groups.has(groupId) || groups.size >= MAX_RECORDED_GROUPS_PER_CONNECTION) return false;
  groups.add(groupId);
  return true;
}
