// Where transactions meet consumer groups (broker/coordinator): TxnOffsetCommit's member checks (Kafka's
// ClassicGroup.validateOffsetCommit with isTransactional) and, when a transaction commits, its staged
// offsets written as ordinary offset commits through the group coordinator's store. Uses only the group
// coordinator's public API (groupFor, ClassicGroup.setOffset, store.append, offsetCommitRecord).

import { ErrorCode } from '../protocol/error-codes.ts';
import type { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import { offsetCommitRecord } from '../coordinator/offsets-topic-records.ts';
import type { StagedOffset } from './transaction-metadata.ts';

export interface TxnCommitMember {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

/** NONE when the member may commit offsets in a transaction (a group unknown here is a standalone consumer). */
export function txnOffsetCommitPermission(groups: GroupCoordinator, member: TxnCommitMember): number {
  const group = groups.groupFor(member.groupId, false);
  if (group === null) return ErrorCode.NONE;
  if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (member.generationId < 0 && group.state === 'Empty') return ErrorCode.NONE;
  // Old versions carry no member: transactional commits are then accepted whatever the group's state.
  if (member.generationId < 0 && member.memberId === '' && member.groupInstanceId === null) return ErrorCode.NONE;
  if (member.groupInstanceId !== null) {
    const current = group.staticMembers.get(member.groupInstanceId);
    if (current !== undefined && current !== member.memberId) return ErrorCode.FENCED_INSTANCE_ID;
  }
  if (!group.members.has(member.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (member.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  return ErrorCode.NONE;
}

/** Makes a committed transaction's offsets the groups' committed offsets (durably); throws if a write fails. */
export async function commitStagedOffsets(groups: GroupCoordinator, offsets: readonly StagedOffset[], nowMs = Date.now()): Promise<void> {
  const byGroup = new Map<string, StagedOffset[]>();
  for (const offset of offsets) byGroup.set(offset.groupId, [...(byGroup.get(offset.groupId) ?? []), offset]);
  for (const [groupId, groupOffsets] of byGroup) {
    const group = groups.groupFor(groupId, true);
    if (group === null) throw new Error(`no room for group ${groupId}`);
    const records = groupOffsets.map((staged) => {
      const committed = { offset: staged.offset, leaderEpoch: staged.leaderEpoch, metadata: staged.metadata ?? '', commitTimestampMs: BigInt(nowMs) };
      group.setOffset(staged.topic, staged.partition, committed);
      return offsetCommitRecord(groupId, staged.topic, staged.partition, committed);
    });
    await groups.store.append(groupId, records);
  }
}
