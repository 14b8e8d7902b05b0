// Replay jobs (server/jobs/replay-runner.ts). The row holds what to copy (the plan, fixed when planned), who
// asked and who approved, and the status the verbs and the job move. Progress here is a view for the pages,
// written about once a second; the authoritative position of each source partition is the offset the job
// commits in its own consumer group inside the same Kafka transaction as the copied records, so a restart
// resumes from Kafka, never from this row.
import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { replayStatuses } from '../../../domain/replay.ts';

export const replays = pgTable(
  'replays',
  {
    id: text('id').primaryKey(),
    clusterId: text('cluster_id').notNull(),
    sourceTopic: text('source_topic').notNull(),
    targetTopic: text('target_topic').notNull(),
    /** The replay's settings (filter, partitioning, timestamps, rate limit) as planned. */
    settings: jsonb('settings').notNull(),
    /** Per partition the offset range to copy, records and estimated bytes; totals and the time estimate. */
    plan: jsonb('plan').notNull(),
    status: text('status', { enum: replayStatuses }).notNull(),
    requestedByUserId: text('requested_by_user_id'),
    requestedByName: text('requested_by_name').notNull(),
    approvedByName: text('approved_by_name'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** Per partition position and counts, totals, rate; see ReplayProgress. */
    progress: jsonb('progress'),
    /** The last error (a cluster that went away, retried), shown until the job moves again. */
    lastError: text('last_error'),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    /** Why a job ended as it did (failed: what was lost and what was copied). */
    outcomeMessage: text('outcome_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('replays_created_at_idx').on(table.createdAt), index('replays_status_idx').on(table.status)],
);
