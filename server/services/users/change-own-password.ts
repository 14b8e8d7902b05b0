// Every signed-in user changes their own password, proving they know the current one (a session left open
// on a shared machine is not enough). All their sessions end, this one too: the next step is signing in with
// the new password, which also proves it works. Audited without either password; a wrong current password
// is recorded as a failed attempt.
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { ValidationError } from '../service-error.ts';
import { NewPassword, revokeAllSessions, setCredentialPassword, verifyCredentialPassword } from './credential-password.ts';

export const OwnPasswordChangeInput = z.object({ currentPassword: z.string().min(1).max(128), newPassword: NewPassword });
export type OwnPasswordChangeInput = z.infer<typeof OwnPasswordChangeInput>;

export async function changeOwnPassword(context: ServiceContext, input: OwnPasswordChangeInput): Promise<{ sessionsRevoked: number }> {
  const { actor } = context;
  if (input.newPassword === input.currentPassword) throw new ValidationError('The new password must differ from the current one.');
  return recordChange(context, { action: 'user.changePassword', resourceType: 'user', resourceName: actor.username }, async () => {
    if (!(await verifyCredentialPassword(context.auth, actor.userId, input.currentPassword))) throw new ValidationError('The current password is wrong.');
    await setCredentialPassword(context.auth, actor.userId, input.newPassword);
    const sessionsRevoked = await revokeAllSessions(context.auth, actor.userId);
    return { result: { sessionsRevoked }, after: { sessionsRevoked } };
  });
}
