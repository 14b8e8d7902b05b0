// Which team owns a topic: the team whose prefix starts its name (prefixes never overlap across teams, so
// at most one matches; the longest wins should data ever disagree).
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { teamPrefixes, teams } from '../../db/schema/index.ts';

export interface TeamPrefix {
  prefix: string;
  teamName: string;
}

export async function loadTeamPrefixes(db: Database): Promise<TeamPrefix[]> {
  const rows = await db
    .select({ prefix: teamPrefixes.prefix, teamName: teams.name })
    .from(teamPrefixes)
    .innerJoin(teams, eq(teams.id, teamPrefixes.teamId));
  // Longest first, so the first match is the most specific.
  return rows.sort((a, b) => b.prefix.length - a.prefix.length);
}

export function owningTeamOf(topic: string, prefixes: TeamPrefix[]): string | null {
  return prefixes.find((owned) => topic.startsWith(owned.prefix))?.teamName ?? null;
}
