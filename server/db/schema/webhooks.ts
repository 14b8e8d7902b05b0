// Webhook destinations and every notification sent to them (server/jobs/webhook-dispatcher.ts).
// A delivery is one notification to one webhook; each HTTP try of it is an attempt. Deliveries are written in
// the same transaction as whatever caused them (an alert firing), so a restart neither loses nor repeats one.
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const webhookFormats = ['json', 'slack'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** The URL sealed with the secret box: Slack-style URLs carry their credential in the path. */
  urlSealed: text('url_sealed').notNull(),
  /** scheme://host[:port] of the URL, shown in lists and audit records instead of the whole URL. */
  urlOrigin: text('url_origin').notNull(),
  format: text('format', { enum: webhookFormats }).notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null once the webhook is deleted; its name stays for the log. */
    webhookId: text('webhook_id').references(() => webhooks.id, { onDelete: 'set null' }),
    webhookName: text('webhook_name').notNull(),
    /** The notification's event, e.g. alert.firing, alert.resolved, webhook.test. */
    event: text('event').notNull(),
    /** What the notification is about, for finding its deliveries: e.g. subjectType 'alert', subjectId '42'. */
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    /** The notification (schema samsa.notification/v1); rendered per the webhook's format at each attempt. */
    notification: jsonb('notification').notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [
    index('webhook_deliveries_due_idx').on(table.status, table.nextAttemptAt),
    index('webhook_deliveries_subject_idx').on(table.subjectType, table.subjectId),
    index('webhook_deliveries_webhook_idx').on(table.webhookId, table.id),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The receiver's HTTP status; null when no response came (refused, timed out). */
    httpStatus: integer('http_status'),
    /** Why the attempt failed, in words; null on success. */
    error: text('error'),
    /** The first bytes of the response body, as text. */
    responseSnippet: text('response_snippet'),
  },
  (table) => [index('webhook_delivery_attempts_delivery_idx').on(table.deliveryId, table.attempt)],
);
