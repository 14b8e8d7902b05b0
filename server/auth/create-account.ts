// Creates a local account with a hashed password (better-auth's hasher, credential account). Not audited by
// itself: the users.create verb (services/users/create-user.ts) audits it; the first admin, created here at
// first start by ensure-admin.ts, has no actor to record yet.
import { randomUUID } from 'node:crypto';
import { NewPassword } from '../../domain/password-policy.ts';
import type { Role } from '../../domain/roles.ts';
import { ConflictError, ValidationError } from '../services/service-error.ts';
import type { Auth } from './create-auth.ts';

export interface NewAccount {
  username: string;
  name: string;
  email?: string;
  password: string;
  role: Role;
  teamId?: string | null;
}

export interface CreatedAccount {
  id: string;
  username: string;
  role: Role;
}

export async function createAccount(auth: Auth, account: NewAccount): Promise<CreatedAccount> {
  const context = await auth.$context;
  const username = account.username.toLowerCase();
  const password = NewPassword.safeParse(account.password);
  if (!password.success) throw new ValidationError(password.error.issues[0].message);
  if (await context.internalAdapter.findUserByEmail(emailFor(account))) throw new ConflictError(`A user with that email already exists.`);
  const existing = await context.adapter.findOne({ model: 'user', where: [{ field: 'username', value: username }] });
  if (existing) throw new ConflictError(`A user named ${username} already exists.`);
  const passwordHash = await context.password.hash(account.password);
  const user = await context.internalAdapter.createUser(
    {
      id: randomUUID(),
      name: account.name,
      email: emailFor(account),
      emailVerified: false,
      username,
      displayUsername: account.username,
      role: account.role,
      teamId: account.teamId ?? null,
    },
    { method: 'admin' },
  );
  await context.internalAdapter.linkAccount({ providerId: 'credential', accountId: user.id, userId: user.id, password: passwordHash });
  return { id: user.id, username, role: account.role };
}

/** better-auth requires an email; local accounts without one get a non-routable placeholder. */
function emailFor(account: NewAccount): string {
  return (account.email ?? `${account.username.toLowerCase()}@users.samsa.invalid`).toLowerCase();
}
