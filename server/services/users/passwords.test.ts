import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../api/root.ts';
import type { Actor } from '../service-context.ts';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { createAccount } from '../../auth/create-account.ts';

const origin = 'http://127.0.0.1:3000';

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe.each(databaseKinds)('passwords in %s', (kind) => {
  let runtime: TestRuntime;
  let addressCounter = 0;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  /** Signs in over better-auth's HTTP handler, each time from a new address (sign-in is rate-limited per address). */
  async function signIn(username: string, password: string): Promise<{ status: number; cookie: string }> {
    const response = await runtime.auth.handler(
      new Request(`${origin}/api/auth/sign-in/username`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'x-forwarded-for': `10.7.${databaseKinds.indexOf(kind)}.${++addressCounter}`,
        },
        body: JSON.stringify({ username, password }),
      }),
    );
    return { status: response.status, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] };
  }

  async function isSignedIn(cookie: string): Promise<boolean> {
    return (await runtime.auth.api.getSession({ headers: new Headers({ cookie }) })) !== null;
  }

  async function accountWithSessions(username: string, password: string, sessionCount: number) {
    const user = await createAccount(runtime.auth, { username, name: username, password, role: 'member' });
    const cookies: string[] = [];
    for (let index = 0; index < sessionCount; index++) cookies.push((await signIn(username, password)).cookie);
    const actor: Actor = { userId: user.id, username, name: username, role: 'member', teamId: null };
    return { user, cookies, caller: createCaller({ runtime, actor, requestId: 'test', clientAddress: '127.0.0.1' }) };
  }

  it('lets an admin reset a password, ending every session of that user, audited without the password', async () => {
    const admin = await runtime.callerAs('admin');
    const { user, cookies } = await accountWithSessions('nora', 'nora-old-password', 2);
    expect(await isSignedIn(cookies[0])).toBe(true);
    expect(await admin.users.resetPassword({ userId: user.id, newPassword: 'nora-new-password' })).toEqual({ sessionsRevoked: 2 });
    for (const cookie of cookies) expect(await isSignedIn(cookie)).toBe(false);
    expect((await signIn('nora', 'nora-old-password')).status).toBe(401);
    expect((await signIn('nora', 'nora-new-password')).status).toBe(200);
    const audit = await admin.audit.list({ action: 'user.resetPassword', resource: 'nora' });
    expect(audit.rows[0]).toMatchObject({ outcome: 'succeeded', after: { sessionsRevoked: 2 } });
    expect(JSON.stringify(audit.rows)).not.toContain('password"');
    expect(JSON.stringify(audit.rows)).not.toContain('nora-new');
  });

  it('refuses password resets to operators and below, and an admin resetting their own', async () => {
    const { user } = await accountWithSessions('omar', 'omar-password', 0);
    for (const role of ['viewer', 'member', 'operator'] as const) {
      const caller = await runtime.callerAs(role);
      expect(await codeOf(caller.users.resetPassword({ userId: user.id, newPassword: 'taken-over!' }))).toBe('FORBIDDEN');
    }
    const adminActor = await runtime.actorAs('admin');
    const self = createCaller({ runtime, actor: adminActor, requestId: 'r', clientAddress: '127.0.0.1' });
    expect(await codeOf(self.users.resetPassword({ userId: adminActor.userId, newPassword: 'another-password' }))).toBe('BAD_REQUEST');
    expect((await signIn('omar', 'omar-password')).status).toBe(200);
  });

  it('changes your own password given the current one and signs you out everywhere', async () => {
    const { caller, cookies } = await accountWithSessions('pia', 'pia-old-password', 2);
    expect(await caller.users.changeOwnPassword({ currentPassword: 'pia-old-password', newPassword: 'pia-new-password' })).toEqual({
      sessionsRevoked: 2,
    });
    for (const cookie of cookies) expect(await isSignedIn(cookie)).toBe(false);
    expect((await signIn('pia', 'pia-old-password')).status).toBe(401);
    expect((await signIn('pia', 'pia-new-password')).status).toBe(200);
    const admin = await runtime.callerAs('admin');
    const audit = await admin.audit.list({ action: 'user.changePassword', resource: 'pia' });
    expect(audit.rows[0]).toMatchObject({ outcome: 'succeeded', actorName: 'pia' });
    expect(JSON.stringify(audit.rows)).not.toContain('pia-new');
  });

  it('refuses a wrong current password, keeps the sessions and records the failed attempt', async () => {
    const { caller, cookies } = await accountWithSessions('quinn', 'quinn-password', 1);
    await expect(
      caller.users.changeOwnPassword({ currentPassword: 'guessed-password', newPassword: 'quinn-new-password' }),
    ).rejects.toThrow(/current password is wrong/);
    expect(await isSignedIn(cookies[0])).toBe(true);
    expect((await signIn('quinn', 'quinn-password')).status).toBe(200);
    const admin = await runtime.callerAs('admin');
    const audit = await admin.audit.list({ action: 'user.changePassword', resource: 'quinn' });
    expect(audit.rows[0]).toMatchObject({ outcome: 'failed', error: 'The current password is wrong.' });
  });

  it('rate-limits checks of the current password per user: the sixth attempt in 15 minutes is TOO_MANY_REQUESTS', async () => {
    const { caller, cookies } = await accountWithSessions('sven', 'sven-password', 1);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await codeOf(caller.users.changeOwnPassword({ currentPassword: `guess-${attempt}`, newPassword: 'sven-new-password' }))).toBe(
        'BAD_REQUEST',
      );
    }
    // Even the right password is refused now, unchecked, and changes nothing.
    const refused = caller.users.changeOwnPassword({ currentPassword: 'sven-password', newPassword: 'sven-new-password' });
    await expect(refused).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/Too many attempts .* Try again in 15 minutes/),
    });
    expect(await isSignedIn(cookies[0])).toBe(true);
    expect((await signIn('sven', 'sven-password')).status).toBe(200);
    // Other users keep their own budget.
    const other = await accountWithSessions('tara', 'tara-password', 0);
    expect(await other.caller.users.changeOwnPassword({ currentPassword: 'tara-password', newPassword: 'tara-new-password' })).toEqual({
      sessionsRevoked: 0,
    });
  });

  it('refuses a new password shorter than 8 characters', async () => {
    const { caller } = await accountWithSessions('ravi', 'ravi-password', 0);
    expect(await codeOf(caller.users.changeOwnPassword({ currentPassword: 'ravi-password', newPassword: 'short' }))).toBe('BAD_REQUEST');
    expect(await codeOf(runtime.anonymousCaller().users.changeOwnPassword({ currentPassword: 'x', newPassword: 'long-enough' }))).toBe(
      'UNAUTHORIZED',
    );
  });
});
