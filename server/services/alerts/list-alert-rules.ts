// Alert rules with how many alerts each has open, for /alerts and the rule editor.
import { asc, inArray, sql } from 'drizzle-orm';
import { describeCondition } from '../../../domain/alert-rule.ts';
import { alertRules, alerts } from '../../db/schema/index.ts';
import type { VerbContextArgs } from '../service-context.ts';
import { MAX_ALERT_RULES } from './alert-rule-input.ts';

export async function listAlertRules({ ctx }: VerbContextArgs) {
  const rules = await ctx.db.select().from(alertRules).orderBy(asc(alertRules.name)).limit(MAX_ALERT_RULES);
  const open = await ctx.db
    .select({ ruleId: alerts.ruleId, state: alerts.state, count: sql<number>`count(*)::int` })
    .from(alerts)
    .where(inArray(alerts.state, ['pending', 'firing']))
    .groupBy(alerts.ruleId, alerts.state);
  return rules.map((rule) => ({
    ...rule,
    description: describeCondition(rule.condition),
    firing: open.find((row) => row.ruleId === rule.id && row.state === 'firing')?.count ?? 0,
    pending: open.find((row) => row.ruleId === rule.id && row.state === 'pending')?.count ?? 0,
  }));
}
