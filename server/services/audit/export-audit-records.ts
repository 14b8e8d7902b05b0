// CSV download of the audit records matching the viewer's filter, newest first. An export is one bounded
// download; narrower filters export older history.
import { desc } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import { auditRecordsToCsv } from './audit-records-to-csv.ts';
import { AuditFilter, filterCondition } from './list-audit-records.ts';

export const ExportAuditRecordsInput = AuditFilter;
export type ExportAuditRecordsInput = AuditFilter;

export const maxExportRows = 50_000;

export async function exportAuditRecords({
  ctx,
  input,
}: VerbArgs<typeof ExportAuditRecordsInput>): Promise<{ csv: string; rowCount: number; truncated: boolean }> {
  const filter = ExportAuditRecordsInput.parse(input);
  const records = await ctx.db
    .select()
    .from(auditLog)
    .where(filterCondition(filter))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(maxExportRows);
  return { csv: auditRecordsToCsv(records), rowCount: records.length, truncated: records.length === maxExportRows };
}
