// Marks for the partition layout, in words: under-replicated (ISR smaller than the replica set), offline
// (no leader), and skew (a partition's size, or a broker's share of leaders, far from the mean). Pure.

/** A partition is "skewed" when its size is more than this many times the topic's mean (and big enough to matter). */
export const sizeSkewFactor = 2;
/** Sizes under this are never called skewed: a few KiB apart is noise, not imbalance. */
export const minSkewedSizeBytes = 1024 * 1024;
/** A broker leads "too many" partitions when above mean * factor and at least 2 more than the mean. */
export const leaderSkewFactor = 1.5;

export interface PartitionPlacement {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  /** Largest replica size; null when the cluster cannot report sizes. */
  sizeBytes: number | null;
}

export type PartitionMark = 'under-replicated' | 'offline' | 'size skew';

export interface BrokerLoad {
  brokerId: number;
  leaders: number;
  replicas: number;
  /** True when this broker leads far more partitions of this topic than the mean broker. */
  leaderSkew: boolean;
}

export function partitionMarks(partition: PartitionPlacement, meanSizeBytes: number | null): PartitionMark[] {
  const marks: PartitionMark[] = [];
  if (partition.leader < 0 || !partition.replicas.includes(partition.leader)) marks.push('offline');
  if (partition.isr.length < partition.replicas.length) marks.push('under-replicated');
  if (
    partition.sizeBytes !== null &&
    meanSizeBytes !== null &&
    partition.sizeBytes >= minSkewedSizeBytes &&
    partition.sizeBytes > meanSizeBytes * sizeSkewFactor
  ) {
    marks.push('size skew');
  }
  return marks;
}

export function meanSize(partitions: PartitionPlacement[]): number | null {
  const sizes = partitions.map((partition) => partition.sizeBytes);
  if (sizes.length === 0 || sizes.some((size) => size === null)) return null;
  return (sizes as number[]).reduce((sum, size) => sum + size, 0) / sizes.length;
}

/** Leaders and replicas per broker, every broker listed (a broker with none shows as 0, which is itself a sign). */
export function brokerLoads(partitions: PartitionPlacement[], brokerIds: number[]): BrokerLoad[] {
  const loads = new Map(brokerIds.map((brokerId) => [brokerId, { brokerId, leaders: 0, replicas: 0, leaderSkew: false }]));
  for (const partition of partitions) {
    for (const replica of partition.replicas) {
      const load = loads.get(replica) ?? { brokerId: replica, leaders: 0, replicas: 0, leaderSkew: false };
      load.replicas++;
      loads.set(replica, load);
    }
    const leader = loads.get(partition.leader);
    if (leader) leader.leaders++;
  }
  const all = [...loads.values()].sort((a, b) => a.brokerId - b.brokerId);
  if (all.length > 1) {
    const meanLeaders = partitions.length / all.length;
    for (const load of all) load.leaderSkew = load.leaders > meanLeaders * leaderSkewFactor && load.leaders >= meanLeaders + 2;
  }
  return all;
}
