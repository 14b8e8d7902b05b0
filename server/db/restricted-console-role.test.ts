// The console on the real Postgres server as a role that may only INSERT and SELECT on audit_log: the owner
// role migrates (SAMSA_DATABASE_OWNER_URL), the console role still records and completes changes, and can
// neither rewrite, delete nor truncate records, nor disable the append-only trigger.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerConfig } from '../env.ts';
import { startConsoleRuntime, type ConsoleRuntime } from '../runtime/console-runtime.ts';
import { recordChange } from '../services/audit/record-change.ts';
import { checkAuditLogWritable } from './audit-log-writable.ts';
import { auditLog } from './schema/index.ts';

const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

async function asServerAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('a restricted console role on Postgres', () => {
  const suffix = randomBytes(5).toString('hex');
  const databaseName = `samsa_test_${suffix}`;
  const consoleRole = `samsa_test_console_${suffix}`;
  let dataDir: string;
  let runtime: ConsoleRuntime;

  beforeAll(async () => {
    await asServerAdmin(`CREATE DATABASE ${databaseName}`);
    await asServerAdmin(`CREATE ROLE ${consoleRole} LOGIN`);
    dataDir = await mkdtemp(path.join(tmpdir(), 'samsa-restricted-'));
    const ownerUrl = new URL(serverUrl);
    ownerUrl.pathname = `/${databaseName}`;
    const consoleUrl = new URL(ownerUrl);
    consoleUrl.username = consoleRole;
    consoleUrl.password = '';
    const config = readServerConfig({
      SAMSA_DATA_DIR: dataDir,
      DATABASE_URL: consoleUrl.toString(),
      SAMSA_DATABASE_OWNER_URL: ownerUrl.toString(),
      SAMSA_KAFKA_BOOTSTRAP: '127.0.0.1:1',
      SAMSA_ADMIN_PASSWORD: 'restricted-admin-password',
    });
    runtime = await startConsoleRuntime(config);
  });

  afterAll(async () => {
    await runtime?.close();
    await asServerAdmin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await asServerAdmin(`DROP ROLE IF EXISTS ${consoleRole}`);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('connects as the console role, which owns nothing', async () => {
    const rows = await runtime.db.execute(
      sql`select current_user as role, (select tableowner from pg_tables where tablename = 'audit_log') as owner`,
    );
    const [row] = (rows as unknown as { rows: { role: string; owner: string }[] }).rows;
    expect(row.role).toBe(consoleRole);
    expect(row.owner).not.toBe(consoleRole);
  });

  it('records a change and completes it through the SECURITY DEFINER function', async () => {
    const actor = { userId: null, username: 'restricted-test', role: 'admin' };
    const context = { db: runtime.db, actor, requestId: 'req-restricted', clientAddress: '192.0.2.8' };
    await recordChange(context, { action: 'team.create', resourceType: 'team', resourceName: 'ok-team' }, async () => ({
      result: 1,
      after: { id: 'x' },
    }));
    await expect(
      recordChange(context, { action: 'team.create', resourceType: 'team', resourceName: 'failing-team' }, async () => {
        throw new Error('refused by the test');
      }),
    ).rejects.toThrow(/refused by the test/);
    const rows = await runtime.db.select().from(auditLog).where(eq(auditLog.requestId, 'req-restricted'));
    expect(rows.map((row) => [row.resourceName, row.outcome, row.after, row.error])).toEqual(
      expect.arrayContaining([
        ['ok-team', 'succeeded', { id: 'x' }, null],
        ['failing-team', 'failed', null, 'refused by the test'],
      ]),
    );
    expect(rows.every((row) => row.completedAt !== null)).toBe(true);
  });

  it('refuses the console role UPDATE, DELETE, TRUNCATE and disabling the trigger on audit_log', async () => {
    const attempts = [
      sql`update audit_log set actor_name = 'someone else'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`alter table audit_log disable trigger audit_log_guard_rows`,
      sql`drop trigger audit_log_guard_rows on audit_log`,
    ];
    for (const attempt of attempts) {
      await expect(runtime.db.execute(attempt)).rejects.toMatchObject({ cause: { code: expect.stringMatching(/^(42501)$/) } });
    }
    // A completed record cannot be completed again, through the function either.
    const [row] = await runtime.db.select().from(auditLog).where(eq(auditLog.resourceName, 'ok-team'));
    const again = await runtime.db.execute(sql`select complete_audit_record(${row.id}, 'failed', null, 'rewritten') as done`);
    expect((again as unknown as { rows: { done: boolean }[] }).rows[0].done).toBe(false);
  });

  it('still runs the rest of the console: the first admin exists and signs in', async () => {
    const response = await runtime.auth.handler(
      new Request('http://127.0.0.1:3000/api/auth/sign-in/username', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000' },
        body: JSON.stringify({ username: 'admin', password: 'restricted-admin-password' }),
      }),
    );
    expect(response.status).toBe(200);
  });

  it('tells health the audit log is not writable when the console role loses INSERT or EXECUTE on it', async () => {
    await expect(checkAuditLogWritable(runtime.db)).resolves.toBe('writable');
    const ownerUrl = new URL(serverUrl);
    ownerUrl.pathname = `/${databaseName}`;
    const asOwner = async (statement: string) => {
      const client = new pg.Client({ connectionString: ownerUrl.toString() });
      await client.connect();
      await client.query(statement).finally(() => client.end());
    };
    await asOwner(`REVOKE INSERT ON audit_log FROM ${consoleRole}`);
    await expect(checkAuditLogWritable(runtime.db)).rejects.toThrow('Changes are refused: the console role may not INSERT into audit_log.');
    await asOwner(`GRANT INSERT ON audit_log TO ${consoleRole}`);
    await asOwner(`REVOKE EXECUTE ON FUNCTION complete_audit_record(bigint, text, jsonb, text) FROM ${consoleRole}`);
    await expect(checkAuditLogWritable(runtime.db)).rejects.toThrow(/may not EXECUTE complete_audit_record/);
    await asOwner(`GRANT EXECUTE ON FUNCTION complete_audit_record(bigint, text, jsonb, text) TO ${consoleRole}`);
    await expect(checkAuditLogWritable(runtime.db)).resolves.toBe('writable');
  });
});
