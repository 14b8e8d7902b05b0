// Admins set a new password for another user (who forgot theirs, or whose password leaked). Every session of
// that user ends, so whoever held the old password is signed out. Audited without the password.
// An admin changes their own password with change-own-password.ts, which asks for the current one.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { NewPassword } from '../../../domain/password-policy.ts';
import { users } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { revokeAllSessions, setCredentialPassword } from './credential-password.ts';

export const ResetPasswordInput = z.object({ userId: z.string().min(1).max(100), newPassword: NewPassword });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;

export async function resetPassword({ ctx, input: unparsed }: VerbArgs<typeof ResetPasswordInput>): Promise<{ sessionsRevoked: number }> {
  const input = ResetPasswordInput.parse(unparsed);
  if (input.userId === ctx.actor.userId)
    throw new ValidationError('Change your own password under "My account"; it asks for your current password.');
  const [user] = await ctx.db.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, input.userId));
  if (!user) throw new NotFoundError('No such user.');
  const resourceName = user.username ?? user.id;
  return recordChange(
    ctx,
    { action: 'user.resetPassword', resourceType: 'user', resourceName, parameters: { userId: user.id } },
    async () => {
      await setCredentialPassword(ctx.auth, user.id, input.newPassword);
      const sessionsRevoked = await revokeAllSessions(ctx.auth, user.id);
      return { result: { sessionsRevoked }, after: { sessionsRevoked } };
    },
  );
}
