// How far the console has read each cluster's admin-change topic (see server/jobs/broker-change-recorder.ts).
// next_offset is advanced in the same transaction that appends the audit rows for the records before it,
// so every change is recorded exactly once across restarts. topic_id tells a recreated topic (a broker whose
// data was reset starts again at offset 0) from the one the offset belongs to.
import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const brokerChangePositions = pgTable('broker_change_positions', {
  clusterId: text('cluster_id').primaryKey(),
  topicId: text('topic_id').notNull(),
  nextOffset: bigint('next_offset', { mode: 'bigint' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
