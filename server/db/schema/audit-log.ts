// Every change made through Samsa. Rows are written 'pending' before the change and completed exactly once;
// the trigger in drizzle/*_audit_log_append_only.sql refuses every other UPDATE, every DELETE and TRUNCATE.
import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const auditOutcomes = ['pending', 'succeeded', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: text('actor_user_id'),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    clusterId: text('cluster_id'),
    resourceType: text('resource_type').notNull(),
    resourceName: text('resource_name').notNull(),
    parameters: jsonb('parameters'),
    before: jsonb('before'),
    after: jsonb('after'),
    outcome: text('outcome', { enum: auditOutcomes }).notNull().default('pending'),
    error: text('error'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    requestId: text('request_id'),
    clientAddress: text('client_address'),
  },
  (table) => [
    index('audit_log_occurred_at_idx').on(table.occurredAt),
    index('audit_log_actor_name_idx').on(table.actorName),
    index('audit_log_action_idx').on(table.action),
  ],
);
