// Pins what create-account.ts gets from better-auth's internal adapter (see the comment there): an account
// that better-auth's own sign-in accepts, with the role and team stored, no session, duplicates refused.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, sessions, teams, users } from '../db/schema/index.ts';
import { ConflictError, ValidationError } from '../services/service-error.ts';
import { databaseKinds } from '../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { createAccount } from './create-account.ts';

describe.each(databaseKinds)('createAccount on %s', (kind) => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
    await runtime.db.insert(teams).values({ id: 'team-ops', name: 'ops' });
  }, 180_000);
  afterAll(async () => {
    await runtime?.close();
  });

  it('stores the user with role, team and a lower-case username, and a hashed credential, and signs nobody in', async () => {
    const created = await createAccount(runtime.auth, {
      username: 'Grace.Hopper',
      name: 'Grace Hopper',
      password: 'cobol-forever-1959',
      role: 'operator',
      teamId: 'team-ops',
    });
    expect(created).toEqual({ id: expect.any(String), username: 'grace.hopper', role: 'operator' });
    const [user] = await runtime.db.select().from(users).where(eq(users.id, created.id));
    expect(user).toMatchObject({
      username: 'grace.hopper',
      displayUsername: 'Grace.Hopper',
      name: 'Grace Hopper',
      email: 'grace.hopper@users.samsa.invalid',
      emailVerified: false,
      role: 'operator',
      teamId: 'team-ops',
    });
    const credentials = await runtime.db.select().from(accounts).where(eq(accounts.userId, created.id));
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ providerId: 'credential', accountId: created.id });
    expect(credentials[0].password).toBeTruthy();
    expect(credentials[0].password).not.toContain('cobol-forever-1959');
    expect(await runtime.db.select().from(sessions).where(eq(sessions.userId, created.id))).toEqual([]);
  });

  it('makes an account better-auth’s own sign-in accepts with its password, and only with it', async () => {
    await createAccount(runtime.auth, {
      username: 'linus',
      name: 'Linus',
      email: 'Linus@Example.com',
      password: 'penguins-rule',
      role: 'viewer',
    });
    const signedIn = await runtime.auth.api.signInUsername({ body: { username: 'linus', password: 'penguins-rule' } });
    expect(signedIn?.user).toMatchObject({ username: 'linus', email: 'linus@example.com', role: 'viewer' });
    await expect(runtime.auth.api.signInUsername({ body: { username: 'linus', password: 'wrong-password' } })).rejects.toThrow();
  });

  it('refuses a taken username in any case, a taken email and a password outside the policy', async () => {
    await createAccount(runtime.auth, {
      username: 'ada',
      name: 'Ada',
      email: 'ada@example.com',
      password: 'analytical-engine',
      role: 'member',
    });
    await expect(
      createAccount(runtime.auth, { username: 'ADA', name: 'Ada 2', password: 'analytical-engine', role: 'member' }),
    ).rejects.toThrow(new ConflictError('A user named ada already exists.'));
    await expect(
      createAccount(runtime.auth, {
        username: 'countess',
        name: 'Ada 3',
        email: 'ADA@example.com',
        password: 'analytical-engine',
        role: 'member',
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      createAccount(runtime.auth, { username: 'shorty', name: 'Shorty', password: 'short', role: 'viewer' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await runtime.db.select().from(users).where(eq(users.username, 'shorty'))).toEqual([]);
  });
});
