// Issue 11, findings 3 to 7, against the real server (scripts/start.ts, production build): what an
// attacker with curl sees, not what a page does.
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const consoleUrl = inject('consoleUrl');
const adminPassword = inject('adminPassword');
const dataDir = inject('dataDir');
const origin = consoleUrl;

async function signIn(username: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${consoleUrl}/api/auth/sign-in/username`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...headers },
    body: JSON.stringify({ username, password }),
  });
}

async function adminCookie(): Promise<string> {
  const response = await signIn('admin', adminPassword);
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

function trpcMutation(path: string, body: string, headers: Record<string, string>) {
  return fetch(`${consoleUrl}/api/trpc/${path}`, { method: 'POST', headers, body });
}

describe('sign-in over HTTP', () => {
  it('keys limits on the socket address: rotating X-Forwarded-For neither escapes the account backoff nor lands in the audit log', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      statuses.push(
        (
          await signIn('mallory', `guess-${attempt}`, {
            'x-forwarded-for': `198.51.100.${attempt}`,
            'x-samsa-client-address': `203.0.113.${attempt}`,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const cookie = await adminCookie();
    // superjson on the wire: the input travels as { json }.
    const input = encodeURIComponent(JSON.stringify({ json: { action: 'user.signIn', resource: 'mallory' } }));
    const audit = await fetch(`${consoleUrl}/api/trpc/audit.list?input=${input}`, { headers: { cookie } });
    const text = await audit.text();
    expect(audit.status, text).toBe(200);
    expect(text).toContain('mallory');
    expect(text).toContain('127.0.0.1');
    expect(text).not.toContain('198.51.100.');
    expect(text).not.toContain('203.0.113.');
  });

  it('returns no session token in the JSON body', async () => {
    const response = await signIn('admin', adminPassword);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.token).toBeUndefined();
    const token = decodeURIComponent((response.headers.get('set-cookie') ?? '').split(';')[0].split('=')[1]).split('.')[0];
    const session = await fetch(`${consoleUrl}/api/auth/get-session`, {
      headers: { cookie: `samsa.session_token=${encodeURIComponent(token)}` },
    });
    expect(await session.text()).not.toContain(token);
  });

  it('refuses better-auth endpoints other than sign-in, sign-out and get-session', async () => {
    const cookie = await adminCookie();
    for (const path of ['change-password', 'update-user', 'is-username-available', 'sign-in/email', 'revoke-sessions', 'list-sessions']) {
      const response = await fetch(`${consoleUrl}/api/auth/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie },
        body: JSON.stringify({ currentPassword: adminPassword, newPassword: 'taken-over-password', name: 'x', username: 'admin' }),
      });
      expect([path, response.status]).toEqual([path, 404]);
    }
    expect((await signIn('admin', adminPassword)).status).toBe(200);
  });
});

describe('tRPC mutations over HTTP', () => {
  const body = JSON.stringify({ json: { name: 'hardening', prefixes: ['hardening.'] } });

  it('refuses another Origin, no Origin and non-JSON content types', async () => {
    const cookie = await adminCookie();
    const json = { 'content-type': 'application/json', cookie };
    expect((await trpcMutation('teams.create', body, { ...json, origin: 'http://evil.example' })).status).toBe(403);
    expect((await trpcMutation('teams.create', body, json)).status).toBe(403);
    const form = new FormData();
    form.set('name', 'hardening');
    const multipart = await fetch(`${consoleUrl}/api/trpc/teams.create`, { method: 'POST', headers: { cookie, origin }, body: form });
    expect(multipart.status).toBe(415);
    expect((await trpcMutation('teams.create', body, { cookie, origin, 'content-type': 'text/plain' })).status).toBe(415);
    const accepted = await trpcMutation('teams.create', body, { ...json, origin });
    expect(accepted.status, await accepted.text()).toBe(200);
  });

  it('refuses a body over 1 MiB, declared or streamed', async () => {
    const cookie = await adminCookie();
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    expect((await trpcMutation('teams.create', big, { 'content-type': 'application/json', origin, cookie })).status).toBe(413);
    const streamedStatus = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${consoleUrl}/api/trpc/teams.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie, 'transfer-encoding': 'chunked' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let sent = 0; sent < 24; sent++) request.write(chunk);
      request.end();
    });
    expect(streamedStatus).toBe(413);
  });
});

describe('response headers', () => {
  it('sends CSP with frame-ancestors none, nosniff and a Referrer-Policy on pages and API answers', async () => {
    for (const path of ['/login', '/api/health', '/api/trpc/session.me', '/api/auth/get-session']) {
      const response = await fetch(`${consoleUrl}${path}`);
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('same-origin');
    }
  });
});

describe('health and files', () => {
  it('answers /api/health with status words without a session, with details for a signed-in admin', async () => {
    const anonymous = await fetch(`${consoleUrl}/api/health`);
    const words = (await anonymous.json()) as Record<string, unknown>;
    expect(anonymous.status).toBe(200);
    expect(words).toMatchObject({ ok: true, database: 'ok', broker: 'ok' });
    for (const value of Object.values(words)) expect(['ok', 'failing', true, false]).toContain(value);
    const detailed = await fetch(`${consoleUrl}/api/health`, { headers: { cookie: await adminCookie() } });
    expect(await detailed.json()).toMatchObject({ ok: true, database: { ok: true, kind: 'pglite' }, broker: { ok: true } });
  });

  it('keeps the PGlite directory 0700 and its files 0600', async () => {
    const directory = path.join(dataDir, 'pglite');
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(directory, 'PG_VERSION'))).mode & 0o777).toBe(0o600);
  });
});
