// Every signed-in user changes their own password, proving they know the current one (a session left open
// on a shared machine is not enough). All their sessions end, this one too: the next step is signing in with
// the new password, which also proves it works. Audited without either password; a wrong current password
// is recorded as a failed attempt. Checks of the current password are limited per user (5 per 15 minutes,
// attempt-limiter.ts) so a stolen session cannot guess it; refused attempts are not audited (no flood).
import { z } from 'zod';
import { maxPasswordLength, NewPassword } from '../../../domain/password-policy.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { TooManyAttemptsError, ValidationError } from '../service-error.ts';
import { AttemptLimiter } from './attempt-limiter.ts';
import { revokeAllSessions, setCredentialPassword, verifyCredentialPassword } from './credential-password.ts';

export const ChangeOwnPasswordInput = z.object({ currentPassword: z.string().min(1).max(maxPasswordLength), newPassword: NewPassword });
export type ChangeOwnPasswordInput = z.infer<typeof ChangeOwnPasswordInput>;

/** Per process, keyed by user id: 5 checks of the current password per 15 minutes. */
export const ownPasswordAttempts = new AttemptLimiter({ maxAttempts: 5, windowMs: 15 * 60_000, maxKeys: 10_000 });

export async function changeOwnPassword({
  ctx,
  input: unparsed,
}: VerbArgs<typeof ChangeOwnPasswordInput>): Promise<{ sessionsRevoked: number }> {
  const input = ChangeOwnPasswordInput.parse(unparsed);
  const { actor } = ctx;
  if (input.newPassword === input.currentPassword) throw new ValidationError('The new password must differ from the current one.');
  const decision = ownPasswordAttempts.tryAttempt(actor.userId);
  if (!decision.allowed) {
    const minutes = Math.max(1, Math.ceil(decision.retryAfterMs / 60_000));
    throw new TooManyAttemptsError(
      `Too many attempts to change your password. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      decision.retryAfterMs,
    );
  }
  return recordChange(ctx, { action: 'user.changePassword', resourceType: 'user', resourceName: actor.username }, async () => {
    if (!(await verifyCredentialPassword(ctx.auth, actor.userId, input.currentPassword)))
      throw new ValidationError('The current password is wrong.');
    await setCredentialPassword(ctx.auth, actor.userId, input.newPassword);
    const sessionsRevoked = await revokeAllSessions(ctx.auth, actor.userId);
    return { result: { sessionsRevoked }, after: { sessionsRevoked } };
  });
}
