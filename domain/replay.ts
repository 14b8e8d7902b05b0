// Replay jobs: copy a range of a topic's records into a topic (the same one, e.g. redriving a dead-letter
// topic). The statuses, target-partition modes and rate limits are defined here once, for the server's verbs
// and job and for the pages.
import { z } from 'zod';

/**
 * planned: the plan is stored, nothing copied; awaiting_approval: a member's replay into a topic outside their
 * team's prefixes, waiting for an operator who is not the requester; running (also while retrying after a
 * cluster error); paused; then one of the final states.
 */
export const replayStatuses = ['planned', 'awaiting_approval', 'running', 'paused', 'completed', 'cancelled', 'failed'] as const;
export const ReplayStatus = z.enum(replayStatuses);
export type ReplayStatus = z.infer<typeof ReplayStatus>;

export const finalReplayStatuses: readonly ReplayStatus[] = ['completed', 'cancelled', 'failed'];

export function isFinalReplayStatus(status: ReplayStatus): boolean {
  return finalReplayStatuses.includes(status);
}

/** key: Kafka's default partitioner (murmur2 of the key; records without a key round robin); same: the source's partition number. */
export const replayPartitionings = ['key', 'same', 'roundRobin'] as const;
export const ReplayPartitioning = z.enum(replayPartitionings);
export type ReplayPartitioning = z.infer<typeof ReplayPartitioning>;

export const MAX_REPLAY_RECORDS_PER_SECOND = 1_000_000;
export const MAX_REPLAY_BYTES_PER_SECOND = 1024 * 1024 * 1024;

/** Either bound, or both (the slower one wins); none: as fast as the clusters go. */
export const ReplayRateLimit = z.object({
  recordsPerSecond: z.number().int().min(1).max(MAX_REPLAY_RECORDS_PER_SECOND).optional(),
  bytesPerSecond: z.number().int().min(1024).max(MAX_REPLAY_BYTES_PER_SECOND).optional(),
});
export type ReplayRateLimit = z.infer<typeof ReplayRateLimit>;

/** Seconds left at the current rate; null when nothing moves yet. */
export function replayEtaSeconds(remainingRecords: number, recordsPerSecond: number): number | null {
  if (remainingRecords <= 0) return 0;
  if (recordsPerSecond <= 0) return null;
  return Math.ceil(remainingRecords / recordsPerSecond);
}
