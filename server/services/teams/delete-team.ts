// Deletes a team and releases its prefixes; its members stay, without a team.
import { eq } from 'drizzle-orm';
import { teamPrefixes, teams } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export async function deleteTeam(context: ServiceContext, teamId: string): Promise<void> {
  const [team] = await context.db.select().from(teams).where(eq(teams.id, teamId));
  if (!team) throw new NotFoundError('No such team.');
  const prefixes = await context.db.select().from(teamPrefixes).where(eq(teamPrefixes.teamId, teamId));
  const before = { name: team.name, prefixes: prefixes.map((row) => row.prefix) };
  await recordChange(context, { action: 'team.delete', resourceType: 'team', resourceName: team.name, before }, async () => {
    await context.db.delete(teams).where(eq(teams.id, teamId));
    return { result: undefined };
  });
}
