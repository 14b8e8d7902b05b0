// Creates a team owning topic-name prefixes; a prefix overlapping another team's is refused (topic-prefix.ts).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { teams } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';
import { claimPrefixes } from './claim-prefixes.ts';
import { normalizePrefixes, TopicPrefixList } from './topic-prefix.ts';

export const NewTeamInput = z.object({
  name: z.string().trim().min(1).max(100),
  prefixes: TopicPrefixList,
});
export type NewTeamInput = z.infer<typeof NewTeamInput>;

export async function createTeam(context: ServiceContext, input: NewTeamInput): Promise<{ id: string }> {
  const prefixes = normalizePrefixes(input.prefixes);
  const id = randomUUID();
  return recordChange(context, { action: 'team.create', resourceType: 'team', resourceName: input.name, parameters: { prefixes } }, async () => {
    await context.db.transaction(async (transaction) => {
      const [sameName] = await transaction.select({ id: teams.id }).from(teams).where(eq(teams.name, input.name));
      if (sameName) throw new ConflictError(`A team named ${input.name} already exists.`);
      await transaction.insert(teams).values({ id, name: input.name });
      await claimPrefixes(transaction, id, prefixes);
    });
    return { result: { id }, after: { id, name: input.name, prefixes } };
  });
}
