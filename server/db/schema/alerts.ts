// Alert rules, the alerts they raise (one per rule, cluster and group while open) and each alert's history.
// The evaluator (server/jobs/alert-evaluator.ts) changes an alert's state, appends its event and queues its
// webhook deliveries in one transaction, so a restart neither repeats a notification nor loses a pending alert.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AlertCondition, AlertState } from '../../../domain/alert-rule.ts';

export const alertRules = pgTable('alert_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** Globs (`*`, `?`) or plain names. */
  clusterPattern: text('cluster_pattern').notNull(),
  groupPattern: text('group_pattern').notNull(),
  topicPattern: text('topic_pattern').notNull(),
  condition: jsonb('condition').$type<AlertCondition>().notNull(),
  /** Webhooks notified on firing and resolved. */
  webhookIds: jsonb('webhook_ids').$type<string[]>().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: text('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id').notNull(),
    groupId: text('group_id').notNull(),
    state: text('state').$type<AlertState>().notNull(),
    /** When the breach began (pending); kept across restarts so the rule's duration keeps counting. */
    pendingSince: timestamp('pending_since', { withTimezone: true }).notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    summary: text('summary').notNull(),
    value: jsonb('value').$type<Record<string, unknown>>().notNull(),
    lastEvaluatedAt: timestamp('last_evaluated_at', { withTimezone: true }).notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgeNote: text('acknowledge_note'),
    /** Notifications are not sent before this time (state changes are still recorded). */
    silencedUntil: timestamp('silenced_until', { withTimezone: true }),
    silencedBy: text('silenced_by'),
  },
  (table) => [
    // At most one open alert per rule, cluster and group.
    uniqueIndex('alerts_open_idx').on(table.ruleId, table.clusterId, table.groupId).where(sql`${table.state} in ('pending', 'firing')`),
    index('alerts_state_idx').on(table.state, table.id),
  ],
);

export const alertEventKinds = ['pending', 'firing', 'resolved', 'acknowledged', 'silenced', 'unsilenced'] as const;
export type AlertEventKind = (typeof alertEventKinds)[number];

export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').$type<AlertEventKind>().notNull(),
    /** Who acted (acknowledge, silence); null for the evaluator. */
    actor: text('actor'),
    note: text('note'),
    /** The evaluation (summary, value) at a state change; whether notifications were sent or silenced. */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (table) => [index('alert_events_alert_idx').on(table.alertId, table.id)],
);
