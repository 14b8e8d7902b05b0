// Creates a team owning topic-name prefixes; a prefix overlapping another team's is refused (topic-prefix.ts).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { teams } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';
import { withoutControlCharacters } from '../control-characters.ts';
import { claimPrefixes } from './claim-prefixes.ts';
import { normalizePrefixes, TopicPrefixList } from './topic-prefix.ts';

export const CreateTeamInput = z.object({
  name: withoutControlCharacters(z.string().trim().min(1).max(100)),
  prefixes: TopicPrefixList,
});
export type CreateTeamInput = z.infer<typeof CreateTeamInput>;

export async function createTeam({ ctx, input }: VerbArgs<typeof CreateTeamInput>): Promise<{ id: string }> {
  const team = CreateTeamInput.parse(input);
  const prefixes = normalizePrefixes(team.prefixes);
  const id = randomUUID();
  return recordChange(ctx, { action: 'team.create', resourceType: 'team', resourceName: team.name, parameters: { prefixes } }, async () => {
    await ctx.db.transaction(async (transaction) => {
      const [sameName] = await transaction.select({ id: teams.id }).from(teams).where(eq(teams.name, team.name));
      if (sameName) throw new ConflictError(`A team named ${team.name} already exists.`);
      await transaction.insert(teams).values({ id, name: team.name });
      await claimPrefixes(transaction, id, prefixes);
    });
    return { result: { id }, after: { id, name: team.name, prefixes } };
  });
}
