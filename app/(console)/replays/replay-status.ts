// A replay's status as words and as a badge colour, shared by the list and the replay's page.
import type { ReplayStatus } from '@/domain/replay.ts';

export const replayStatusLabels: Record<ReplayStatus, string> = {
  planned: 'planned',
  awaiting_approval: 'awaiting approval',
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

export const replayStatusClass: Record<ReplayStatus, string> = {
  planned: '',
  awaiting_approval: 'pending',
  running: 'pending',
  paused: 'pending',
  completed: 'ok',
  cancelled: '',
  failed: 'failed',
};

/** The share of the planned offsets passed (copied or filtered out), 0 to 1; a finished replay is whole. */
export function replayFraction(status: ReplayStatus, recordsRead: number, totalRecords: number): number {
  if (status === 'completed') return 1;
  if (totalRecords <= 0) return 0;
  return Math.min(1, recordsRead / totalRecords);
}
