// One alert with its rule and history, for /alerts/<id>.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { describeCondition } from '../../../domain/alert-rule.ts';
import { alertEvents, alertRules, alerts } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export const MAX_ALERT_EVENTS = 500;

export const GetAlertInput = z.object({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export type GetAlertInput = z.infer<typeof GetAlertInput>;

export async function getAlert({ ctx, input }: VerbArgs<typeof GetAlertInput>) {
  const { id } = GetAlertInput.parse(input);
  const [row] = await ctx.db
    .select({ alert: alerts, rule: alertRules })
    .from(alerts)
    .innerJoin(alertRules, eq(alerts.ruleId, alertRules.id))
    .where(eq(alerts.id, id));
  if (!row) throw new NotFoundError(`No alert #${id} (its rule may have been deleted).`);
  const events = await ctx.db
    .select()
    .from(alertEvents)
    .where(eq(alertEvents.alertId, id))
    .orderBy(asc(alertEvents.id))
    .limit(MAX_ALERT_EVENTS);
  return { ...row.alert, rule: { ...row.rule, description: describeCondition(row.rule.condition) }, events };
}
