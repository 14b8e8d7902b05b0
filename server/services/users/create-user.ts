// Creates a local account with a hashed password (better-auth's hasher, credential account).
import { randomUUID } from 'node:crypto';
import type { Auth } from '../../auth/create-auth.ts';
import type { Role } from '../../db/schema/index.ts';
import { ConflictError, ValidationError } from '../service-error.ts';

export interface NewUser {
  username: string;
  name: string;
  email?: string;
  password: string;
  role: Role;
  teamId?: string | null;
}

export interface CreatedUser {
  id: string;
  username: string;
  role: Role;
}

export async function createUser(auth: Auth, input: NewUser): Promise<CreatedUser> {
  const context = await auth.$context;
  const username = input.username.toLowerCase();
  if (input.password.length < 8) throw new ValidationError('Passwords have at least 8 characters.');
  if (await context.internalAdapter.findUserByEmail(emailFor(input))) throw new ConflictError(`A user with that email already exists.`);
  const existing = await context.adapter.findOne({ model: 'user', where: [{ field: 'username', value: username }] });
  if (existing) throw new ConflictError(`A user named ${username} already exists.`);
  const passwordHash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser({
    id: randomUUID(),
    name: input.name,
    email: emailFor(input),
    emailVerified: false,
    username,
    displayUsername: input.username,
    role: input.role,
    teamId: input.teamId ?? null,
  }, { method: 'admin' });
  await context.internalAdapter.linkAccount({ providerId: 'credential', accountId: user.id, userId: user.id, password: passwordHash });
  return { id: user.id, username, role: input.role };
}

/** better-auth requires an email; local accounts without one get a non-routable placeholder. */
function emailFor(input: NewUser): string {
  return (input.email ?? `${input.username.toLowerCase()}@users.samsa.invalid`).toLowerCase();
}
