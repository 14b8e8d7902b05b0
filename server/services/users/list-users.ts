// Users for the admin page (never password hashes: those live in accounts).
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { teams, users } from '../../db/schema/index.ts';

export async function listUsers(db: Database) {
  return db
    .select({ id: users.id, username: users.username, name: users.name, email: users.email, role: users.role, teamId: users.teamId, teamName: teams.name, createdAt: users.createdAt })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .orderBy(asc(users.username))
    .limit(1000);
}
