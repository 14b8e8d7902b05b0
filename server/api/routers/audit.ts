import { exportAuditRecords, ExportAuditRecordsInput } from '../../services/audit/export-audit-records.ts';
import { listAuditRecords, ListAuditRecordsInput } from '../../services/audit/list-audit-records.ts';
import { createTRPCRouter, operatorProcedure } from '../trpc.ts';

export const auditRouter = createTRPCRouter({
  list: operatorProcedure.input(ListAuditRecordsInput).query(({ ctx, input }) => listAuditRecords({ ctx, input })),
  exportCsv: operatorProcedure.input(ExportAuditRecordsInput).query(({ ctx, input }) => exportAuditRecords({ ctx, input })),
});
