// Running on Postgres with a restricted console role: the tables belong to an owner role (which runs the
// migrations, SAMSA_DATABASE_OWNER_URL), and the console's role (DATABASE_URL's user) gets only what it
// needs. On audit_log that is INSERT and SELECT: records are completed through the SECURITY DEFINER function
// complete_audit_record (drizzle/0003_*), so the console can neither alter past records nor disable the
// append-only trigger (only a table's owner can). Re-run after every migration: new tables get their grants.
import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';

export async function grantConsoleRole(ownerDb: Database, consoleRole: string): Promise<void> {
  const role = sql.identifier(consoleRole);
  await ownerDb.transaction(async (tx) => {
    await tx.execute(sql`GRANT USAGE ON SCHEMA public TO ${role}`);
    await tx.execute(sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await tx.execute(sql`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.audit_log FROM ${role}`);
    await tx.execute(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await tx.execute(sql`GRANT EXECUTE ON FUNCTION public.complete_audit_record(bigint, text, jsonb, text) TO ${role}`);
  });
}

/** The role a connection URL signs in as (the user part), e.g. samsa_console in postgres://samsa_console@host/db. */
export function roleOfDatabaseUrl(databaseUrl: string): string {
  const role = decodeURIComponent(new URL(databaseUrl).username);
  if (!role) throw new Error('DATABASE_URL names no user: with SAMSA_DATABASE_OWNER_URL set, the console role must be explicit');
  return role;
}
