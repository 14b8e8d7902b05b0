import { describe, expect, it } from 'vitest';
import { brokerLoads, meanSize, partitionMarks, type PartitionPlacement } from './partition-health.ts';

const MiB = 1024 * 1024;

function placement(partition: number, leader: number, replicas: number[], isr: number[], sizeBytes: number | null = 0): PartitionPlacement {
  return { partition, leader, replicas, isr, sizeBytes };
}

describe('partition marks', () => {
  it('marks a partition whose ISR lost a replica as under-replicated', () => {
    expect(partitionMarks(placement(0, 1, [1, 2, 3], [1, 2]), 0)).toEqual(['under-replicated']);
  });

  it('marks a partition without a leader as offline', () => {
    expect(partitionMarks(placement(0, -1, [3], []), 0)).toEqual(['offline', 'under-replicated']);
  });

  it('marks a partition far bigger than the mean as size skew, but not small ones', () => {
    const partitions = [placement(0, 1, [1], [1], 10 * MiB), placement(1, 1, [1], [1], MiB), placement(2, 1, [1], [1], MiB)];
    const mean = meanSize(partitions);
    expect(partitionMarks(partitions[0], mean)).toEqual(['size skew']);
    expect(partitionMarks(partitions[1], mean)).toEqual([]);
    expect(partitionMarks(placement(0, 1, [1], [1], 900 * 1024), 100)).toEqual([]);
  });

  it('has no mean size when a size is unknown', () => {
    expect(meanSize([placement(0, 1, [1], [1], null), placement(1, 1, [1], [1], 5)])).toBeNull();
  });
});

describe('broker loads', () => {
  it('counts leaders and replicas per broker and flags a broker leading far more than the mean', () => {
    const partitions = Array.from({ length: 9 }, (_, index) => placement(index, index < 7 ? 1 : 2, [1, 2, 3], [1, 2, 3]));
    const loads = brokerLoads(partitions, [1, 2, 3]);
    expect(loads).toEqual([
      { brokerId: 1, leaders: 7, replicas: 9, leaderSkew: true },
      { brokerId: 2, leaders: 2, replicas: 9, leaderSkew: false },
      { brokerId: 3, leaders: 0, replicas: 9, leaderSkew: false },
    ]);
  });

  it('never flags skew on a single broker', () => {
    expect(brokerLoads([placement(0, 1, [1], [1]), placement(1, 1, [1], [1])], [1])[0].leaderSkew).toBe(false);
  });
});
