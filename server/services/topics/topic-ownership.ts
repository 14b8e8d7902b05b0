// Members change only topics whose names start with a prefix their team owns; operators and admins any topic.
import { eq } from 'drizzle-orm';
import { hasRole } from '../../../domain/roles.ts';
import { teamPrefixes } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { ForbiddenError } from '../service-error.ts';

export async function assertMayChangeTopic(context: Pick<ServiceContext, 'db' | 'actor'>, topicName: string): Promise<void> {
  const { actor } = context;
  if (hasRole(actor.role, 'operator')) return;
  if (actor.role === 'member' && actor.teamId) {
    const prefixes = await context.db.select().from(teamPrefixes).where(eq(teamPrefixes.teamId, actor.teamId));
    if (prefixes.some((owned) => topicName.startsWith(owned.prefix))) return;
    throw new ForbiddenError(`Topic ${topicName} does not start with a prefix your team owns.`);
  }
  throw new ForbiddenError(`Your role (${actor.role}) cannot change topics.`);
}
