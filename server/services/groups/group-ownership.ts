// Operators and admins reset any group; a member only a group whose every topic (committed to, assigned, or
// in the reset's scope) starts with a prefix their team owns.
import { eq } from 'drizzle-orm';
import { teamPrefixes } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { ForbiddenError } from '../service-error.ts';

export async function assertMayResetGroup(context: Pick<ServiceContext, 'db' | 'actor'>, groupId: string, topics: string[]): Promise<void> {
  const { actor } = context;
  if (actor.role === 'admin' || actor.role === 'operator') return;
  if (actor.role !== 'member' || !actor.teamId) throw new ForbiddenError(`Your role (${actor.role}) cannot reset consumer groups.`);
  const prefixes = (await context.db.select().from(teamPrefixes).where(eq(teamPrefixes.teamId, actor.teamId))).map((row) => row.prefix);
  const foreign = topics.filter((topic) => !prefixes.some((prefix) => topic.startsWith(prefix)));
  if (foreign.length > 0)
    throw new ForbiddenError(`Group ${groupId} reads ${foreign.join(', ')}, not under a prefix your team owns; ask an operator.`);
}
