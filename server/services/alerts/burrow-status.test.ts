// Every Burrow status on recorded windows: sampler points as the lag sampler stores them (one per 15 s round:
// members, committed offset and lag of one partition), evaluated as an alert rule evaluates them.
import { describe, expect, it } from 'vitest';
import type { AlertCondition } from '../../../domain/alert-rule.ts';
import type { GroupLagPoint } from '../../lag-history/read-lag-history.ts';
import { groupStatus, partitionStatus } from './burrow-status.ts';
import { evaluateCondition, partitionWindows } from './evaluate-condition.ts';

const NOW_MS = Date.parse('2026-12-07T06:00:00Z');
const SAMPLE_INTERVAL_MS = 15_000;

/** [members, committedOffset, endOffset] per sample, oldest first, the last one taken at NOW_MS. */
type Recorded = [members: number, committed: number | null, end: number][];

function recordedWindow(samples: Recorded, topic = 'orders'): GroupLagPoint[] {
  return samples.map(([members, committed, end], index) => {
    const lag = committed === null ? null : end - committed;
    return {
      sampledAt: new Date(NOW_MS - (samples.length - 1 - index) * SAMPLE_INTERVAL_MS),
      members,
      lag: lag ?? 0,
      timeLagMs: null,
      topics: [{ topic, lag: lag ?? 0, timeLagMs: null, partitions: [{ partition: 0, committedOffset: committed, lag, timeLagMs: null }] }],
    };
  });
}

const burrow = (minLag = 0, windowSeconds = 300): AlertCondition => ({
  kind: 'burrow',
  windowSeconds,
  minLag,
  level: 'warning',
  forSeconds: 0,
});

function statusOf(samples: Recorded, minLag = 0): string {
  const evaluation = evaluateCondition(burrow(minLag), recordedWindow(samples), '*', NOW_MS);
  return String(evaluation?.value.status);
}

describe("Burrow's status on recorded windows", () => {
  it('is OK for a consumer keeping up (lag 0 at the end)', () => {
    expect(
      statusOf([
        [1, 100, 110],
        [1, 110, 125],
        [1, 125, 130],
        [1, 130, 130],
      ]),
    ).toBe('OK');
  });

  it('is OK for a consumer with lag that is making progress and reducing it', () => {
    expect(
      statusOf([
        [1, 100, 200],
        [1, 150, 230],
        [1, 200, 240],
        [1, 230, 250],
      ]),
    ).toBe('OK');
  });

  it('is STOP when the consumer left, stopped committing for longer than the window it committed in, and has lag', () => {
    // Committing for 4 rounds, then gone (no members) for 5 rounds while producers kept writing.
    const stopped: Recorded = [
      [1, 100, 100],
      [1, 120, 120],
      [1, 140, 140],
      [1, 160, 160],
      [0, 160, 180],
      [0, 160, 200],
      [0, 160, 220],
      [0, 160, 240],
      [0, 160, 260],
    ];
    expect(statusOf(stopped)).toBe('STOP');
    // The same consumer two rounds after it left: its commits still span longer than its silence.
    expect(statusOf(stopped.slice(0, 6))).toBe('OK');
  });

  it('is STOP when nobody committed at all in the window and there is lag', () => {
    expect(
      statusOf([
        [0, 50, 60],
        [0, 50, 70],
        [0, 50, 80],
      ]),
    ).toBe('STOP');
  });

  it('is REWIND when the committed offset went backwards and never got back', () => {
    expect(
      statusOf([
        [1, 500, 600],
        [1, 520, 620],
        [1, 300, 640],
        [1, 340, 660],
        [1, 380, 680],
      ]),
    ).toBe('REWIND');
  });

  it('is not REWIND once the offset is back past where it went backwards from', () => {
    expect(
      statusOf([
        [1, 500, 600],
        [1, 300, 610],
        [1, 510, 620],
        [1, 560, 630],
      ]),
    ).toBe('OK');
  });

  it('is STALL when a live consumer commits with lag but the offset never moves', () => {
    expect(
      statusOf([
        [1, 700, 750],
        [1, 700, 760],
        [1, 700, 780],
        [1, 700, 800],
        [1, 700, 800],
      ]),
    ).toBe('STALL');
  });

  it('is WARNING when every commit has lag and the lag never decreases although the offset moves', () => {
    expect(
      statusOf([
        [1, 100, 150],
        [1, 110, 170],
        [1, 120, 190],
        [1, 130, 200],
        [1, 140, 210],
      ]),
    ).toBe('WARNING');
  });

  it('is OK when the consumer caught up at some commit in the window (recently caught up)', () => {
    expect(
      statusOf([
        [1, 100, 100],
        [1, 110, 130],
        [1, 120, 150],
        [1, 130, 170],
      ]),
    ).toBe('OK');
  });

  it('does not page for an idle low-traffic topic once a minimum lag is set', () => {
    // One record every few minutes; a batch consumer commits when it runs, then leaves. A record just arrived.
    const lowTraffic: Recorded = [
      [1, 10, 10],
      [0, 10, 10],
      [0, 10, 10],
      [0, 10, 10],
      [0, 10, 10],
      [0, 10, 10],
      [0, 10, 10],
      [0, 10, 11],
    ];
    expect(statusOf(lowTraffic)).toBe('STOP');
    expect(statusOf(lowTraffic, 10)).toBe('OK');
    const evaluation = evaluateCondition(burrow(10), recordedWindow(lowTraffic), '*', NOW_MS);
    expect(evaluation?.breached).toBe(false);
  });

  it('rates the group by its worst partition, STOP, STALL and REWIND counting as ERROR', () => {
    const windows = [
      { topic: 'a', partition: 0, currentLag: 0, commits: [{ atMs: NOW_MS - 60_000, offset: 1, lag: 0 }] },
      {
        topic: 'a',
        partition: 1,
        currentLag: 50,
        commits: [1, 2, 3].map((i) => ({ atMs: NOW_MS - 60_000 + i * 15_000, offset: 10 * i, lag: 40 + i })),
      },
      {
        topic: 'b',
        partition: 0,
        currentLag: 20,
        commits: [1, 2, 3].map((i) => ({ atMs: NOW_MS - 60_000 + i * 15_000, offset: 5, lag: 20 })),
      },
    ];
    expect(windows.map((window) => partitionStatus(window, NOW_MS, 0))).toEqual(['OK', 'WARNING', 'STALL']);
    const status = groupStatus(windows, NOW_MS, 0);
    expect(status).toMatchObject({ status: 'STALL', level: 'error', counts: { OK: 1, WARNING: 1, STALL: 1, STOP: 0, REWIND: 0 } });
    expect(status.partitions.map((partition) => partition.status)).toEqual(['STALL', 'WARNING']);
  });

  it('counts a sample as a commit only while the group has members or the offset moved', () => {
    const windows = partitionWindows(
      recordedWindow([
        [0, 5, 5],
        [0, 5, 6],
        [0, 7, 9],
        [1, 7, 9],
      ]),
    );
    expect(windows[0].commits.map((commit) => commit.offset)).toEqual([7, 7]);
    expect(windows[0].currentLag).toBe(2);
  });

  it('fires a level "error" rule on ERROR only, and a "warning" rule on WARNING too', () => {
    const warning = recordedWindow([
      [1, 100, 150],
      [1, 110, 170],
      [1, 120, 190],
      [1, 130, 200],
    ]);
    expect(evaluateCondition({ ...burrow(), level: 'error' } as AlertCondition, warning, '*', NOW_MS)?.breached).toBe(false);
    expect(evaluateCondition(burrow(), warning, '*', NOW_MS)?.breached).toBe(true);
  });
});
