// This single broker has led every partition since it was created, always in leader epoch 0.

import { ErrorCode } from '../protocol/error-codes.ts';

export const LEADER_EPOCH = 0;

/** Kafka's check of a client's CurrentLeaderEpoch (-1 = the client does not know it). */
export function leaderEpochError(currentLeaderEpoch: number | undefined): number {
  if (currentLeaderEpoch === undefined || currentLeaderEpoch === -1 || currentLeaderEpoch === LEADER_EPOCH) return ErrorCode.NONE;
  return currentLeaderEpoch < LEADER_EPOCH ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
}
