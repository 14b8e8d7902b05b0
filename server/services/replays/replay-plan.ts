// Works out what a replay will copy, before anything is copied: per source partition the offset range (from
// offsets or a time range, clamped to what is readable under READ_COMMITTED now), the records in it and their
// estimated bytes (the range's share of the partition's size on disk), where they go and roughly how long it takes.
import { z } from 'zod';
import { TopicName } from '../../../domain/topic-name.ts';
import type { ClusterClient, TopicInfo } from '../../kafka/cluster-client.ts';
import { describePartitionSizes } from '../../kafka/partition-sizes.ts';
import { RecordFetcher } from '../../kafka/record-fetcher.ts';
import { compileRecordFilter } from '../messages/record-filter.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import type { ReplayPlan, ReplayPlanPartition, ReplaySettings } from './replay-model.ts';
import { ReplaySettings as ReplaySettingsSchema } from './replay-model.ts';

const MAX_OFFSET = Number.MAX_SAFE_INTEGER;
/** The copy rate assumed for the time estimate when there is no rate limit (a modest single-node figure). */
export const NOMINAL_COPY_RECORDS_PER_SECOND = 5_000;

export const ReplayRequest = z.object({
  clusterId: z.string().min(1).max(100),
  sourceTopic: TopicName,
  targetTopic: TopicName,
  /** Partitions with optional offsets (start inclusive, end exclusive); none: every partition of the source. */
  partitions: z
    .array(
      z.object({
        partition: z.number().int().min(0).max(100_000),
        startOffset: z.number().int().min(0).max(MAX_OFFSET).optional(),
        endOffset: z.number().int().min(0).max(MAX_OFFSET).optional(),
      }),
    )
    .max(10_000)
    .optional(),
  /** A time range (epoch ms, both inclusive): the offsets it spans, and only records stamped inside it. */
  fromTimestampMs: z.number().int().min(0).max(MAX_OFFSET).optional(),
  toTimestampMs: z.number().int().min(0).max(MAX_OFFSET).optional(),
  settings: ReplaySettingsSchema,
});
export type ReplayRequest = z.infer<typeof ReplayRequest>;

export interface PlannedReplay {
  plan: ReplayPlan;
  /** The settings as stored: the time range joins the filter. */
  settings: ReplaySettings;
}

export async function computeReplayPlan(ctx: Pick<ServiceContext, 'clusters'>, request: ReplayRequest): Promise<PlannedReplay> {
  const { clusterId, sourceTopic, targetTopic } = request;
  if (request.fromTimestampMs !== undefined && request.toTimestampMs !== undefined && request.fromTimestampMs > request.toTimestampMs)
    throw new ValidationError('The time range ends before it starts.');
  const settings = withTimeRange(request);
  if (settings.filter) compileRecordFilter(settings.filter);
  const metadata = await ctx.clusters.metadata(clusterId, { fresh: true });
  const source = metadata.topics.find((topic) => topic.name === sourceTopic);
  if (!source) throw new NotFoundError(`No topic named ${sourceTopic} on this cluster to replay from.`);
  const target = metadata.topics.find((topic) => topic.name === targetTopic);
  if (!target) throw new NotFoundError(`The target topic ${targetTopic} does not exist on this cluster; create it first.`);
  const wanted = request.partitions ?? source.partitions.map((partition) => ({ partition: partition.partition }));
  if (wanted.length === 0) throw new ValidationError('Choose at least one partition.');
  const seen = new Set<number>();
  for (const { partition } of wanted) {
    if (partition >= source.partitionCount)
      throw new ValidationError(`${sourceTopic} has no partition ${partition} (it has ${source.partitionCount}).`);
    if (seen.has(partition)) throw new ValidationError(`Partition ${partition} is listed twice.`);
    seen.add(partition);
  }
  if (settings.partitioning === 'same') {
    const highest = Math.max(...wanted.map((entry) => entry.partition));
    if (highest >= target.partitionCount)
      throw new ValidationError(
        `"Same partition" needs partition ${highest} in ${targetTopic}, which has ${target.partitionCount}; choose "by key" or "round robin", or add partitions.`,
      );
  }
  const client = await ctx.clusters.client(clusterId);
  const partitions = await rangesOf(clusterId, await ctx.clusters.connection(clusterId), source, wanted, request);
  await addEstimatedBytes(client, source, partitions);
  return { plan: summarise(partitions, target, settings), settings };
}

function withTimeRange(request: ReplayRequest): ReplaySettings {
  const { fromTimestampMs, toTimestampMs } = request;
  if (fromTimestampMs === undefined && toTimestampMs === undefined) return request.settings;
  return { ...request.settings, filter: { ...request.settings.filter, fromTimestampMs, toTimestampMs } };
}

async function rangesOf(
  clusterId: string,
  connection: Awaited<ReturnType<ServiceContext['clusters']['connection']>>,
  source: TopicInfo,
  wanted: NonNullable<ReplayRequest['partitions']>,
  request: ReplayRequest,
): Promise<ReplayPlanPartition[]> {
  const fetcher = new RecordFetcher(clusterId, connection);
  try {
    const numbers = wanted.map((entry) => entry.partition);
    const bounds = new Map((await fetcher.bounds(source.name, numbers, 'READ_COMMITTED')).map((entry) => [entry.partition, entry]));
    const fromTime =
      request.fromTimestampMs !== undefined
        ? await fetcher.offsetsForTimestamp(source.name, numbers, request.fromTimestampMs, 'READ_COMMITTED')
        : null;
    const toTime =
      request.toTimestampMs !== undefined
        ? await fetcher.offsetsForTimestamp(source.name, numbers, request.toTimestampMs + 1, 'READ_COMMITTED')
        : null;
    return wanted.map((entry) => {
      const { logStartOffset, endOffset } = bounds.get(entry.partition)!;
      const logStart = Number(logStartOffset);
      const end = Number(endOffset);
      // A time with no record at or after it: that side of the range is the end of the log.
      const timeStart = fromTime ? Number(fromTime.get(entry.partition) ?? endOffset) : logStart;
      const timeEnd = toTime ? Number(toTime.get(entry.partition) ?? endOffset) : end;
      const startOffset = clamp(Math.max(entry.startOffset ?? logStart, timeStart), logStart, end);
      const endOffsetPlanned = clamp(Math.min(entry.endOffset ?? end, timeEnd), startOffset, end);
      return {
        partition: entry.partition,
        startOffset,
        endOffset: endOffsetPlanned,
        records: endOffsetPlanned - startOffset,
        estimatedBytes: null,
      };
    });
  } finally {
    await fetcher.close().catch(() => {});
  }
}

/** The range's share of the partition's bytes on disk (records between log start and end); null if unknown. */
async function addEstimatedBytes(client: ClusterClient, source: TopicInfo, partitions: ReplayPlanPartition[]): Promise<void> {
  let sizes: Map<number, number>;
  try {
    const replicas = await describePartitionSizes(client, [source]);
    // One replica's size per partition (every replica holds the same records).
    sizes = new Map(replicas.map((replica) => [replica.partition, replica.sizeBytes]));
  } catch {
    return;
  }
  const fetcher = await client.call('list offsets', () =>
    client.admin.listOffsets({
      topics: [{ name: source.name, partitions: partitions.map((p) => ({ partitionIndex: p.partition, timestamp: -2n })) }],
    }),
  );
  const logStarts = new Map(fetcher.flatMap((topic) => topic.partitions.map((p) => [p.partitionIndex, Number(p.offset)] as const)));
  const ends = await client.call('list offsets', () =>
    client.admin.listOffsets({
      topics: [{ name: source.name, partitions: partitions.map((p) => ({ partitionIndex: p.partition, timestamp: -1n })) }],
    }),
  );
  const endOffsets = new Map(ends.flatMap((topic) => topic.partitions.map((p) => [p.partitionIndex, Number(p.offset)] as const)));
  for (const partition of partitions) {
    const size = sizes.get(partition.partition);
    const kept = (endOffsets.get(partition.partition) ?? 0) - (logStarts.get(partition.partition) ?? 0);
    if (size === undefined) continue;
    partition.estimatedBytes = kept > 0 ? Math.round((size * partition.records) / kept) : 0;
  }
}

function summarise(partitions: ReplayPlanPartition[], target: TopicInfo, settings: ReplaySettings): ReplayPlan {
  const totalRecords = partitions.reduce((sum, partition) => sum + partition.records, 0);
  const knownBytes = partitions.every((partition) => partition.estimatedBytes !== null);
  const totalEstimatedBytes = knownBytes ? partitions.reduce((sum, partition) => sum + (partition.estimatedBytes ?? 0), 0) : null;
  const { recordsPerSecond, bytesPerSecond } = settings.rateLimit;
  const byRecords = totalRecords / (recordsPerSecond ?? NOMINAL_COPY_RECORDS_PER_SECOND);
  const byBytes = bytesPerSecond && totalEstimatedBytes !== null ? totalEstimatedBytes / bytesPerSecond : 0;
  return {
    partitions,
    totalRecords,
    totalEstimatedBytes,
    targetPartitionCount: target.partitionCount,
    targetDescription: describeTarget(settings, target),
    estimatedDurationMs: Math.ceil(Math.max(byRecords, byBytes) * 1000),
    filtered: settings.filter !== undefined && Object.values(settings.filter).some((value) => value !== undefined && value !== ''),
  };
}

function describeTarget(settings: ReplaySettings, target: TopicInfo): string {
  const over = `${target.partitionCount} partition${target.partitionCount === 1 ? '' : 's'} of ${target.name}`;
  if (settings.partitioning === 'same') return `the same partition number in ${target.name}`;
  if (settings.partitioning === 'key') return `by key (murmur2, records without a key round robin) over ${over}`;
  return `round robin over ${over}`;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
