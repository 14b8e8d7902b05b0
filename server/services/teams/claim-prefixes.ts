// Checks that no other team owns an overlapping prefix and stores a team's prefixes, inside the caller's
// transaction. The table lock serialises concurrent edits: without it two admins could each claim
// overlapping prefixes (the primary key only stops exact duplicates).
import { eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { teamPrefixes, teams } from '../../db/schema/index.ts';
import { ConflictError } from '../service-error.ts';
import { describeOverlaps, findPrefixOverlaps } from './topic-prefix.ts';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Replaces the team's prefixes with `prefixes` (already normalised); throws ConflictError on an overlap. */
export async function claimPrefixes(transaction: Transaction, teamId: string, prefixes: readonly string[]): Promise<void> {
  await transaction.execute(sql`LOCK TABLE team_prefixes IN SHARE ROW EXCLUSIVE MODE`);
  const ownedByOthers = await transaction
    .select({ prefix: teamPrefixes.prefix, teamName: teams.name })
    .from(teamPrefixes)
    .innerJoin(teams, eq(teamPrefixes.teamId, teams.id))
    .where(ne(teamPrefixes.teamId, teamId));
  const overlaps = findPrefixOverlaps(prefixes, ownedByOthers);
  if (overlaps.length > 0) throw new ConflictError(describeOverlaps(overlaps));
  await transaction.delete(teamPrefixes).where(eq(teamPrefixes.teamId, teamId));
  if (prefixes.length > 0) await transaction.insert(teamPrefixes).values(prefixes.map((prefix) => ({ prefix, teamId })));
}
