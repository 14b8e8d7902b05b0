import { describe, expect, it } from 'vitest';
import { calculateGroupLag, calculatePartitionLag } from './group-lag.ts';

const ends = (logStartOffset: number, endOffset: number) => ({ logStartOffset, endOffset });

describe('calculatePartitionLag', () => {
  it('is the end offset minus the committed offset inside the log', () => {
    expect(calculatePartitionLag({ offset: 40, metadata: null }, ends(10, 100))).toEqual({ kind: 'ok', lag: 60, lostRecords: null });
    expect(calculatePartitionLag({ offset: 100, metadata: null }, ends(10, 100))).toEqual({ kind: 'ok', lag: 0, lostRecords: null });
  });
  it('says there is no commit rather than a lag of 0', () => {
    expect(calculatePartitionLag(undefined, ends(0, 5)).kind).toBe('noCommit');
    expect(calculatePartitionLag({ offset: -1, metadata: null }, ends(0, 5)).kind).toBe('noCommit');
  });
  it('counts the records lost to retention below the log start', () => {
    expect(calculatePartitionLag({ offset: 3, metadata: null }, ends(10, 25))).toEqual({ kind: 'belowLogStart', lag: 15, lostRecords: 7 });
  });
  it('flags a commit past the end', () => {
    expect(calculatePartitionLag({ offset: 30, metadata: null }, ends(0, 25))).toEqual({ kind: 'aboveEnd', lag: null, lostRecords: null });
  });
  it('flags a partition the cluster gave no offsets for', () => {
    expect(calculatePartitionLag({ offset: 3, metadata: null }, undefined).kind).toBe('unknownEnd');
  });
});

describe('calculateGroupLag', () => {
  it('lists assigned partitions without commits and sums only the measurable lag per topic', () => {
    const lag = calculateGroupLag({
      committed: new Map([
        [
          'orders',
          new Map([
            [0, { offset: 5, metadata: 'm' }],
            [1, { offset: 1, metadata: null }],
          ]),
        ],
      ]),
      ends: new Map([
        [
          'orders',
          new Map([
            [0, ends(0, 8)],
            [1, ends(4, 9)],
            [2, ends(0, 3)],
          ]),
        ],
      ]),
      assigned: new Map([['orders', new Map([[0, 'member-a']])]]),
    });
    expect(lag).toHaveLength(1);
    expect(lag[0].partitions.map((p) => [p.partition, p.kind, p.lag, p.memberId])).toEqual([
      [0, 'ok', 3, 'member-a'],
      [1, 'belowLogStart', 5, null],
      [2, 'noCommit', null, null],
    ]);
    expect(lag[0].lag).toBe(3);
    expect(lag[0].edgeCases).toBe(2);
    expect(lag[0].partitions[0].metadata).toBe('m');
  });
});
