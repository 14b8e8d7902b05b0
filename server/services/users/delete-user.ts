// Deletes an account (its sessions and credentials go with it). Audit records keep the username as text.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';

export const DeleteUserInput = z.object({ userId: z.string().min(1).max(100) });
export type DeleteUserInput = z.infer<typeof DeleteUserInput>;

export async function deleteUser({ ctx, input }: VerbArgs<typeof DeleteUserInput>): Promise<void> {
  const { userId } = DeleteUserInput.parse(input);
  if (userId === ctx.actor.userId) throw new ValidationError('You cannot delete your own account.');
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError('No such user.');
  const before = { username: user.username, name: user.name, email: user.email, role: user.role, teamId: user.teamId };
  await recordChange(ctx, { action: 'user.delete', resourceType: 'user', resourceName: user.username ?? user.id, before }, async () => {
    await ctx.db.delete(users).where(eq(users.id, userId));
    return { result: undefined };
  });
}
