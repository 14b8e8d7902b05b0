// Deletes an account (its sessions and credentials go with it). Audit records keep the username as text.
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';

export async function deleteUser(context: ServiceContext, userId: string): Promise<void> {
  if (userId === context.actor.userId) throw new ValidationError('You cannot delete your own account.');
  const [user] = await context.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError('No such user.');
  const before = { username: user.username, name: user.name, email: user.email, role: user.role, teamId: user.teamId };
  await recordChange(context, { action: 'user.delete', resourceType: 'user', resourceName: user.username ?? user.id, before }, async () => {
    await context.db.delete(users).where(eq(users.id, userId));
    return { result: undefined };
  });
}
