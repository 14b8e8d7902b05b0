import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../kafka/murmur2.ts';
import { createTargetPartitioner } from './replay-target-partition.ts';

describe('replay target partition', () => {
  it('places keyed records as Kafka default partitioner does and unkeyed ones round robin', () => {
    const byKey = createTargetPartitioner('key', 6);
    const key = Buffer.from('order-42');
    expect(byKey({ partition: 3, key })).toBe(partitionForKey(key, 6));
    expect([0, 1, 2].map(() => byKey({ partition: 0, key: null }))).toEqual([0, 1, 2]);
  });

  it('keeps the partition number, and refuses one the target does not have', () => {
    const same = createTargetPartitioner('same', 2);
    expect(same({ partition: 1, key: null })).toBe(1);
    expect(() => same({ partition: 2, key: null })).toThrow(/no partition 2/);
  });

  it('goes round robin over every target partition whatever the key', () => {
    const roundRobin = createTargetPartitioner('roundRobin', 3);
    const placed = Array.from({ length: 6 }, () => roundRobin({ partition: 0, key: Buffer.from('same-key') }));
    expect(placed).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
