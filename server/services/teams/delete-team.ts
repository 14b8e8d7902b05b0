// Deletes a team and releases its prefixes; its members stay, without a team.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { teamPrefixes, teams } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export const DeleteTeamInput = z.object({ teamId: z.string().min(1).max(100) });
export type DeleteTeamInput = z.infer<typeof DeleteTeamInput>;

export async function deleteTeam({ ctx, input }: VerbArgs<typeof DeleteTeamInput>): Promise<void> {
  const { teamId } = DeleteTeamInput.parse(input);
  const [team] = await ctx.db.select().from(teams).where(eq(teams.id, teamId));
  if (!team) throw new NotFoundError('No such team.');
  const prefixes = await ctx.db.select().from(teamPrefixes).where(eq(teamPrefixes.teamId, teamId));
  const before = { name: team.name, prefixes: prefixes.map((row) => row.prefix) };
  await recordChange(ctx, { action: 'team.delete', resourceType: 'team', resourceName: team.name, before }, async () => {
    await ctx.db.delete(teams).where(eq(teams.id, teamId));
    return { result: undefined };
  });
}
