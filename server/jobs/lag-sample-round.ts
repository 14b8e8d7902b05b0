// One sampling round of one cluster: every consumer group's committed offsets, lag and exact time lag per
// partition, and every topic's log start / end offsets and bytes on disk. Reads through the Kafka protocol
// only (ListGroups, DescribeGroups, OffsetFetch, ListOffsets, DescribeLogDirs, Fetch), so it works on any
// cluster. Bounded: at most MAX_GROUPS_PER_ROUND groups; the time-lag fetches are batched per topic and
// leader (one offset per partition per Fetch) and cached per (topic id, partition, offset), since the record
// at an offset never changes: a stopped group costs no fetch after its first round.
import type { ClusterClient, TopicInfo } from '../kafka/cluster-client.ts';
import { describeConsumerGroups, fetchCommittedOffsets, listConsumerGroups } from '../kafka/consumer-groups.ts';
import { calculateGroupLag, type PartitionLag } from '../kafka/group-lag.ts';
import { listPartitionOffsets, type PartitionOffsets } from '../kafka/partition-offsets.ts';
import { describePartitionSizes } from '../kafka/partition-sizes.ts';
import type { RecordFetcher } from '../kafka/record-fetcher.ts';
import type { TimestampCache } from './timestamp-cache.ts';

export const MAX_GROUPS_PER_ROUND = 10_000;
/** Fetch requests in flight at once for time lag. */
const FETCHES_IN_FLIGHT = 8;
/** Per partition in a time-lag Fetch: enough for the batch holding the offset in most topics. */
const PARTITION_FETCH_MAX_BYTES = 64 * 1024;
/** Per Fetch request: bounds the memory of one response. */
const FETCH_MAX_BYTES = 8 * 1024 * 1024;
/** Partitions in one time-lag Fetch request. */
const PARTITIONS_PER_FETCH = 100;

export interface SampledPartition {
  partition: number;
  committedOffset: number | null;
  /** Null when not measurable (see PartitionLag.kind). */
  lag: number | null;
  timeLagMs: number | null;
}

export interface SampledGroupTopic {
  topic: string;
  lag: number;
  timeLagMs: number | null;
  partitions: SampledPartition[];
}

export interface SampledGroup {
  groupId: string;
  state: string;
  members: number;
  topics: SampledGroupTopic[];
}

export interface SampledTopic {
  topic: string;
  partitions: { partition: number; logStartOffset: number | null; endOffset: number | null; sizeBytes: number | null }[];
}

export interface ClusterSample {
  clusterId: string;
  sampledAtMs: number;
  brokers: number;
  groups: SampledGroup[];
  topics: SampledTopic[];
  /** Groups beyond MAX_GROUPS_PER_ROUND, not sampled. */
  groupsLeftOut: number;
}

export async function sampleCluster(
  clusterId: string,
  client: ClusterClient,
  fetcher: RecordFetcher,
  timestamps: TimestampCache,
  sampledAtMs: number,
): Promise<ClusterSample> {
  const metadata = await client.describeCluster();
  const listing = await listConsumerGroups(client);
  const groupIds = listing.map((group) => group.groupId).sort();
  const sampledIds = groupIds.slice(0, MAX_GROUPS_PER_ROUND);
  const descriptions = await describeConsumerGroups(client, sampledIds);
  const committed = await fetchCommittedOffsets(client, sampledIds);
  const offsets = (await listPartitionOffsets(client, metadata.topics, { lastRecordTimestamps: false })).byTopic;
  const sizes = await readSizes(client, metadata.topics);
  const topicsByName = new Map(metadata.topics.map((topic) => [topic.name, topic]));
  const lags = sampledIds.map((groupId) => {
    const description = descriptions.get(groupId);
    const assigned = new Map<string, Map<number, string>>();
    for (const member of description?.members ?? []) {
      for (const assignment of member.assignments) {
        const partitions = assigned.get(assignment.topic) ?? new Map<number, string>();
        for (const partition of assignment.partitions) partitions.set(partition, member.memberId);
        assigned.set(assignment.topic, partitions);
      }
    }
    return { groupId, description, lag: calculateGroupLag({ committed: committed.get(groupId) ?? new Map(), ends: offsets, assigned }) };
  });
  const wanted = lags.flatMap(({ lag }) => lag.flatMap((topic) => topic.partitions.flatMap((p) => timeLagTarget(p, topicsByName) ?? [])));
  await fillTimestamps(fetcher, timestamps, wanted);
  const groups: SampledGroup[] = lags.map(({ groupId, description, lag }) => ({
    groupId,
    state: description?.state ?? 'Dead',
    members: description?.members.length ?? 0,
    topics: lag.map((topicLag) => {
      const topic = topicsByName.get(topicLag.topic);
      const partitions = topicLag.partitions.map((p) => ({
        partition: p.partition,
        committedOffset: p.committedOffset,
        lag: p.lag,
        timeLagMs: timeLagOf(p, topic, timestamps, sampledAtMs),
      }));
      return { topic: topicLag.topic, lag: topicLag.lag, timeLagMs: worst(partitions.map((p) => p.timeLagMs)), partitions };
    }),
  }));
  return {
    clusterId,
    sampledAtMs,
    brokers: metadata.brokers.length,
    groups,
    topics: metadata.topics.map((topic) => sampledTopic(topic, offsets.get(topic.name), sizes)),
    groupsLeftOut: groupIds.length - sampledIds.length,
  };
}

function sampledTopic(
  topic: TopicInfo,
  offsets: Map<number, PartitionOffsets> | undefined,
  sizes: Map<string, number> | null,
): SampledTopic {
  return {
    topic: topic.name,
    partitions: topic.partitions.map(({ partition }) => {
      const bounds = offsets?.get(partition);
      return {
        partition,
        logStartOffset: bounds?.logStartOffset ?? null,
        endOffset: bounds?.endOffset ?? null,
        sizeBytes: sizes ? (sizes.get(`${topic.name}/${partition}`) ?? null) : null,
      };
    }),
  };
}

/** "topic/partition" -> bytes on disk over all replicas; null when the cluster does not answer DescribeLogDirs. */
async function readSizes(client: ClusterClient, topics: TopicInfo[]): Promise<Map<string, number> | null> {
  try {
    const sizes = new Map<string, number>();
    for (const replica of await describePartitionSizes(client, topics)) {
      const key = `${replica.topic}/${replica.partition}`;
      sizes.set(key, (sizes.get(key) ?? 0) + replica.sizeBytes);
    }
    return sizes;
  } catch {
    // Sizes are a nice-to-have (the topic page's bytes chart); offsets and lag are still sampled.
    return null;
  }
}

interface TimeLagTarget {
  topic: TopicInfo;
  partition: number;
  offset: number;
}

/** The offset whose record's timestamp is the time lag; null when caught up or not measurable. */
function timeLagTarget(partition: PartitionLag, topics: Map<string, TopicInfo>): TimeLagTarget | null {
  const topic = topics.get(partition.topic);
  if (!topic || (partition.lag ?? 0) <= 0) return null;
  if (partition.kind === 'ok') return { topic, partition: partition.partition, offset: partition.committedOffset! };
  if (partition.kind === 'belowLogStart') return { topic, partition: partition.partition, offset: partition.logStartOffset! };
  return null;
}

function timeLagOf(partition: PartitionLag, topic: TopicInfo | undefined, timestamps: TimestampCache, nowMs: number): number | null {
  if ((partition.kind === 'ok' || partition.kind === 'belowLogStart') && partition.lag === 0) return 0;
  const target = topic ? timeLagTarget(partition, new Map([[topic.name, topic]])) : null;
  if (!target || !topic) return null;
  const timestampMs = timestamps.get(topic.id, target.partition, target.offset);
  return timestampMs === undefined ? null : Math.max(0, nowMs - timestampMs);
}

/**
 * Reads the timestamps not yet cached: one Fetch per (topic, leader, up to PARTITIONS_PER_FETCH partitions),
 * one offset per partition in each, FETCHES_IN_FLIGHT at once. A partition whose record did not come back
 * (a batch bigger than the per-partition bound, an error) stays unknown this round.
 */
async function fillTimestamps(fetcher: RecordFetcher, cache: TimestampCache, wanted: TimeLagTarget[]): Promise<void> {
  const requests = new Map<string, { topic: TopicInfo; leader: number; positions: Map<number, bigint> }[]>();
  const seen = new Set<string>();
  for (const target of wanted) {
    const key = `${target.topic.id}/${target.partition}/${target.offset}`;
    if (seen.has(key) || cache.get(target.topic.id, target.partition, target.offset) !== undefined) continue;
    seen.add(key);
    const leader = target.topic.partitions.find((p) => p.partition === target.partition)?.leader ?? -1;
    if (leader < 0) continue;
    const listKey = `${target.topic.name}\u0000${leader}`;
    const list = requests.get(listKey) ?? [];
    // A partition wanted at two offsets (two groups) goes into two requests.
    let request = list.find((candidate) => !candidate.positions.has(target.partition) && candidate.positions.size < PARTITIONS_PER_FETCH);
    if (!request) {
      request = { topic: target.topic, leader, positions: new Map() };
      list.push(request);
    }
    request.positions.set(target.partition, BigInt(target.offset));
    requests.set(listKey, list);
  }
  const queue = [...requests.values()].flat();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const { topic, leader, positions } = queue[next++];
      try {
        const chunks = await fetcher.fetchMany({ name: topic.name, id: topic.id }, leader, positions, {
          isolation: 'READ_UNCOMMITTED',
          maxBytes: Math.min(FETCH_MAX_BYTES, PARTITION_FETCH_MAX_BYTES * positions.size),
          partitionMaxBytes: PARTITION_FETCH_MAX_BYTES,
          maxWaitMs: 0,
        });
        for (const [partition, chunk] of chunks) {
          const record = chunk.records[0];
          if (record) cache.set(topic.id, partition, Number(positions.get(partition)!), record.timestampMs);
        }
      } catch {
        // Time lag of these partitions is unknown this round; offsets and lag are still sampled.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCHES_IN_FLIGHT, queue.length) }, worker));
}

function worst(values: (number | null)[]): number | null {
  let result: number | null = null;
  for (const value of values) if (value !== null && (result === null || value > result)) result = value;
  return result;
}
