// The audit viewer's query: filter by who, action, resource and time; newest first; bounded pages.
import { and, count, desc, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import { AuditAction } from '../../../domain/audit-actions.ts';

export const AuditFilter = z.object({
  actor: z.string().max(200).optional(),
  action: AuditAction.optional(),
  resource: z.string().max(300).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const ListAuditRecordsInput = AuditFilter.extend({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type ListAuditRecordsInput = z.infer<typeof ListAuditRecordsInput>;

export type AuditRecord = typeof auditLog.$inferSelect;

export async function listAuditRecords({
  ctx,
  input,
}: VerbArgs<typeof ListAuditRecordsInput>): Promise<{ rows: AuditRecord[]; totalCount: number }> {
  const query = ListAuditRecordsInput.parse(input);
  const where = filterCondition(query);
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [{ value }] = await ctx.db.select({ value: count() }).from(auditLog).where(where);
  return { rows, totalCount: Number(value) };
}

/** The SQL condition of a filter; the export uses it too. */
export function filterCondition(filter: AuditFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.actor) conditions.push(ilike(auditLog.actorName, `%${escapeLike(filter.actor)}%`));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.resource) {
    const pattern = `%${escapeLike(filter.resource)}%`;
    conditions.push(or(ilike(auditLog.resourceName, pattern), ilike(auditLog.resourceType, pattern)));
  }
  if (filter.from) conditions.push(gte(auditLog.occurredAt, filter.from));
  if (filter.to) conditions.push(lte(auditLog.occurredAt, filter.to));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}
