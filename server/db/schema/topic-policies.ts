// Topic policies set by admins: one per cluster (team_id null) and optionally one per team on that cluster,
// which replaces the cluster's for that team. rules holds domain/topic-policy.ts's TopicPolicyRules.
import { jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { TopicPolicyRules } from '../../../domain/topic-policy.ts';
import { teams } from './teams.ts';

export const topicPolicies = pgTable(
  'topic_policies',
  {
    id: text('id').primaryKey(),
    clusterId: text('cluster_id').notNull(),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    rules: jsonb('rules').$type<TopicPolicyRules>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  // One policy per (cluster, team), the cluster-wide one included (NULLS NOT DISTINCT: Postgres 15+).
  (table) => [unique('topic_policies_scope_unique').on(table.clusterId, table.teamId).nullsNotDistinct()],
);
