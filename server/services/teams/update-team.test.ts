import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe.each(databaseKinds)('editing team prefixes in %s', (kind) => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('adds and removes prefixes, audited as team.update with before and after', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: 'orders', prefixes: ['orders.'] });
    await admin.teams.update({ teamId: team.id, prefixes: ['orders.', 'returns-', 'orders.'] });
    expect((await admin.teams.list()).find((listed) => listed.id === team.id)?.prefixes).toEqual(['orders.', 'returns-']);
    await admin.teams.update({ teamId: team.id, prefixes: ['returns-'] });
    expect((await admin.teams.list()).find((listed) => listed.id === team.id)?.prefixes).toEqual(['returns-']);
    const audit = await admin.audit.list({ action: 'team.update', resource: 'orders' });
    expect(audit.rows.map((row) => [row.before, row.after, row.outcome])).toEqual([
      [{ name: 'orders', prefixes: ['orders.', 'returns-'] }, { name: 'orders', prefixes: ['returns-'] }, 'succeeded'],
      [{ name: 'orders', prefixes: ['orders.'] }, { name: 'orders', prefixes: ['orders.', 'returns-'] }, 'succeeded'],
    ]);
  });

  it('gives a member the topics under a new prefix and takes them away when it is removed', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: 'ledger', prefixes: [] });
    const member = await runtime.callerAs('member', { teamId: team.id });
    // A refused topic change fails before the cluster is contacted; an allowed one reaches the (absent) cluster.
    const tryCreate = () =>
      codeOf(member.topics.create({ clusterId: 'built-in', name: 'ledger.entries', partitions: 1, replicationFactor: 1 }));
    expect(await tryCreate()).toBe('FORBIDDEN');
    await admin.teams.update({ teamId: team.id, prefixes: ['ledger.'] });
    expect(await tryCreate()).not.toBe('FORBIDDEN');
    await admin.teams.update({ teamId: team.id, prefixes: [] });
    expect(await tryCreate()).toBe('FORBIDDEN');
  });

  it('refuses a prefix overlapping another team, changing nothing and recording the refusal', async () => {
    const admin = await runtime.callerAs('admin');
    await admin.teams.create({ name: 'payments', prefixes: ['pay'] });
    const other = await admin.teams.create({ name: 'fraud', prefixes: ['fraud.'] });
    await expect(admin.teams.update({ teamId: other.id, prefixes: ['fraud.', 'payments.flagged'] })).rejects.toThrow(
      /"payments\.flagged" overlaps "pay" of team payments/,
    );
    await expect(admin.teams.create({ name: 'pa', prefixes: ['pa'] })).rejects.toThrow(/overlaps "pay"/);
    expect((await admin.teams.list()).find((team) => team.id === other.id)?.prefixes).toEqual(['fraud.']);
    const audit = await admin.audit.list({ action: 'team.update', resource: 'fraud' });
    expect(audit.rows[0]).toMatchObject({ outcome: 'failed', after: null });
  });

  it('lets a team keep its own prefixes while renaming it', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: 'search', prefixes: ['search.', 'search.v2.'] });
    await admin.teams.update({ teamId: team.id, name: 'discovery', prefixes: ['search.', 'search.v2.', 'discovery.'] });
    expect((await admin.teams.list()).find((listed) => listed.id === team.id)).toMatchObject({
      name: 'discovery',
      prefixes: ['discovery.', 'search.', 'search.v2.'],
    });
  });

  it('refuses prefixes with characters topic names cannot have', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: 'metrics', prefixes: [] });
    expect(await codeOf(admin.teams.update({ teamId: team.id, prefixes: ['metrics/'] }))).toBe('BAD_REQUEST');
  });

  it('refuses team edits to everyone but admins', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: 'platform', prefixes: ['platform.'] });
    const member = await runtime.callerAs('member', { teamId: team.id });
    const operator = await runtime.callerAs('operator');
    expect(await codeOf(member.teams.update({ teamId: team.id, prefixes: ['platform.', 'anything'] }))).toBe('FORBIDDEN');
    expect(await codeOf(operator.teams.update({ teamId: team.id, prefixes: [] }))).toBe('FORBIDDEN');
    expect(await codeOf(runtime.anonymousCaller().teams.update({ teamId: team.id, prefixes: [] }))).toBe('UNAUTHORIZED');
  });
});
