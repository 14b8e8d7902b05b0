import { describe, expect, it } from 'vitest';
import { estimateReprocessing, planPartitionReset, resetCommandLine } from './reset-plan.ts';

const base = { topic: 'orders', partition: 0, logStartOffset: 10, endOffset: 100, currentOffset: 60 };

describe('planPartitionReset', () => {
  it('moves to the log start or the end', () => {
    expect(planPartitionReset(base, { kind: 'earliest' })).toMatchObject({
      newOffset: 10,
      lagBefore: 40,
      lagAfter: 90,
      recordsReprocessed: 50,
      recordsSkipped: 0,
    });
    expect(planPartitionReset(base, { kind: 'latest' })).toMatchObject({ newOffset: 100, lagAfter: 0, recordsSkipped: 40 });
  });
  it('clamps offsets and shifts to [log start, end] as Kafka does', () => {
    expect(planPartitionReset(base, { kind: 'offset', offset: 5 })).toMatchObject({ newOffset: 10, clamped: true });
    expect(planPartitionReset(base, { kind: 'offset', offset: 500 })).toMatchObject({ newOffset: 100, clamped: true });
    expect(planPartitionReset(base, { kind: 'shift', by: -20 })).toMatchObject({ newOffset: 40, clamped: false, recordsReprocessed: 20 });
    expect(planPartitionReset(base, { kind: 'shift', by: -200 })).toMatchObject({ newOffset: 10, clamped: true });
  });
  it('takes a per-partition offset over the common one', () => {
    expect(planPartitionReset(base, { kind: 'offset', offset: 50, perPartition: { 'orders/0': 70 } }).newOffset).toBe(70);
  });
  it('falls back to the end offset when no record is at or after the time', () => {
    expect(planPartitionReset({ ...base, offsetForTime: null }, { kind: 'timestamp', timestampMs: 1 })).toMatchObject({
      newOffset: 100,
      note: expect.stringMatching(/end offset/),
    });
    expect(planPartitionReset({ ...base, offsetForTime: 33 }, { kind: 'durationBack', durationMs: 7_200_000 }).newOffset).toBe(33);
  });
  it("copies another group's offset and keeps the own where it has none", () => {
    expect(planPartitionReset({ ...base, otherGroupOffset: 20 }, { kind: 'group', groupId: 'g2' }).newOffset).toBe(20);
    expect(planPartitionReset({ ...base, otherGroupOffset: null }, { kind: 'group', groupId: 'g2' })).toMatchObject({
      newOffset: 60,
      recordsReprocessed: 0,
      recordsSkipped: 0,
    });
  });
  it("has no shift where the group never committed, as Kafka's tool (the service refuses such a scope first)", () => {
    expect(() => planPartitionReset({ ...base, currentOffset: null }, { kind: 'shift', by: 5 })).toThrow(
      /No committed offset to shift from on orders\/0/,
    );
  });
});

describe('resetCommandLine', () => {
  it("writes Kafka's tool's flags", () => {
    expect(
      resetCommandLine({
        bootstrapServers: 'b:9092',
        groupId: 'billing',
        target: { kind: 'timestamp', timestampMs: Date.parse('2026-01-02T03:04:05.678Z') },
        scope: { topic: 'orders', partitions: [0, 2] },
      }),
    ).toBe(
      'kafka-consumer-groups.sh --bootstrap-server b:9092 --group billing --reset-offsets --to-datetime 2026-01-02T03:04:05.678+00:00 --topic orders:0,2 --dry-run',
    );
    expect(
      resetCommandLine({
        bootstrapServers: 'b:9092',
        groupId: 'my group',
        target: { kind: 'durationBack', durationMs: 7_200_000 },
        scope: 'all',
      }),
    ).toBe(
      "kafka-consumer-groups.sh --bootstrap-server b:9092 --group 'my group' --reset-offsets --by-duration PT2H0M0S --all-topics --dry-run",
    );
    expect(resetCommandLine({ bootstrapServers: 'b', groupId: 'g', target: { kind: 'shift', by: -5 }, scope: { topic: 't' } })).toContain(
      '--shift-by -5 --topic t --dry-run',
    );
  });
});

describe('estimateReprocessing', () => {
  it('divides the records to read again by the rate the group last consumed at', () => {
    const estimate = estimateReprocessing([{ recordsReprocessed: 600 }, { recordsReprocessed: 300 }], {
      consumedPerSecond: 15,
      measuredAtMs: 1_000,
    });
    expect(estimate).toEqual({ recordsReprocessed: 900, consumedPerSecond: 15, rateMeasuredAtMs: 1_000, estimatedMs: 60_000 });
  });

  it('has no estimate without a rate, rather than a time of 0', () => {
    expect(estimateReprocessing([{ recordsReprocessed: 10 }], null)).toMatchObject({ estimatedMs: null, consumedPerSecond: null });
    expect(estimateReprocessing([{ recordsReprocessed: 0 }], null)).toMatchObject({ estimatedMs: 0 });
  });
});
