// Topic requests (new topics and changes to a team's topics) and their timelines. state moves only by a
// conditional UPDATE on the state it had (domain/topic-request-states.ts), so concurrent decisions cannot
// both win. The partial unique index keeps one live request per topic name and cluster.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { topicRequestKinds, topicRequestStates } from '../../../domain/topic-request-states.ts';
import { teams } from './teams.ts';
import { users } from './users.ts';

export const topicRequests = pgTable(
  'topic_requests',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: topicRequestKinds }).notNull(),
    clusterId: text('cluster_id').notNull(),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
    topicName: text('topic_name').notNull(),
    partitions: integer('partitions').notNull(),
    replicationFactor: integer('replication_factor').notNull(),
    /** The configs asked for (a change: only the ones to set). */
    configs: jsonb('configs').$type<Record<string, string>>().notNull(),
    description: text('description').notNull().default(''),
    recordsPerSecond: integer('records_per_second').notNull().default(0),
    averageRecordBytes: integer('average_record_bytes').notNull().default(0),
    expectedConsumers: jsonb('expected_consumers').$type<string[]>().notNull(),
    /** Null: unbounded (kept forever with no size limit). */
    estimatedDiskBytes: bigint('estimated_disk_bytes', { mode: 'number' }),
    /** A change request: the topic's partitions and those configs as they were when it was asked. */
    currentState: jsonb('current_state').$type<{ partitions: number; configs: Record<string, string | null> }>(),
    state: text('state', { enum: topicRequestStates }).notNull().default('pending'),
    requesterUserId: text('requester_user_id').references(() => users.id, { onDelete: 'set null' }),
    requesterName: text('requester_name').notNull(),
    deciderName: text('decider_name'),
    decisionComment: text('decision_comment'),
    /** What the approver changed: { field: { from, to } }. */
    adjustments: jsonb('adjustments').$type<Record<string, { from: string | number | null; to: string | number }>>(),
    /** The cluster's error of the last failed provisioning. */
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('topic_requests_live_name_unique')
      .on(table.clusterId, table.topicName)
      .where(sql`${table.kind} = 'create' and ${table.state} in ('pending', 'approved', 'provisioning', 'failed')`),
    index('topic_requests_state_created_idx').on(table.state, table.createdAt),
    index('topic_requests_team_idx').on(table.teamId),
  ],
);

export const topicRequestEvents = pgTable(
  'topic_request_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => topicRequests.id, { onDelete: 'cascade' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorName: text('actor_name').notNull(),
    /** The state the request moved to, or 'note' for a step that did not move it (a check, a failed try). */
    step: text('step').notNull(),
    message: text('message').notNull(),
    details: jsonb('details'),
  },
  (table) => [index('topic_request_events_request_idx').on(table.requestId)],
);
