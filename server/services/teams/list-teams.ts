// Teams with their prefixes, for the admin page and pickers.
import { asc } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { teamPrefixes, teams } from '../../db/schema/index.ts';

export interface TeamSummary {
  id: string;
  name: string;
  prefixes: string[];
}

export async function listTeams(db: Database): Promise<TeamSummary[]> {
  const [teamRows, prefixRows] = await Promise.all([db.select().from(teams).orderBy(asc(teams.name)).limit(1000), db.select().from(teamPrefixes)]);
  return teamRows.map((team) => ({
    id: team.id,
    name: team.name,
    prefixes: prefixRows.filter((row) => row.teamId === team.id).map((row) => row.prefix).sort(),
  }));
}
