// Changes a user's role or team. An admin cannot demote themselves: there must always be someone to undo it.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { roles } from '../../../domain/roles.ts';
import { users } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { requireTeam } from '../teams/require-team.ts';

export const UpdateUserInput = z.object({
  userId: z.string().min(1).max(100),
  role: z.enum(roles).optional(),
  teamId: z.string().min(1).max(100).nullable().optional(),
});
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export async function updateUser({ ctx, input: unparsed }: VerbArgs<typeof UpdateUserInput>): Promise<void> {
  const input = UpdateUserInput.parse(unparsed);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, input.userId));
  if (!user) throw new NotFoundError('No such user.');
  await requireTeam(ctx.db, input.teamId);
  if (user.id === ctx.actor.userId && input.role && input.role !== 'admin')
    throw new ValidationError('You cannot remove your own admin role.');
  const before = { role: user.role, teamId: user.teamId };
  const after = { role: input.role ?? user.role, teamId: input.teamId === undefined ? user.teamId : input.teamId };
  await recordChange(
    ctx,
    { action: 'user.update', resourceType: 'user', resourceName: user.username ?? user.id, parameters: input, before },
    async () => {
      await ctx.db
        .update(users)
        .set({ ...after, updatedAt: new Date() })
        .where(eq(users.id, user.id));
      return { result: undefined, after };
    },
  );
}
