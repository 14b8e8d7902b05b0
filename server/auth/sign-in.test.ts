import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { databaseKinds } from '../test-support/test-database.ts';
import { createAccount } from './create-account.ts';
import { ensureAdmin } from './ensure-admin.ts';

describe.each(databaseKinds)('sign-in on %s', (kind) => {
  let runtime: TestRuntime;
  const origin = 'http://127.0.0.1:3000';
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
    await createAccount(runtime.auth, { username: 'dora', name: 'Dora', password: 'dora-password', role: 'operator' });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  // better-auth's in-memory rate-limit buckets are per process, so each database kind uses its own addresses.
  const address = (host: number) => `10.${databaseKinds.indexOf(kind)}.0.${host}`;

  function signIn(password: string, clientAddress: string) {
    return runtime.auth.handler(
      new Request(`${origin}/api/auth/sign-in/username`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': clientAddress },
        body: JSON.stringify({ username: 'dora', password }),
      }),
    );
  }

  it('signs in with username and password and sets an httpOnly SameSite session cookie', async () => {
    const response = await signIn('dora-password', address(1));
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/samsa\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = await runtime.auth.api.getSession({ headers: new Headers({ cookie: cookie.split(';')[0] }) });
    expect((session?.user as { role?: string } | undefined)?.role).toBe('operator');
  });

  it('refuses a wrong password', async () => {
    const response = await signIn('not-her-password', address(2));
    expect(response.status).toBe(401);
  });

  it('rate-limits repeated sign-in attempts from one address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) statuses.push((await signIn('guess-' + attempt, address(3))).status);
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await signIn('dora-password', address(4))).status).toBe(200);
  });

  it('creates the first admin once, with a generated password when none is configured', async () => {
    const first = await ensureAdmin(runtime.db, runtime.auth, undefined);
    expect(first.created).toBe(true);
    expect(first.generatedPassword?.length).toBeGreaterThanOrEqual(12);
    const second = await ensureAdmin(runtime.db, runtime.auth, undefined);
    expect(second).toEqual({ created: false });
    const response = await runtime.auth.handler(
      new Request(`${origin}/api/auth/sign-in/username`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address(5) },
        body: JSON.stringify({ username: 'admin', password: first.generatedPassword }),
      }),
    );
    expect(response.status).toBe(200);
  });
});
