// Console accounts (better-auth's "user" model, plural table). role and teamId are Samsa's fields.
import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { roles } from '../../../domain/roles.ts';
import { teams } from './teams.ts';

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  username: text('username').unique(),
  displayUsername: text('display_username'),
  role: text('role', { enum: roles }).notNull().default('viewer'),
  teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
