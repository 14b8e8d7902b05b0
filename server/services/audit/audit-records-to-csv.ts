// CSV export of audit records (RFC 4180 quoting). Cells starting with = + - @ are prefixed with ' so a
// spreadsheet never evaluates a resource name as a formula.
import type { AuditRecord } from './list-audit-records.ts';

const columns: { header: string; value: (record: AuditRecord) => unknown }[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'occurred_at', value: (r) => r.occurredAt.toISOString() },
  { header: 'actor', value: (r) => r.actorName },
  { header: 'role', value: (r) => r.actorRole },
  { header: 'action', value: (r) => r.action },
  { header: 'cluster', value: (r) => r.clusterId },
  { header: 'resource_type', value: (r) => r.resourceType },
  { header: 'resource', value: (r) => r.resourceName },
  { header: 'parameters', value: (r) => r.parameters },
  { header: 'before', value: (r) => r.before },
  { header: 'after', value: (r) => r.after },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'error', value: (r) => r.error },
  { header: 'completed_at', value: (r) => r.completedAt?.toISOString() },
  { header: 'request_id', value: (r) => r.requestId },
  { header: 'client_address', value: (r) => r.clientAddress },
];

export function auditRecordsToCsv(records: AuditRecord[]): string {
  const lines = [columns.map((column) => column.header).join(',')];
  for (const record of records) lines.push(columns.map((column) => csvCell(column.value(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
