// Could a change be audited now? The console's role may INSERT into audit_log and complete records through
// complete_audit_record, and the database accepts writes (not a read-only standby or session). Checked
// without writing, so frequent health probes leave no gaps in the audit records' ids.
import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';

export async function checkAuditLogWritable(db: Database): Promise<string> {
  const result = await db.execute(sql`
    select has_table_privilege('public.audit_log', 'INSERT') as may_insert,
           has_function_privilege('public.complete_audit_record(bigint, text, jsonb, text)', 'EXECUTE') as may_complete,
           current_setting('transaction_read_only') as read_only`);
  const [row] = (result as unknown as { rows: { may_insert: boolean; may_complete: boolean; read_only: string }[] }).rows;
  const problems = [
    row.may_insert ? null : 'the console role may not INSERT into audit_log',
    row.may_complete ? null : 'the console role may not EXECUTE complete_audit_record',
    row.read_only === 'on' ? 'the database session is read-only' : null,
  ].filter((problem) => problem !== null);
  if (problems.length > 0) throw new Error(`Changes are refused: ${problems.join('; ')}.`);
  return 'writable';
}
