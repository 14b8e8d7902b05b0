// Burrow's consumer status evaluation, as pure functions over a window of commits per partition.
//
// A "commit" is an observation of the partition's committed offset by the lag sampler while the group had
// members (a live consumer commits even when the offset stays put), or any observation where the offset
// moved. Per partition, in this order (the first that applies wins):
//   OK       the current lag is within the allowed lag (the rule's minimum lag; 0 by default): a consumer
//            that is caught up, or an idle low-traffic topic, is never in error however old its last commit;
//   STOP     no commit in the window, or the last commit is older than the window's span (now - last commit
//            > last commit - first commit), and the consumer is not caught up now;
//   OK       some commit in the window had lag within the allowed lag (the consumer caught up recently);
//   REWIND   a committed offset went backwards and never got back to where it was;
//   STALL    every commit in the window has lag and the offset never moved;
//   WARNING  every commit has lag and the lag never decreased;
//   OK       otherwise (the consumer is making progress).
// The group's status is its worst partition's; STOP, STALL and REWIND count as ERROR.

export const burrowStatuses = ['OK', 'WARNING', 'STOP', 'STALL', 'REWIND'] as const;
export type BurrowStatus = (typeof burrowStatuses)[number];
export type BurrowLevel = 'ok' | 'warning' | 'error';

export interface Commit {
  atMs: number;
  offset: number;
  /** The lag when the commit was observed; null when not measurable. */
  lag: number | null;
}

export interface PartitionWindow {
  topic: string;
  partition: number;
  /** Oldest first. */
  commits: Commit[];
  /** The lag now (the newest sample); null when not measurable. */
  currentLag: number | null;
}

export function levelOf(status: BurrowStatus): BurrowLevel {
  if (status === 'OK') return 'ok';
  if (status === 'WARNING') return 'warning';
  return 'error';
}

const severity: Record<BurrowStatus, number> = { OK: 0, WARNING: 1, REWIND: 2, STALL: 3, STOP: 4 };

export function partitionStatus(window: PartitionWindow, nowMs: number, allowedLag: number): BurrowStatus {
  const { commits, currentLag } = window;
  // Not measurable now (no commit, no leader): nothing to judge, and never an alarm on missing data.
  if (currentLag === null || currentLag <= allowedLag) return 'OK';
  const last = commits[commits.length - 1];
  if (!last || nowMs - last.atMs > last.atMs - commits[0].atMs) return 'STOP';
  if (commits.some((commit) => commit.lag !== null && commit.lag <= allowedLag)) return 'OK';
  if (rewoundWithoutRecovery(commits)) return 'REWIND';
  if (commits.length < 2) return 'OK';
  if (commits.every((commit) => commit.offset === commits[0].offset)) return 'STALL';
  if (lagNeverDecreased(commits)) return 'WARNING';
  return 'OK';
}

function rewoundWithoutRecovery(commits: Commit[]): boolean {
  let lastDrop = -1;
  for (let index = 1; index < commits.length; index++) if (commits[index].offset < commits[index - 1].offset) lastDrop = index;
  return lastDrop > 0 && commits[commits.length - 1].offset < commits[lastDrop - 1].offset;
}

function lagNeverDecreased(commits: Commit[]): boolean {
  for (let index = 1; index < commits.length; index++) {
    const before = commits[index - 1].lag;
    const after = commits[index].lag;
    if (before === null || after === null || after < before) return false;
  }
  return true;
}

export interface PartitionStatus {
  topic: string;
  partition: number;
  status: BurrowStatus;
  currentLag: number | null;
}

export interface GroupStatus {
  /** The worst partition's status. */
  status: BurrowStatus;
  level: BurrowLevel;
  /** Partitions not OK, worst first (at most MAX_REPORTED_PARTITIONS). */
  partitions: PartitionStatus[];
  /** Partitions per status. */
  counts: Record<BurrowStatus, number>;
}

export const MAX_REPORTED_PARTITIONS = 20;

export function groupStatus(windows: PartitionWindow[], nowMs: number, allowedLag: number): GroupStatus {
  const counts: Record<BurrowStatus, number> = { OK: 0, WARNING: 0, STOP: 0, STALL: 0, REWIND: 0 };
  const notOk: PartitionStatus[] = [];
  for (const window of windows) {
    const status = partitionStatus(window, nowMs, allowedLag);
    counts[status]++;
    if (status !== 'OK') notOk.push({ topic: window.topic, partition: window.partition, status, currentLag: window.currentLag });
  }
  notOk.sort((a, b) => severity[b.status] - severity[a.status] || a.topic.localeCompare(b.topic) || a.partition - b.partition);
  const status = notOk[0]?.status ?? 'OK';
  return { status, level: levelOf(status), partitions: notOk.slice(0, MAX_REPORTED_PARTITIONS), counts };
}
