// Renames a team and/or replaces the prefixes it owns (the page adds and removes one at a time). Members of
// the team lose changes to topics under a removed prefix at once. Audited as team.update with before/after.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { teamPrefixes, teams } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, NotFoundError } from '../service-error.ts';
import { withoutControlCharacters } from '../control-characters.ts';
import { claimPrefixes } from './claim-prefixes.ts';
import { normalizePrefixes, TopicPrefixList } from './topic-prefix.ts';

export const UpdateTeamInput = z.object({
  teamId: z.string().min(1).max(100),
  name: withoutControlCharacters(z.string().trim().min(1).max(100)).optional(),
  /** The complete new list; omitted keeps the current one. */
  prefixes: TopicPrefixList.optional(),
});
export type UpdateTeamInput = z.infer<typeof UpdateTeamInput>;

export async function updateTeam({ ctx, input: unparsed }: VerbArgs<typeof UpdateTeamInput>): Promise<void> {
  const input = UpdateTeamInput.parse(unparsed);
  const [team] = await ctx.db.select().from(teams).where(eq(teams.id, input.teamId));
  if (!team) throw new NotFoundError('No such team.');
  const currentPrefixes = (await ctx.db.select().from(teamPrefixes).where(eq(teamPrefixes.teamId, team.id)))
    .map((row) => row.prefix)
    .sort();
  const before = { name: team.name, prefixes: currentPrefixes };
  const after = {
    name: input.name ?? team.name,
    prefixes: input.prefixes === undefined ? currentPrefixes : normalizePrefixes(input.prefixes),
  };
  const parameters = { name: input.name, prefixes: input.prefixes === undefined ? undefined : after.prefixes };
  await recordChange(ctx, { action: 'team.update', resourceType: 'team', resourceName: team.name, parameters, before }, async () => {
    await ctx.db.transaction(async (transaction) => {
      if (after.name !== team.name) {
        const [sameName] = await transaction.select({ id: teams.id }).from(teams).where(eq(teams.name, after.name));
        if (sameName) throw new ConflictError(`A team named ${after.name} already exists.`);
        await transaction.update(teams).set({ name: after.name }).where(eq(teams.id, team.id));
      }
      if (input.prefixes !== undefined) await claimPrefixes(transaction, team.id, after.prefixes);
    });
    return { result: undefined, after };
  });
}
