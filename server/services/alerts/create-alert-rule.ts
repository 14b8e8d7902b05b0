// Creates an alert rule (operators and admins), audited with the whole rule.
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { alertRules } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';
import { AlertRuleFields, MAX_ALERT_RULES } from './alert-rule-input.ts';
import { assertWebhooksExist } from './rule-webhooks.ts';

export const CreateAlertRuleInput = AlertRuleFields;
export type CreateAlertRuleInput = z.infer<typeof CreateAlertRuleInput>;

export async function createAlertRule({ ctx, input }: VerbArgs<typeof CreateAlertRuleInput>): Promise<{ id: string }> {
  const rule = CreateAlertRuleInput.parse(input);
  await assertWebhooksExist(ctx.db, rule.webhookIds);
  const id = randomUUID();
  return recordChange(
    ctx,
    { action: 'alert.createRule', resourceType: 'alertRule', resourceName: rule.name, parameters: rule },
    async () => {
      await ctx.db.transaction(async (tx) => {
        const [sameName] = await tx.select({ id: alertRules.id }).from(alertRules).where(eq(alertRules.name, rule.name));
        if (sameName) throw new ConflictError(`An alert rule named ${rule.name} already exists.`);
        const [{ total }] = await tx.select({ total: count() }).from(alertRules);
        if (total >= MAX_ALERT_RULES) throw new ConflictError(`At most ${MAX_ALERT_RULES} alert rules; delete one first.`);
        await tx.insert(alertRules).values({ id, ...rule, createdBy: ctx.actor.username });
      });
      return { result: { id }, after: { id, ...rule } };
    },
  );
}
