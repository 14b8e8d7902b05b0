// Starts a record search (a browse page is a search too): checks the input, compiles the filters and finds
// the start positions before anything is scanned, then hands the scan to the ScanRegistry and returns its id.
// Once the registry lets it run, the scan runs in one of its worker threads (scan-worker-pool.ts).
import { z } from 'zod';
import { hasRole } from '../../../domain/roles.ts';
import { boundedRecord } from '../bounded-record.ts';
import { maxTopicNameLength } from '../../../domain/topic-name.ts';
import { partitionForKey } from '../../kafka/murmur2.ts';
import type { ClusterConnection } from '../../kafka/cluster-client.ts';
import { RecordFetcher } from '../../kafka/record-fetcher.ts';
import type { ServiceContext, VerbArgs } from '../service-context.ts';
import { ValidationError, TooManyAttemptsError } from '../service-error.ts';
import type { ScanBounds, ScanPlan } from './record-scan.ts';
import { compileRecordFilter, RecordFilter } from './record-filter.ts';
import { resolveStartPositions } from './scan-start-positions.ts';
import { ScanQueueFullError } from './scan-registry.ts';
import { findTopic } from './find-topic.ts';

const offsetText = z
  .string()
  .max(19)
  .regex(/^\d{1,19}$/, 'An offset is a whole number');

export const StartScanInput = z.object({
  clusterId: z.string().min(1).max(100),
  topic: z.string().min(1).max(maxTopicNameLength),
  /** Absent: every partition. */
  partition: z.number().int().min(0).max(1_000_000).optional(),
  from: z.enum(['latest', 'earliest', 'offset', 'timestamp']).default('latest'),
  offset: offsetText.optional(),
  /** ISO-8601 or milliseconds since the epoch. */
  timestamp: z.string().min(1).max(40).optional(),
  /** Continue an earlier search: per partition, its cursor. */
  cursor: boundedRecord(
    z
      .string()
      .max(7)
      .regex(/^\d{1,7}$/),
    offsetText,
    {
      maxEntries: 100_000,
      what: 'partitions in a cursor',
    },
  ).optional(),
  /** "Find key K": reads only the partition Kafka's default partitioner gives K, keeping records with key K. */
  findKey: z.string().max(10_000).optional(),
  filter: RecordFilter.default({}),
  limit: z.number().int().min(1).max(500).default(50),
  isolation: z.enum(['READ_COMMITTED', 'READ_UNCOMMITTED']).default('READ_UNCOMMITTED'),
  maxRecords: z.number().int().min(1).max(10_000_000).optional(),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(64 * 1024 ** 3)
    .optional(),
  maxDurationMs: z
    .number()
    .int()
    .min(100)
    .max(15 * 60_000)
    .optional(),
});
export type StartScanInput = z.infer<typeof StartScanInput>;

/** Scan bounds: defaults for everyone; viewers and members may not go above them, operators may. */
const defaultBounds = { maxRecords: 100_000, maxBytes: 1024 ** 3, maxDurationMs: 30_000 };
const operatorBounds = { maxRecords: 10_000_000, maxBytes: 64 * 1024 ** 3, maxDurationMs: 15 * 60_000 };

export interface PreparedScan {
  plan: ScanPlan;
  notes: string[];
  /** Owned by the caller from here: close it when the scan ends (a worker opens its own). */
  fetcher: RecordFetcher;
  /** What a worker's own fetcher connects with. */
  connection: ClusterConnection;
}

/** Everything a scan needs, checked and resolved; nothing read yet. Errors here reach the user before any scan. */
export async function prepareScan(ctx: ServiceContext, input: z.infer<typeof StartScanInput>): Promise<PreparedScan> {
  const filter: RecordFilter = { ...input.filter, ...(input.findKey !== undefined ? { keyEquals: input.findKey } : {}) };
  const predicate = compileRecordFilter(filter);
  const bounds = scanBounds(ctx, input);
  const topic = await findTopic(ctx, input.clusterId, input.topic);
  let partitions = topic.partitions.map((partition) => ({ partition: partition.partition, leader: partition.leader }));
  if (input.findKey !== undefined) {
    const keyPartition = partitionForKey(Buffer.from(input.findKey, 'utf8'), topic.partitionCount);
    partitions = partitions.filter((partition) => partition.partition === keyPartition);
  } else if (input.partition !== undefined) {
    if (input.partition >= topic.partitionCount)
      throw new ValidationError(
        `Topic ${topic.name} has ${topic.partitionCount} partitions (0 to ${topic.partitionCount - 1}); there is no partition ${input.partition}.`,
      );
    partitions = partitions.filter((partition) => partition.partition === input.partition);
  }
  if (input.from === 'offset' && input.offset === undefined) throw new ValidationError('Starting at an offset needs the offset.');
  if (input.from === 'offset' && input.partition === undefined && partitions.length > 1)
    throw new ValidationError('Starting at an offset needs a partition: offsets are per partition.');
  const timestampMs = input.from === 'timestamp' ? parseTimestamp(input.timestamp) : undefined;
  const connection = await ctx.clusters.connection(input.clusterId);
  const fetcher = new RecordFetcher(input.clusterId, connection);
  try {
    const start = await resolveStartPositions(fetcher, topic.name, partitions, input.isolation, {
      from: input.from,
      offset: input.offset !== undefined ? BigInt(input.offset) : undefined,
      timestampMs,
      cursor: input.cursor
        ? new Map(Object.entries(input.cursor).map(([partition, offset]) => [Number(partition), BigInt(offset)]))
        : undefined,
    });
    const plan: ScanPlan = {
      topic: { name: topic.name, id: topic.id },
      isolation: input.isolation,
      direction: start.direction,
      partitions: start.partitions,
      filter,
      predicate,
      bounds,
    };
    return { plan, notes: start.notes, fetcher, connection };
  } catch (error) {
    await fetcher.close();
    throw error;
  }
}

export async function startScan({ ctx, input: rawInput }: VerbArgs<typeof StartScanInput>): Promise<{ scanId: string }> {
  const input = StartScanInput.parse(rawInput);
  const { plan, notes, fetcher, connection } = await prepareScan(ctx, input);
  // The positions are found; the worker reads with a fetcher of its own.
  await fetcher.close();
  try {
    const scanId = ctx.scans.start(
      { userId: ctx.actor.userId, clusterId: input.clusterId },
      notes,
      (job) => ctx.scans.workers.run(plan, { clusterId: input.clusterId, connection }, job, job.signal),
      { kind: 'search', watched: true },
    );
    return { scanId };
  } catch (error) {
    if (error instanceof ScanQueueFullError) throw new TooManyAttemptsError(error.message, 1_000);
    throw error;
  }
}

function scanBounds(ctx: ServiceContext, input: z.infer<typeof StartScanInput>): ScanBounds {
  const ceiling = hasRole(ctx.actor.role, 'operator') ? operatorBounds : defaultBounds;
  const pick = (name: keyof typeof defaultBounds, wanted: number | undefined) => {
    if (wanted === undefined) return defaultBounds[name];
    if (wanted > ceiling[name]) throw new ValidationError(`${name} can be at most ${ceiling[name]} for your role (${ctx.actor.role}).`);
    return wanted;
  };
  return {
    maxMatches: input.limit,
    maxRecords: pick('maxRecords', input.maxRecords),
    maxBytes: pick('maxBytes', input.maxBytes),
    maxDurationMs: pick('maxDurationMs', input.maxDurationMs),
  };
}

/** ISO-8601 (e.g. 2026-01-31T12:00:00Z) or milliseconds since the epoch. */
export function parseTimestamp(text: string | undefined): number {
  if (text === undefined) throw new ValidationError('Starting at a timestamp needs the timestamp.');
  const trimmed = text.trim();
  const value = /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (!Number.isFinite(value) || value < 0)
    throw new ValidationError(
      `${JSON.stringify(text)} is not a timestamp: use ISO-8601 (2026-01-31T12:00:00Z) or milliseconds since the epoch.`,
    );
  return value;
}
