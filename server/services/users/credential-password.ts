// Password and session operations through better-auth's own context (its hasher, adapter and session store),
// so Samsa holds no crypto of its own. Used by the admin reset and by "change my password".
import type { Auth } from '../../auth/create-auth.ts';
import { NotFoundError } from '../service-error.ts';

export async function verifyCredentialPassword(auth: Auth, userId: string, password: string): Promise<boolean> {
  const context = await auth.$context;
  const account = await context.internalAdapter.findCredentialAccount(userId);
  if (!account?.password) throw new NotFoundError('This account has no password to check.');
  return context.password.verify({ hash: account.password, password });
}

export async function setCredentialPassword(auth: Auth, userId: string, newPassword: string): Promise<void> {
  const context = await auth.$context;
  const account = await context.internalAdapter.findCredentialAccount(userId);
  if (!account) throw new NotFoundError('This account has no password login.');
  await context.internalAdapter.updateAccount(account.id, { password: await context.password.hash(newPassword) });
}

/** Signs the user out everywhere; returns how many live sessions ended. */
export async function revokeAllSessions(auth: Auth, userId: string): Promise<number> {
  const context = await auth.$context;
  const live = await context.internalAdapter.listSessions(userId);
  await context.internalAdapter.deleteUserSessions(userId);
  return live.length;
}
