import { auditRecordsToCsv } from '../../services/audit/audit-records-to-csv.ts';
import { AuditFilter, AuditPageQuery, listAuditRecords, selectAuditRecordsForExport, type AuditRecord } from '../../services/audit/list-audit-records.ts';
import { createTRPCRouter, operatorProcedure } from '../trpc.ts';

/** An export is one bounded download; narrower filters export older history. */
const maxExportRows = 50_000;

export const auditRouter = createTRPCRouter({
  list: operatorProcedure.input(AuditPageQuery).query(async ({ ctx, input }) => {
    const page = await listAuditRecords(ctx.db, input);
    return { ...page, rows: page.rows.map(toWire) };
  }),
  exportCsv: operatorProcedure.input(AuditFilter).query(async ({ ctx, input }) => {
    const records = await selectAuditRecordsForExport(ctx.db, input, maxExportRows);
    return { csv: auditRecordsToCsv(records), rowCount: records.length, truncated: records.length === maxExportRows };
  }),
});

/** Dates as ISO strings: the wire format has no Date type. */
function toWire(record: AuditRecord) {
  return { ...record, occurredAt: record.occurredAt.toISOString(), completedAt: record.completedAt?.toISOString() ?? null };
}
