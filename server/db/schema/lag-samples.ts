// Lag history (server/jobs/lag-sampler.ts writes, server/lag-history/ reads). Compact by design: names are
// stored once (lag_groups, lag_topics) and referenced by integer keys; one row holds every partition of one
// group on one topic (or of one topic) as arrays indexed by partition number (element p+1 is partition p, SQL
// arrays being 1-based). A NULL element means "not measurable" (no commit, commit outside the log, no
// leader, record unreadable), never 0. The same tables hold the raw samples and the roll-ups: `resolution`
// is 0 (raw, every interval), 1 (one row per minute) or 2 (one row per hour); see lag-history/README.md.
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

/**
 * int8[] with NULL elements kept as null (drizzle's bigint().array() maps NULL to 0, which would turn "not
 * measurable" into "no lag"). Values are offsets, counts and milliseconds: below 2^53, carried as numbers.
 */
export const nullableBigintArray = customType<{ data: (number | null)[]; driverData: string | (string | number | bigint | null)[] }>({
  dataType: () => 'bigint[]',
  toDriver: (values) => `{${values.map((value) => (value === null ? 'NULL' : String(Math.trunc(value)))).join(',')}}`,
  fromDriver: (value) => {
    const elements = typeof value === 'string' ? parseArrayLiteral(value) : value;
    return elements.map((element) => (element === null ? null : Number(element)));
  },
});

/** A one-dimensional int8[] literal as Postgres prints it: {1,NULL,3}. */
function parseArrayLiteral(literal: string): (string | null)[] {
  const body = literal.slice(1, -1);
  if (body === '') return [];
  return body.split(',').map((element) => (element === 'NULL' ? null : element));
}

export const lagResolutions = { raw: 0, minute: 1, hour: 2 } as const;
export type LagResolution = keyof typeof lagResolutions;

export const lagGroups = pgTable(
  'lag_groups',
  {
    id: serial('id').primaryKey(),
    clusterId: text('cluster_id').notNull(),
    groupId: text('group_id').notNull(),
  },
  (table) => [unique('lag_groups_cluster_group_unique').on(table.clusterId, table.groupId)],
);

export const lagTopics = pgTable(
  'lag_topics',
  {
    id: serial('id').primaryKey(),
    clusterId: text('cluster_id').notNull(),
    topic: text('topic').notNull(),
  },
  (table) => [unique('lag_topics_cluster_topic_unique').on(table.clusterId, table.topic)],
);

/** One row per (group, topic, sample): committed offsets, lag and exact time lag per partition. */
export const groupLagSamples = pgTable(
  'group_lag_samples',
  {
    groupKey: integer('group_key').notNull(),
    topicKey: integer('topic_key').notNull(),
    resolution: smallint('resolution').notNull(),
    /** Raw: when the round started. Roll-ups: the start of the minute or hour. */
    sampledAt: timestamp('sampled_at', { withTimezone: true, precision: 3 }).notNull(),
    /** Members of the group at the sample (roll-ups: the last sample's). */
    members: smallint('members').notNull(),
    /** Sum of the measurable partitions' lag (roll-ups: the largest sum in the bucket). */
    lag: bigint('lag', { mode: 'number' }).notNull(),
    /** The worst partition's time lag in ms; null when none is known (roll-ups: the largest). */
    timeLagMs: bigint('time_lag_ms', { mode: 'number' }),
    /** Per partition: committed offset (roll-ups: the last). */
    committedOffsets: nullableBigintArray('committed_offsets').notNull(),
    /** Per partition: lag in records (roll-ups: the largest). */
    partitionLags: nullableBigintArray('partition_lags').notNull(),
    /** Per partition: exact time lag in ms (roll-ups: the largest). */
    partitionTimeLagsMs: nullableBigintArray('partition_time_lags_ms').notNull(),
  },
  (table) => [
    primaryKey({ name: 'group_lag_samples_pk', columns: [table.groupKey, table.resolution, table.sampledAt, table.topicKey] }),
    index('group_lag_samples_resolution_sampled_at_idx').on(table.resolution, table.sampledAt),
  ],
);

/** One row per (topic, sample): log start and end offsets, and bytes on disk, per partition. */
export const topicOffsetSamples = pgTable(
  'topic_offset_samples',
  {
    topicKey: integer('topic_key').notNull(),
    resolution: smallint('resolution').notNull(),
    sampledAt: timestamp('sampled_at', { withTimezone: true, precision: 3 }).notNull(),
    /** Per partition (roll-ups: the last sample's). */
    logStartOffsets: nullableBigintArray('log_start_offsets').notNull(),
    endOffsets: nullableBigintArray('end_offsets').notNull(),
    /** Per partition bytes on disk summed over replicas (DescribeLogDirs); null when the cluster did not say. */
    sizeBytes: nullableBigintArray('size_bytes'),
  },
  (table) => [
    primaryKey({ name: 'topic_offset_samples_pk', columns: [table.topicKey, table.resolution, table.sampledAt] }),
    index('topic_offset_samples_resolution_sampled_at_idx').on(table.resolution, table.sampledAt),
  ],
);

/**
 * One row per cluster per sampling round: what was sampled, or why nothing was (`error`, a gap). A round
 * with an error wrote no samples for that cluster; charts show the gap with this reason.
 */
export const lagSampleRounds = pgTable(
  'lag_sample_rounds',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clusterId: text('cluster_id').notNull(),
    sampledAt: timestamp('sampled_at', { withTimezone: true, precision: 3 }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    groups: integer('groups').notNull(),
    partitions: integer('partitions').notNull(),
    brokers: integer('brokers').notNull(),
    /** Null: sampled. Else why this round has no samples (cluster unreachable, timed out...). */
    error: text('error'),
  },
  (table) => [index('lag_sample_rounds_cluster_sampled_at_idx').on(table.clusterId, table.sampledAt)],
);

/** How far each roll-up has been computed: buckets before rolledUntil are done. */
export const lagRollupPositions = pgTable('lag_rollup_positions', {
  resolution: smallint('resolution').primaryKey(),
  rolledUntil: timestamp('rolled_until', { withTimezone: true, precision: 3 }).notNull(),
});
