// Teams with their prefixes, for the admin page and pickers.
import { asc } from 'drizzle-orm';
import { teamPrefixes, teams } from '../../db/schema/index.ts';
import type { VerbContextArgs } from '../service-context.ts';

export interface TeamSummary {
  id: string;
  name: string;
  prefixes: string[];
}

export async function listTeams({ ctx }: VerbContextArgs): Promise<TeamSummary[]> {
  const [teamRows, prefixRows] = await Promise.all([
    ctx.db.select().from(teams).orderBy(asc(teams.name)).limit(1000),
    ctx.db.select().from(teamPrefixes),
  ]);
  return teamRows.map((team) => ({
    id: team.id,
    name: team.name,
    prefixes: prefixRows
      .filter((row) => row.teamId === team.id)
      .map((row) => row.prefix)
      .sort(),
  }));
}
