// What a replay row holds beside its columns: the settings and the plan (fixed when planned) and the progress
// the job reports. Shared by the verbs, the job (server/jobs/replay-job.ts) and, through tRPC, the pages.
import { z } from 'zod';
import { ReplayPartitioning, ReplayRateLimit } from '../../../domain/replay.ts';
import { RecordFilter } from '../messages/record-filter.ts';

export const ReplaySettings = z.object({
  /** The messages page's safe filters (quick filters and CEL); none: every record of the range. */
  filter: RecordFilter.optional(),
  partitioning: ReplayPartitioning,
  /** Copy each record's timestamp; otherwise the target stamps the copy when it is written. */
  keepTimestamps: z.boolean(),
  rateLimit: ReplayRateLimit,
});
export type ReplaySettings = z.infer<typeof ReplaySettings>;

export interface ReplayPlanPartition {
  partition: number;
  /** First offset to copy. */
  startOffset: number;
  /** The offset after the last one to copy (exclusive), fixed when planned: later writes are not copied. */
  endOffset: number;
  /** Offsets in the range: an upper bound of the records copied (a filter, compaction and transaction markers copy fewer). */
  records: number;
  /** The range's share of the partition's size on disk; null when the cluster cannot say. */
  estimatedBytes: number | null;
}

export interface ReplayPlan {
  partitions: ReplayPlanPartition[];
  totalRecords: number;
  totalEstimatedBytes: number | null;
  targetPartitionCount: number;
  /** Where records go, in words: "by key (murmur2) over 6 partitions of orders.retry". */
  targetDescription: string;
  /** At the rate limit, or at a nominal copy rate when there is none. */
  estimatedDurationMs: number;
  /** Whether a filter decides what is copied (the counts are then upper bounds). */
  filtered: boolean;
}

export interface ReplayPartitionProgress {
  partition: number;
  /** The next source offset to read; startOffset before anything, endOffset when done. */
  position: number;
  recordsWritten: number;
  bytesWritten: number;
}

export interface ReplayProgress {
  partitions: ReplayPartitionProgress[];
  /** Source offsets passed (read and copied or filtered out), over every partition. */
  recordsRead: number;
  recordsWritten: number;
  bytesWritten: number;
  recordsPerSecond: number;
  bytesPerSecond: number;
  /** At the current rate; null when nothing moves. */
  etaSeconds: number | null;
  updatedAtMs: number;
}

/** Progress before the job has run: every partition at its start. */
export function initialReplayProgress(plan: ReplayPlan): ReplayProgress {
  return {
    partitions: plan.partitions.map((partition) => ({
      partition: partition.partition,
      position: partition.startOffset,
      recordsWritten: 0,
      bytesWritten: 0,
    })),
    recordsRead: 0,
    recordsWritten: 0,
    bytesWritten: 0,
    recordsPerSecond: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
    updatedAtMs: Date.now(),
  };
}

/** The counts an audit record carries when a job starts, stops or ends. */
export function replayCounts(progress: ReplayProgress | null) {
  return {
    recordsRead: progress?.recordsRead ?? 0,
    recordsWritten: progress?.recordsWritten ?? 0,
    bytesWritten: progress?.bytesWritten ?? 0,
  };
}
