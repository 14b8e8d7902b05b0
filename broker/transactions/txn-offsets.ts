// Where transactions meet consumer groups (broker/coordinator): TxnOffsetCommit's member checks (Kafka's
// ClassicGroup.validateOffsetCommit with isTransactional), on the group coordinator's public API.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import { consumerCommitPermission, topicIds } from '../coordinator/group-offsets.ts';

export interface TxnCommitMember {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** The partitions committed (a consumer group checks their assignment epochs). */
  offsets: readonly { topic: string; partition: number }[];
}

/** NONE when the member may commit offsets in a transaction (a group unknown here is a standalone consumer). */
export function txnOffsetCommitPermission(groups: GroupCoordinator, member: TxnCommitMember): number {
  const group = groups.groupFor(member.groupId, false);
  if (group === null) return ErrorCode.NONE;
  if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (member.generationId < 0 && group.state === 'Empty') return ErrorCode.NONE;
  // Old versions carry no member: transactional commits are then accepted whatever the group's state.
  if (member.generationId < 0 && member.memberId === '' && member.groupInstanceId === null) return ErrorCode.NONE;
  // A KIP-848 group: the generation carries the member epoch (any TxnOffsetCommit version may carry it).
  if (group.consumer !== null) {
    return consumerCommitPermission(group.consumer, {
      memberId: member.memberId,
      memberEpoch: member.generationId,
      apiVersion: null,
      transactional: true,
      partitions: topicIds(groups, member.offsets),
    });
  }
  if (member.groupInstanceId !== null) {
    const current = group.staticMembers.get(member.groupInstanceId);
    if (current !== undefined && current !== member.memberId) return ErrorCode.FENCED_INSTANCE_ID;
  }
  if (!group.members.has(member.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (member.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  return ErrorCode.NONE;
}
