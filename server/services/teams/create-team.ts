// Creates a team owning topic-name prefixes; a prefix already owned by another team is refused.
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { teamPrefixes, teams } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';

export const NewTeamInput = z.object({
  name: z.string().trim().min(1).max(100),
  prefixes: z.array(z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/)).max(50),
});
export type NewTeamInput = z.infer<typeof NewTeamInput>;

export async function createTeam(context: ServiceContext, input: NewTeamInput): Promise<{ id: string }> {
  const prefixes = [...new Set(input.prefixes)];
  if (prefixes.length > 0) {
    const taken = await context.db.select().from(teamPrefixes).where(inArray(teamPrefixes.prefix, prefixes));
    if (taken.length > 0) throw new ConflictError(`Prefix already owned by another team: ${taken.map((row) => row.prefix).join(', ')}`);
  }
  const id = randomUUID();
  return recordChange(context, { action: 'team.create', resourceType: 'team', resourceName: input.name, parameters: { prefixes } }, async () => {
    await context.db.transaction(async (transaction) => {
      await transaction.insert(teams).values({ id, name: input.name });
      if (prefixes.length > 0) await transaction.insert(teamPrefixes).values(prefixes.map((prefix) => ({ prefix, teamId: id })));
    });
    return { result: { id }, after: { id, name: input.name, prefixes } };
  });
}
