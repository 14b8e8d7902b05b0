// Per partition: log start offset, end offset (high watermark) and the record with the largest timestamp,
// from ListOffsets with Kafka's special timestamps. Bounded: at most partitionsPerRequest per call.
import { type FetchIsolationLevelValue, FetchIsolationLevels } from '@platformatic/kafka';
import type { ClusterClient, TopicInfo } from './cluster-client.ts';

const EARLIEST = -2n;
const LATEST = -1n;
/** ListOffsets v7+ (KIP-734): the offset and timestamp of the record with the largest timestamp. */
const MAX_TIMESTAMP = -3n;
const partitionsPerRequest = 5_000;

export interface PartitionOffsets {
  logStartOffset: number;
  endOffset: number;
  /** Timestamp of the newest record by time; null when the partition is empty or the cluster cannot say. */
  lastRecordTimestampMs: number | null;
  /** Timestamp of the first record still kept (asked only on request); null when empty or unknown. */
  oldestRecordTimestampMs: number | null;
}

export interface TopicOffsets {
  /** topic -> partition -> offsets */
  byTopic: Map<string, Map<number, PartitionOffsets>>;
  /** Why last-record timestamps are missing, when the cluster refused MAX_TIMESTAMP. */
  lastRecordTimestampUnavailableReason: string | null;
}

type Listed = Map<string, Map<number, { offset: bigint; timestamp: bigint }>>;

export async function listPartitionOffsets(
  client: ClusterClient,
  topics: TopicInfo[],
  options: { lastRecordTimestamps?: boolean; oldestRecordTimestamps?: boolean } = {},
): Promise<TopicOffsets> {
  const earliest = await listAt(client, topics, EARLIEST);
  const latest = await listAt(client, topics, LATEST);
  // Timestamp 0 finds the first record with a timestamp >= 0: the oldest kept record, with its timestamp.
  const oldest = options.oldestRecordTimestamps ? await listAt(client, topics, 0n).catch(() => null) : null;
  let newest: Listed | null = null;
  let reason: string | null = null;
  if (options.lastRecordTimestamps ?? true) {
    try {
      newest = await listAt(client, topics, MAX_TIMESTAMP);
    } catch (error) {
      // Clusters before Kafka 3.0 do not know MAX_TIMESTAMP; offsets are still worth showing.
      reason = `The cluster did not answer ListOffsets MAX_TIMESTAMP: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const byTopic = new Map<string, Map<number, PartitionOffsets>>();
  for (const topic of topics) {
    const partitions = new Map<number, PartitionOffsets>();
    for (const { partition } of topic.partitions) {
      const start = earliest.get(topic.name)?.get(partition);
      const end = latest.get(topic.name)?.get(partition);
      if (!start || !end) continue;
      const max = newest?.get(topic.name)?.get(partition);
      const first = oldest?.get(topic.name)?.get(partition);
      partitions.set(partition, {
        logStartOffset: Number(start.offset),
        endOffset: Number(end.offset),
        lastRecordTimestampMs: max && max.offset >= 0n && max.timestamp >= 0n ? Number(max.timestamp) : null,
        oldestRecordTimestampMs: first && first.offset >= 0n && first.timestamp >= 0n ? Number(first.timestamp) : null,
      });
    }
    byTopic.set(topic.name, partitions);
  }
  return { byTopic, lastRecordTimestampUnavailableReason: reason };
}

/**
 * topic -> partition -> last stable offset: ListOffsets LATEST with isolation level READ_COMMITTED, the offset
 * a READ_COMMITTED consumer reads up to (below the first record of a transaction still open).
 */
export async function listLastStableOffsets(client: ClusterClient, topics: TopicInfo[]): Promise<Map<string, Map<number, number>>> {
  const listed = await listAt(client, topics, LATEST, FetchIsolationLevels.READ_COMMITTED);
  const result = new Map<string, Map<number, number>>();
  for (const [topic, partitions] of listed) {
    const offsets = new Map<number, number>();
    for (const [partition, { offset }] of partitions) if (offset >= 0n) offsets.set(partition, Number(offset));
    result.set(topic, offsets);
  }
  return result;
}

async function listAt(
  client: ClusterClient,
  topics: TopicInfo[],
  timestamp: bigint,
  isolationLevel: FetchIsolationLevelValue = FetchIsolationLevels.READ_UNCOMMITTED,
): Promise<Listed> {
  const result: Listed = new Map();
  for (const batch of batchesOfPartitions(topics)) {
    const listed = await client.call('list offsets', () =>
      client.admin.listOffsets({
        isolationLevel,
        topics: batch.map((topic) => ({ name: topic.name, partitions: topic.partitions.map((p) => ({ partitionIndex: p, timestamp })) })),
      }),
    );
    for (const topic of listed) {
      const partitions = result.get(topic.name) ?? new Map();
      for (const partition of topic.partitions)
        partitions.set(partition.partitionIndex, { offset: partition.offset, timestamp: partition.timestamp });
      result.set(topic.name, partitions);
    }
  }
  return result;
}

/** Splits topics so no request carries more than partitionsPerRequest partitions (a big topic goes alone). */
function batchesOfPartitions(topics: TopicInfo[]): { name: string; partitions: number[] }[][] {
  const batches: { name: string; partitions: number[] }[][] = [];
  let current: { name: string; partitions: number[] }[] = [];
  let count = 0;
  for (const topic of topics) {
    // The Admin routes ListOffsets by its own metadata, which leaves out internal topics: they show no offsets.
    if (topic.internal) continue;
    // A partition without a leader cannot answer ListOffsets; it is reported without offsets.
    const partitions = topic.partitions.filter((p) => p.leader >= 0).map((p) => p.partition);
    if (partitions.length === 0) continue;
    if (count + partitions.length > partitionsPerRequest && current.length > 0) {
      batches.push(current);
      current = [];
      count = 0;
    }
    current.push({ name: topic.name, partitions });
    count += partitions.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
