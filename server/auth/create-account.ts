// Creates a local account with a hashed password (better-auth's hasher, credential account). Not audited by
// itself: the users.create verb (services/users/create-user.ts) audits it; the first admin, created here at
// first start by ensure-admin.ts, has no actor to record yet.
//
// Why better-auth's internal adapter (auth.$context.internalAdapter) and not a public API: better-auth has two
// ways to make an account. `auth.api.signUpEmail` is public sign-up, which is off here (disableSignUp), cannot
// set role and teamId (they are `input: false`, so no caller can choose their own role), and signs the new
// user in. The admin plugin's `auth.api.createUser` would fit, but brings a migration for fields we do not
// use (banned, banReason, banExpires, impersonatedBy), a second role model that must mirror domain/roles.ts,
// and endpoints such as impersonate-user, set-role and set-user-password that bypass our audited verbs (HTTP
// blocks them today, one allow-list away); and it does the same three internal-adapter calls as below. So
// this file makes the calls better-auth's own admin plugin makes, and create-account.test.ts pins what they
// must produce: rows better-auth's real sign-in accepts, no session, role and team stored, duplicates refused.
// Upgrading better-auth: run that test on both databases.
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
