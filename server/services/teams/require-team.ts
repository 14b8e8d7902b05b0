// A team id given by a caller must name an existing team: refused with a clear NotFoundError before anything
// is written, instead of the database's foreign-key error (a 500 that would echo the SQL).
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { teams } from '../../db/schema/index.ts';
import { NotFoundError } from '../service-error.ts';

export async function requireTeam(db: Pick<Database, 'select'>, teamId: string | null | undefined): Promise<void> {
  if (teamId === null || teamId === undefined) return;
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).limit(1);
  if (!team) throw new NotFoundError(`There is no team with id "${teamId}".`);
}
