// Alerts, newest first: open ones (firing and pending) by default, or resolved, or all; paged on the server.
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { alertRules, alerts } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';

export const ListAlertsInput = z.object({
  state: z.enum(['open', 'firing', 'pending', 'resolved', 'all']).default('open'),
  ruleId: z.string().min(1).max(100).optional(),
  groupId: z.string().min(1).max(255).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type ListAlertsInput = z.infer<typeof ListAlertsInput>;

const statesOf = { open: ['firing', 'pending'], firing: ['firing'], pending: ['pending'], resolved: ['resolved'], all: null } as const;

export async function listAlerts({ ctx, input }: VerbArgs<typeof ListAlertsInput>) {
  const query = ListAlertsInput.parse(input);
  const conditions: SQL[] = [];
  const states = statesOf[query.state];
  if (states) conditions.push(inArray(alerts.state, [...states]));
  if (query.ruleId) conditions.push(eq(alerts.ruleId, query.ruleId));
  if (query.groupId) conditions.push(eq(alerts.groupId, query.groupId));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ alert: alerts, ruleName: alertRules.name })
      .from(alerts)
      .innerJoin(alertRules, eq(alerts.ruleId, alertRules.id))
      .where(where)
      .orderBy(desc(alerts.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ total: count() }).from(alerts).where(where),
  ]);
  return {
    alerts: rows.map(({ alert, ruleName }) => ({ ...alert, ruleName })),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
  };
}
