// What the group pages show, assembled from the protocol: descriptions, committed offsets, partition bounds
// (ListOffsets) and the pure lag maths; time lag on request (one small fetch per lagging partition).
import type { ClusterClient, TopicInfo } from '../../kafka/cluster-client.ts';
import {
  describeConsumerGroups,
  fetchCommittedOffsets,
  type GroupDescription,
  type GroupMemberDescription,
} from '../../kafka/consumer-groups.ts';
import { type CatchUp, type ConsumptionRate, catchUpOf, type OffsetsSample } from '../../kafka/consumption-rate.ts';
import { calculateGroupLag, type PartitionEnds, type PartitionLag, type TopicLag } from '../../kafka/group-lag.ts';
import { listLastStableOffsets, listPartitionOffsets } from '../../kafka/partition-offsets.ts';
import { RecordFetcher } from '../../kafka/record-fetcher.ts';
import { readRecordTimestamps, type OffsetToTime } from '../../kafka/record-timestamps.ts';
import { estimateOffsetWriteTime } from '../../lag-history/offset-write-time.ts';
import type { ServiceContext } from '../service-context.ts';

export type TimeLagKind =
  /** now - timestamp of the record at the committed offset. */
  | 'measured'
  /** Nothing left to read. */
  | 'caughtUp'
  /**
   * The record at the committed offset is gone (retention, DeleteRecords): when it was written is interpolated
   * from the lag history's sampled end offsets (lag-history/offset-write-time.ts), an estimate.
   */
  | 'estimated'
  /** The record at the committed offset is gone and the history does not reach back to it: measured from the
   * oldest record kept, so at least this. */
  | 'fromLogStart'
  /** The group never committed here: there is no first unconsumed record to measure from. */
  | 'noCommit'
  /** Committed past the end: the consumer will reset, there is no record at the commit. */
  | 'aboveEnd'
  /** The cluster gave no offsets for the partition. */
  | 'unknownEnd'
  /** Time lag was not asked for, or the record at the commit could not be read. */
  | 'unknown';

export interface PartitionReport extends PartitionLag {
  timeLagMs: number | null;
  timeLagKind: TimeLagKind;
  /**
   * The last stable offset (ListOffsets READ_COMMITTED): a READ_COMMITTED consumer reads only below it, so an
   * open transaction holds it under the end offset. null when not asked for or not known.
   */
  lastStableOffset: number | null;
  /** Lag of a READ_COMMITTED consumer: lastStableOffset - committedOffset (kind 'ok' only). */
  stableLag: number | null;
}

export interface TopicReport extends Omit<TopicLag, 'partitions'> {
  partitions: PartitionReport[];
  /** The worst partition's time lag; null when none is known. */
  timeLagMs: number | null;
}

export type GroupStatus = 'caught up' | 'behind' | 'stopped' | 'idle' | 'rebalancing' | 'records lost' | 'dead';

export interface GroupReport {
  groupId: string;
  state: string;
  protocolType: string;
  /** "classic" or "consumer" (a KIP-848 group, group.protocol=consumer). */
  type: string;
  /** The assignor of an active group (a KIP-848 group's server-side one). */
  protocol: string;
  members: GroupMemberDescription[];
  topics: TopicReport[];
  /** Sum of measurable lag (partitions of kind 'ok'). */
  lag: number;
  /** Partitions whose lag is not measurable (no commit, below log start, above end, unknown end). */
  edgeCases: number;
  /** The worst partition's time lag; null when none is known or it was not asked for. */
  timeLagMs: number | null;
  status: GroupStatus;
  /** Between the console's last two looks at the group (at least MIN_RATE_WINDOW_MS apart); null before. */
  consumption: ConsumptionRate | null;
  /** "catches up in about N min" / "falling behind", from lag and consumption. */
  catchUp: CatchUp;
}

/**
 * Reports for the given groups; time lag only when asked (it costs one fetch per lagging partition), last
 * stable offsets only when asked (one more ListOffsets). Each report is also a consumption-rate sample.
 */
export async function buildGroupReports(
  ctx: Pick<ServiceContext, 'clusters' | 'db'>,
  clusterId: string,
  groupIds: string[],
  options: { timeLag: boolean; stableOffsets?: boolean; descriptions?: Map<string, GroupDescription> },
): Promise<GroupReport[]> {
  if (groupIds.length === 0) return [];
  const client = await ctx.clusters.client(clusterId);
  const metadata = await ctx.clusters.metadata(clusterId);
  const descriptions = options.descriptions ?? (await describeConsumerGroups(client, groupIds));
  const committed = await fetchCommittedOffsets(client, groupIds);
  const topicsByName = new Map(metadata.topics.map((topic) => [topic.name, topic]));
  const wantedTopics = new Set<string>();
  for (const groupId of groupIds) {
    for (const topic of committed.get(groupId)?.keys() ?? []) wantedTopics.add(topic);
    for (const member of descriptions.get(groupId)?.members ?? [])
      for (const assignment of member.assignments) wantedTopics.add(assignment.topic);
  }
  const wantedInfos = [...wantedTopics].flatMap((name) => topicsByName.get(name) ?? []);
  const ends = await readEnds(client, wantedInfos);
  const stable = options.stableOffsets && wantedInfos.length > 0 ? await listLastStableOffsets(client, wantedInfos) : null;
  const reports = groupIds.map((groupId) => {
    const description = descriptions.get(groupId) ?? {
      groupId,
      state: 'Dead',
      protocolType: '',
      type: 'classic',
      protocol: '',
      members: [],
    };
    const assigned = new Map<string, Map<number, string>>();
    for (const member of description.members) {
      for (const assignment of member.assignments) {
        const partitions = assigned.get(assignment.topic) ?? new Map<number, string>();
        for (const partition of assignment.partitions) partitions.set(partition, member.memberId);
        assigned.set(assignment.topic, partitions);
      }
    }
    const lag = calculateGroupLag({ committed: committed.get(groupId) ?? new Map(), ends, assigned });
    return { description, lag };
  });
  const timestamps = options.timeLag
    ? await readTimestamps(
        ctx,
        clusterId,
        topicsByName,
        reports.flatMap((report) => report.lag),
      )
    : new Map<string, number>();
  const nowMs = Date.now();
  const writeTimes = options.timeLag
    ? await estimateGoneRecordTimes(
        ctx,
        clusterId,
        reports.flatMap((report) => report.lag),
      )
    : new Map();
  return reports.map(({ description, lag }) => {
    const report = toReport(description, lag, timestamps, writeTimes, stable, nowMs, options.timeLag);
    const consumption = ctx.clusters.consumption.observe(clusterId, description.groupId, offsetsSample(lag, nowMs));
    return { ...report, consumption, catchUp: catchUpOf(report.lag, consumption) };
  });
}

/** The partitions whose lag is measurable, as a consumption-rate sample. */
function offsetsSample(lag: TopicLag[], atMs: number): OffsetsSample {
  const partitions = new Map<string, { committedOffset: number; endOffset: number }>();
  for (const topic of lag)
    for (const p of topic.partitions)
      if (p.kind === 'ok') partitions.set(`${p.topic}/${p.partition}`, { committedOffset: p.committedOffset!, endOffset: p.endOffset! });
  return { atMs, partitions };
}

async function readEnds(client: ClusterClient, topics: TopicInfo[]): Promise<Map<string, Map<number, PartitionEnds>>> {
  if (topics.length === 0) return new Map();
  const offsets = await listPartitionOffsets(client, topics, { lastRecordTimestamps: false });
  return offsets.byTopic;
}

async function readTimestamps(
  ctx: Pick<ServiceContext, 'clusters'>,
  clusterId: string,
  topicsByName: Map<string, TopicInfo>,
  lags: TopicLag[],
): Promise<Map<string, number>> {
  const wanted = new Map<string, OffsetToTime>();
  for (const topicLag of lags) {
    const topic = topicsByName.get(topicLag.topic);
    if (!topic) continue;
    for (const partition of topicLag.partitions) {
      const from = timeLagFrom(partition);
      if (from !== null) wanted.set(`${topic.name}/${partition.partition}`, { topic, partition: partition.partition, offset: from });
    }
  }
  if (wanted.size === 0) return new Map();
  const fetcher = new RecordFetcher(clusterId, await ctx.clusters.connection(clusterId));
  try {
    return await readRecordTimestamps(fetcher, [...wanted.values()]);
  } finally {
    await fetcher.close().catch(() => {});
  }
}

/** For partitions whose committed record is gone: when it was written, from the lag history (estimates). */
async function estimateGoneRecordTimes(ctx: Pick<ServiceContext, 'db'>, clusterId: string, lags: TopicLag[]): Promise<Map<string, number>> {
  const estimates = new Map<string, number>();
  for (const partition of lags.flatMap((topicLag) => topicLag.partitions)) {
    if (partition.kind !== 'belowLogStart' || !partition.lag) continue;
    const atMs = await estimateOffsetWriteTime(ctx.db, {
      clusterId,
      topic: partition.topic,
      partition: partition.partition,
      offset: partition.committedOffset!,
    });
    if (atMs !== null) estimates.set(`${partition.topic}/${partition.partition}`, atMs);
  }
  return estimates;
}

/** The offset whose record's timestamp gives the time lag; null when there is nothing to read or no commit. */
function timeLagFrom(partition: PartitionLag): number | null {
  if (partition.kind === 'ok' && (partition.lag ?? 0) > 0) return partition.committedOffset;
  if (partition.kind === 'belowLogStart' && (partition.lag ?? 0) > 0) return partition.logStartOffset;
  return null;
}

function toReport(
  description: GroupDescription,
  lag: TopicLag[],
  timestamps: Map<string, number>,
  writeTimes: Map<string, number>,
  stable: Map<string, Map<number, number>> | null,
  nowMs: number,
  timeLagAsked: boolean,
): Omit<GroupReport, 'consumption' | 'catchUp'> {
  const topics: TopicReport[] = lag.map((topicLag) => {
    const partitions = topicLag.partitions.map((partition): PartitionReport => {
      const lastStableOffset = stable?.get(partition.topic)?.get(partition.partition) ?? null;
      const stableLag =
        partition.kind === 'ok' && lastStableOffset !== null ? Math.max(0, lastStableOffset - partition.committedOffset!) : null;
      return { ...partition, ...timeLagOf(partition, timestamps, writeTimes, nowMs), lastStableOffset, stableLag };
    });
    return { ...topicLag, partitions, timeLagMs: worst(partitions.map((p) => p.timeLagMs)) };
  });
  const totalLag = topics.reduce((sum, topic) => sum + topic.lag, 0);
  const edgeCases = topics.reduce((sum, topic) => sum + topic.edgeCases, 0);
  const lost = topics.some((topic) => topic.partitions.some((p) => p.kind === 'belowLogStart'));
  return {
    groupId: description.groupId,
    state: description.state,
    protocolType: description.protocolType,
    type: description.type,
    protocol: description.protocol,
    members: description.members,
    topics,
    lag: totalLag,
    edgeCases,
    timeLagMs: timeLagAsked ? worst(topics.map((t) => t.timeLagMs)) : null,
    status: statusOf(description, totalLag, lost),
  };
}

function timeLagOf(
  partition: PartitionLag,
  timestamps: Map<string, number>,
  writeTimes: Map<string, number>,
  nowMs: number,
): Pick<PartitionReport, 'timeLagMs' | 'timeLagKind'> {
  if ((partition.kind === 'ok' || partition.kind === 'belowLogStart') && partition.lag === 0)
    return { timeLagMs: 0, timeLagKind: 'caughtUp' };
  // Say why there is no record to measure from, rather than a bare "unknown".
  if (partition.kind === 'noCommit' || partition.kind === 'aboveEnd' || partition.kind === 'unknownEnd')
    return { timeLagMs: null, timeLagKind: partition.kind };
  const writtenAtMs = writeTimes.get(`${partition.topic}/${partition.partition}`);
  if (writtenAtMs !== undefined) return { timeLagMs: Math.max(0, nowMs - writtenAtMs), timeLagKind: 'estimated' };
  const timestampMs = timestamps.get(`${partition.topic}/${partition.partition}`);
  if (timestampMs === undefined || timeLagFrom(partition) === null) return { timeLagMs: null, timeLagKind: 'unknown' };
  return { timeLagMs: Math.max(0, nowMs - timestampMs), timeLagKind: partition.kind === 'ok' ? 'measured' : 'fromLogStart' };
}

function worst(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}

function statusOf(description: GroupDescription, lag: number, lost: boolean): GroupStatus {
  if (description.state === 'Dead') return 'dead';
  // Classic rebalance phases, and a KIP-848 group computing or converging to a new assignment.
  if (['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling'].includes(description.state)) return 'rebalancing';
  if (lost) return 'records lost';
  if (description.members.length === 0) return lag > 0 ? 'stopped' : 'idle';
  return lag > 0 ? 'behind' : 'caught up';
}
