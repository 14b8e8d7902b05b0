// Topic-name prefixes owned by teams. A prefix has one owner, so ownership is never ambiguous.
import { pgTable, text } from 'drizzle-orm/pg-core';
import { teams } from './teams.ts';

export const teamPrefixes = pgTable('team_prefixes', {
  prefix: text('prefix').primaryKey(),
  teamId: text('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
});
