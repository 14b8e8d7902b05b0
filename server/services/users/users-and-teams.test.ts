import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

describe.each(databaseKinds)('users and teams in %s', (kind) => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('moves a user into a team, then deletes the team leaving the user teamless, all audited', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: 'billing', prefixes: ['billing.', 'invoices-'] });
    const created = await admin.users.create({ username: 'mia', name: 'Mia', password: 'mia-password', role: 'member' });
    await admin.users.update({ userId: created.id, teamId: team.id });
    expect((await admin.users.list()).find((user) => user.id === created.id)?.teamName).toBe('billing');
    await admin.teams.delete({ teamId: team.id });
    expect((await admin.users.list()).find((user) => user.id === created.id)?.teamId).toBeNull();
    const audit = await admin.audit.list({ resource: 'billing' });
    expect(audit.rows.map((row) => row.action)).toEqual(['team.delete', 'team.create']);
    expect(audit.rows[0].before).toEqual({ name: 'billing', prefixes: ['billing.', 'invoices-'] });
  });

  it('refuses a prefix another team already owns', async () => {
    const admin = await runtime.callerAs('admin');
    await admin.teams.create({ name: 'search', prefixes: ['search.'] });
    await expect(admin.teams.create({ name: 'search-2', prefixes: ['search.'] })).rejects.toThrow(/already owned/);
  });

  it('deletes a user, who can then no longer sign in', async () => {
    const admin = await runtime.callerAs('admin');
    const created = await admin.users.create({ username: 'leo', name: 'Leo', password: 'leo-password', role: 'viewer' });
    await admin.users.delete({ userId: created.id });
    expect((await admin.users.list()).map((user) => user.username)).not.toContain('leo');
    const response = await runtime.auth.handler(
      new Request('http://127.0.0.1:3000/api/auth/sign-in/username', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'http://127.0.0.1:3000',
          'x-forwarded-for': `10.9.${databaseKinds.indexOf(kind)}.1`,
        },
        body: JSON.stringify({ username: 'leo', password: 'leo-password' }),
      }),
    );
    expect(response.status).toBe(401);
    const audit = await admin.audit.list({ action: 'user.delete', resource: 'leo' });
    expect(audit.rows[0]).toMatchObject({ outcome: 'succeeded', before: { role: 'viewer' } });
  });

  it('refuses an admin deleting their own account', async () => {
    const actor = await runtime.actorAs('admin');
    const { createCaller } = await import('../../api/root.ts');
    const self = createCaller({ runtime, actor, requestId: 'r', clientAddress: '127.0.0.1' });
    await expect(self.users.delete({ userId: actor.userId })).rejects.toThrow(/your own account/);
  });

  it('answers an unknown team id with NOT_FOUND and refuses NUL and bidi controls in names', async () => {
    const admin = await runtime.callerAs('admin');
    await expect(
      admin.users.create({ username: 'nadia', name: 'Nadia', password: 'nadia-password', role: 'viewer', teamId: 'no-such-team' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no team with id "no-such-team".',
    });
    expect((await admin.users.list()).map((user) => user.username)).not.toContain('nadia');
    for (const name of ['nul\u0000team', 'rtl\u202eteam', 'iso\u2066team']) {
      await expect(admin.teams.create({ name, prefixes: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });
});
