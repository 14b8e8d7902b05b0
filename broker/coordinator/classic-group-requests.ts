// The classic protocol's JoinGroup, SyncGroup and LeaveGroup as the group coordinator sees them: the request and
// answer shapes, the error answers, and what a group's state answers (a member's JoinGroup and SyncGroup result)
// or records (its GroupMetadata record), built from the group alone.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup, GroupMember, JoinResult, MemberProtocol, SyncResult } from './classic-group.ts';
import { groupMetadataRecord, type OffsetsTopicRecord } from './offsets-topic-records.ts';

export interface JoinGroupInput {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: MemberProtocol[];
  /** JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED with its id. */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+ (KIP-814): a rejoining static leader is told to skip the assignment. */
  supportsSkipAssignment?: boolean;
}

export interface SyncGroupInput {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveResult {
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}

export const EMPTY = Buffer.alloc(0);
/** Bound on the protocols one member may list (clients send 1-3). */
export const MAX_PROTOCOLS_PER_MEMBER = 64;

export function errorJoin(errorCode: number, memberId: string): JoinResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] };
}

export function errorSync(errorCode: number): SyncResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

export function sameProtocols(a: readonly MemberProtocol[], b: readonly MemberProtocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i].name && p.metadata.equals(b[i].metadata));
}

export function staticRejoinResult(
  group: ClassicGroup,
  member: GroupMember,
  previousLeaderId: string | null,
  skipAssignment: boolean,
): JoinResult {
  const current = currentJoinResult(group, member);
  if (skipAssignment) return { ...current, skipAssignment: current.members.length > 0 };
  return { ...current, leader: previousLeaderId ?? '', members: [] };
}

export function currentJoinResult(group: ClassicGroup, member: GroupMember): JoinResult {
  const isLeader = group.leaderId === member.memberId;
  return {
    errorCode: ErrorCode.NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    skipAssignment: false,
    memberId: member.memberId,
    members: isLeader
      ? [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          metadata: group.metadataOf(m, group.protocolName),
        }))
      : [],
  };
}

export function syncAnswer(group: ClassicGroup, member: GroupMember): SyncResult {
  return { errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment };
}

export function groupMetadataRecordOf(group: ClassicGroup): OffsetsTopicRecord {
  return groupMetadataRecord(group.groupId, {
    protocolType: group.protocolType ?? '',
    generation: group.generationId,
    protocol: group.protocolName,
    leader: group.leaderId,
    currentStateTimestamp: BigInt(group.stateTimestampMs),
    members: [...group.members.values()].map((member) => ({
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId,
      clientId: member.clientId,
      clientHost: member.clientHost,
      rebalanceTimeout: member.rebalanceTimeoutMs,
      sessionTimeout: member.sessionTimeoutMs,
      subscription: group.metadataOf(member, group.protocolName),
      assignment: member.assignment,
    })),
  });
}
