// Real refusals from PGlite and from the Postgres server, read by databaseRefusalOf and mapped by the tRPC
// error middleware to 400/404/409 with words instead of SQL.
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory, createTRPCRouter, publicProcedure } from '../api/trpc.ts';
import { databaseKinds } from '../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { databaseRefusalOf } from './database-refusal.ts';
import { teams, users } from './schema/index.ts';

async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse');
}

describe.each(databaseKinds)('database refusals on %s', (kind) => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
    await runtime.db.insert(teams).values({ id: 'team-1', name: 'payments' });
    // Scratch tables for refusals the console's own schema has no example of (a restricting foreign key,
    // a check, a length limit).
    await runtime.db.execute(sql`create table scratch_holders (team_id text not null references teams(id))`);
    await runtime.db.execute(sql`create table scratch_keepers (team_id text references teams(id) on delete restrict)`);
    await runtime.db.execute(sql`create table scratch_limits (code varchar(3), size integer check (size > 0))`);
    await runtime.db.execute(sql`insert into scratch_holders (team_id) values ('team-1')`);
    await runtime.db.insert(teams).values({ id: 'team-kept', name: 'kept' });
    await runtime.db.execute(sql`insert into scratch_keepers (team_id) values ('team-kept')`);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('reads a duplicate as a conflict, in words, without the value', async () => {
    const refusal = databaseRefusalOf(await thrownBy(() => runtime.db.insert(teams).values({ id: 'team-2', name: 'payments' })));
    expect(refusal).toEqual({
      kind: 'conflict',
      code: '23505',
      constraint: 'teams_name_unique',
      message: 'There is already a team with this name.',
    });
    const primaryKey = databaseRefusalOf(await thrownBy(() => runtime.db.insert(teams).values({ id: 'team-1', name: 'other' })));
    expect(primaryKey).toMatchObject({ kind: 'conflict', code: '23505', message: 'There is already a team with this id.' });
  });

  it('reads a reference to a missing row as missing, and a row still referred to as a conflict', async () => {
    const missing = databaseRefusalOf(
      await thrownBy(() => runtime.db.insert(users).values({ id: 'u-1', name: 'Ann', email: 'ann@example.com', teamId: 'no-such-team' })),
    );
    expect(missing).toMatchObject({
      kind: 'missing-reference',
      code: '23503',
      message: 'The team this refers to does not exist (it may have just been deleted).',
    });
    const stillUsed = databaseRefusalOf(await thrownBy(() => runtime.db.execute(sql`delete from teams where id = 'team-1'`)));
    expect(stillUsed).toMatchObject({
      kind: 'conflict',
      code: '23503',
      message: 'This is still used by a scratch holders; remove or change that first.',
    });
    // ON DELETE RESTRICT: 23001 on Postgres 17 and later (PGlite), 23503 before.
    const restricted = databaseRefusalOf(await thrownBy(() => runtime.db.execute(sql`delete from teams where id = 'team-kept'`)));
    expect(['23001', '23503']).toContain(restricted?.code);
    expect(restricted).toMatchObject({
      kind: 'conflict',
      message: 'This is still used by a scratch keepers; remove or change that first.',
    });
  });

  it('reads values the database cannot store as invalid', async () => {
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        '23502',
        () => runtime.db.execute(sql`insert into scratch_holders (team_id) values (null)`),
        'A required value (team id) is missing.',
      ],
      ['23514', () => runtime.db.execute(sql`insert into scratch_limits (size) values (0)`), 'A value is not allowed for a scratch limits'],
      [
        '22001',
        () => runtime.db.execute(sql`insert into scratch_limits (code) values ('abcd')`),
        'A value is longer than the database stores.',
      ],
      [
        '22P02',
        () => runtime.db.execute(sql`insert into scratch_limits (size) values (${'twelve'})`),
        'A value has the wrong form or is out of range.',
      ],
      [
        '22021',
        () => runtime.db.insert(teams).values({ id: 'team-nul', name: 'a\u0000b' }),
        'A value holds a character the database cannot store',
      ],
    ];
    for (const [code, work, message] of cases) {
      const refusal = databaseRefusalOf(await thrownBy(work));
      expect(refusal, code).toMatchObject({ kind: 'invalid-value', code });
      expect(refusal?.message, code).toContain(message);
    }
  });

  it('leaves errors that are not about the data alone', async () => {
    expect(databaseRefusalOf(await thrownBy(() => runtime.db.execute(sql`select * from no_such_table`)))).toBeNull();
    expect(databaseRefusalOf(new Error('socket hang up'))).toBeNull();
  });

  it('answers 409, 404 and 400 through tRPC with the message, never SQL', async () => {
    const router = createTRPCRouter({
      duplicate: publicProcedure.mutation(({ ctx }) => ctx.runtime.db.insert(teams).values({ id: 'team-3', name: 'payments' })),
      missing: publicProcedure.mutation(({ ctx }) =>
        ctx.runtime.db.insert(users).values({ id: 'u-2', name: 'Bo', email: 'bo@example.com', teamId: 'gone' }),
      ),
      invalid: publicProcedure.mutation(({ ctx }) => ctx.runtime.db.execute(sql`insert into scratch_limits (code) values ('toolong')`)),
    });
    const caller = createCallerFactory(router)({ runtime, actor: null, requestId: 'test-refusal', clientAddress: '127.0.0.1' });
    const expectations: [() => Promise<unknown>, string, string][] = [
      [() => caller.duplicate(), 'CONFLICT', 'There is already a team with this name.'],
      [() => caller.missing(), 'NOT_FOUND', 'The team this refers to does not exist (it may have just been deleted).'],
      [() => caller.invalid(), 'BAD_REQUEST', 'A value is longer than the database stores.'],
    ];
    for (const [call, code, message] of expectations) {
      const error = await thrownBy(call);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe(code);
      expect((error as TRPCError).message).toBe(message);
    }
  });

  it('answers concurrent creates of one team name with one success and conflicts, whichever check catches them', async () => {
    const admin = await runtime.callerAs('admin');
    const name = `racing-${kind}`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        admin.teams.create({ name, prefixes: [`race${index}-${kind}.`] }).then(
          () => 'OK',
          (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'OK')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'OK')).toEqual(Array(5).fill('CONFLICT'));
  });
});
