// Users for the admin page (never password hashes: those live in accounts).
import { asc, eq } from 'drizzle-orm';
import { teams, users } from '../../db/schema/index.ts';
import type { VerbContextArgs } from '../service-context.ts';

export async function listUsers({ ctx }: VerbContextArgs) {
  return ctx.db
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      email: users.email,
      role: users.role,
      teamId: users.teamId,
      teamName: teams.name,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .orderBy(asc(users.username))
    .limit(1000);
}
