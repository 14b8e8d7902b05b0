import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressHeader, markClientAddressTrusted } from '../http/client-address.ts';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { databaseKinds } from '../test-support/test-database.ts';
import { createAccount } from './create-account.ts';
import { handleAuthRequest } from './auth-endpoint.ts';
import { ensureAdmin } from './ensure-admin.ts';

// As behind scripts/start.ts's server, which sets clientAddressHeader from the socket on every request.
markClientAddressTrusted();

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

  const address = (host: number) => `10.${databaseKinds.indexOf(kind)}.0.${host}`;

  function request(
    path: string,
    options: { method?: string; body?: unknown; socketAddress?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { 'content-type': 'application/json', origin, ...options.headers };
    if (options.socketAddress) headers[clientAddressHeader] = options.socketAddress;
    return handleAuthRequest(
      runtime,
      new Request(`${origin}/api/auth${path}`, {
        method: options.method ?? 'POST',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      }),
    );
  }

  function signIn(username: string, password: string, socketAddress: string, headers: Record<string, string> = {}) {
    return request('/sign-in/username', { body: { username, password }, socketAddress, headers });
  }

  it('creates the first admin once, with a generated password when none is configured', async () => {
    const first = await ensureAdmin(runtime.db, runtime.auth, undefined);
    expect(first.created).toBe(true);
    expect(first.generatedPassword?.length).toBeGreaterThanOrEqual(12);
    const second = await ensureAdmin(runtime.db, runtime.auth, undefined);
    expect(second).toEqual({ created: false });
    expect((await signIn('admin', first.generatedPassword!, address(5))).status).toBe(200);
  });

  it('signs in with username and password, sets an httpOnly SameSite cookie and returns no token in the body', async () => {
    const response = await signIn('dora', 'dora-password', address(1));
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/samsa\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.token).toBeUndefined();
    expect(body).toHaveProperty('user');
    const sessionCookie = cookie.split(';')[0];
    const session = await request('/get-session', { method: 'GET', headers: { cookie: sessionCookie } });
    const sessionBody = (await session.json()) as { session: Record<string, unknown>; user: { role?: string } };
    expect(sessionBody.user.role).toBe('operator');
    expect(sessionBody.session.token).toBeUndefined();
    expect(JSON.stringify(sessionBody)).not.toContain(decodeURIComponent(sessionCookie.split('=')[1]).split('.')[0]);
  });

  it('audits failed and successful sign-ins with username and client address', async () => {
    expect((await signIn('Dora', 'not-her-password', address(2))).status).toBe(401);
    expect((await signIn('nobody', 'whatever', address(2))).status).toBe(401);
    expect((await signIn('dora', 'dora-password', address(2))).status).toBe(200);
    const admin = await runtime.callerAs('admin');
    const rows = (await admin.audit.list({ action: 'user.signIn' })).rows.filter((row) => row.clientAddress === address(2));
    expect(rows.map((row) => [row.actorName, row.outcome])).toEqual([
      ['dora', 'succeeded'],
      ['nobody', 'failed'],
      ['dora', 'failed'],
    ]);
    expect(rows[1]).toMatchObject({ actorUserId: null, actorRole: 'anonymous', error: 'Wrong username or password.' });
    expect(JSON.stringify(rows)).not.toContain('not-her-password');
  });

  it('limits sign-ins per socket address, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      statuses.push((await signIn('dora', `guess-${attempt}`, address(3), { 'x-forwarded-for': `203.0.113.${attempt}` })).status);
    }
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // A client-written copy of the internal header is replaced by the socket address, not believed.
    runtime.signInLimits.perAccount.recordSuccess('dora');
    expect((await signIn('dora', 'dora-password', address(4))).status).toBe(200);
  });

  it('backs off per account: after 5 failures from any addresses even the right password waits', async () => {
    await createAccount(runtime.auth, { username: 'eve', name: 'Eve', password: 'eve-password', role: 'viewer' });
    for (let attempt = 0; attempt < 5; attempt++) expect((await signIn('eve', `guess-${attempt}`, address(20 + attempt))).status).toBe(401);
    expect((await signIn('eve', 'guess-6', address(30))).status).toBe(401);
    const locked = await signIn('eve', 'eve-password', address(31));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another account is not affected.
    expect((await signIn('dora', 'dora-password', address(32))).status).toBe(200);
  });

  it('refuses every better-auth endpoint but sign-in, sign-out and get-session', async () => {
    const viewer = await createAccount(runtime.auth, { username: 'vic', name: 'Vic', password: 'vic-password', role: 'viewer' });
    const cookie = ((await signIn('vic', 'vic-password', address(40))).headers.get('set-cookie') ?? '').split(';')[0];
    const refused = [
      ['/change-password', { currentPassword: 'vic-password', newPassword: 'vic-new-password' }],
      ['/update-user', { name: 'Renamed' }],
      ['/is-username-available', { username: 'dora' }],
      ['/sign-in/email', { email: 'dora@users.samsa.invalid', password: 'dora-password' }],
      ['/sign-up/email', { email: 'x@example.com', password: 'password123', name: 'x' }],
      ['/list-sessions', undefined],
      ['/revoke-sessions', {}],
      ['/delete-user', {}],
    ] as const;
    for (const [path, body] of refused) {
      const response = await request(path, { body, headers: { cookie }, method: body === undefined ? 'GET' : 'POST' });
      expect([path, response.status]).toEqual([path, 404]);
    }
    expect((await signIn('vic', 'vic-new-password', address(41))).status).toBe(401);
    const admin = await runtime.callerAs('admin');
    expect((await admin.users.list()).find((user) => user.id === viewer.id)?.name).toBe('Vic');
    expect((await request('/sign-out', { body: {}, headers: { cookie } })).status).toBe(200);
  });

  it('refuses a malformed or oversized sign-in body with 400', async () => {
    expect((await request('/sign-in/username', { body: { username: 'dora' }, socketAddress: address(50) })).status).toBe(400);
    expect(
      (await request('/sign-in/username', { body: { username: 'do\u0000ra', password: 'x' }, socketAddress: address(50) })).status,
    ).toBe(400);
    expect(
      (await request('/sign-in/username', { body: { username: 'dora', password: 'x'.repeat(100_000) }, socketAddress: address(50) }))
        .status,
    ).toBe(400);
  });
});
