// Where a copied record goes in the target topic: by key as Kafka's default partitioner (murmur2; a record
// without a key goes round robin, as it has no key to hash), the source's partition number, or round robin.
import type { ReplayPartitioning } from '../../domain/replay.ts';
import { partitionForKey } from '../kafka/murmur2.ts';

export type TargetPartitioner = (record: { partition: number; key: Buffer | null }) => number;

export function createTargetPartitioner(mode: ReplayPartitioning, targetPartitionCount: number): TargetPartitioner {
  if (targetPartitionCount < 1) throw new Error('the target topic has no partitions');
  let next = 0;
  const roundRobin = () => {
    const partition = next;
    next = (next + 1) % targetPartitionCount;
    return partition;
  };
  if (mode === 'same') {
    return (record) => {
      // The plan refuses "same" when the target has fewer partitions; a target shrunk since cannot happen in Kafka.
      if (record.partition >= targetPartitionCount) throw new Error(`the target topic has no partition ${record.partition}`);
      return record.partition;
    };
  }
  if (mode === 'key') return (record) => (record.key === null ? roundRobin() : partitionForKey(record.key, targetPartitionCount));
  return () => roundRobin();
}
