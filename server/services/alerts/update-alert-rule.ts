// Replaces an alert rule's fields (operators and admins), audited with before and after. When what the rule
// watches or its condition changes, or it is disabled, its open alerts are resolved without notifying (their
// history says why): the new rule starts from a clean state rather than judging old alerts by new terms.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import { alertEvents, alertRules, alerts } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, NotFoundError } from '../service-error.ts';
import { AlertRuleFields } from './alert-rule-input.ts';
import { assertWebhooksExist } from './rule-webhooks.ts';

export const UpdateAlertRuleInput = AlertRuleFields.extend({ id: z.string().min(1).max(100) });
export type UpdateAlertRuleInput = z.infer<typeof UpdateAlertRuleInput>;

export async function updateAlertRule({ ctx, input }: VerbArgs<typeof UpdateAlertRuleInput>): Promise<void> {
  const { id, ...rule } = UpdateAlertRuleInput.parse(input);
  const [current] = await ctx.db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!current) throw new NotFoundError('No such alert rule (it may have been deleted).');
  await assertWebhooksExist(ctx.db, rule.webhookIds);
  const { createdAt: _created, updatedAt: _updated, createdBy: _by, id: _id, ...before } = current;
  const restart =
    !rule.enabled ||
    rule.clusterPattern !== current.clusterPattern ||
    rule.groupPattern !== current.groupPattern ||
    rule.topicPattern !== current.topicPattern ||
    JSON.stringify(rule.condition) !== JSON.stringify(current.condition);
  await recordChange(
    ctx,
    { action: 'alert.updateRule', resourceType: 'alertRule', resourceName: current.name, parameters: rule, before },
    async () => {
      const resolved = await ctx.db.transaction(async (tx) => {
        const [sameName] = await tx
          .select({ id: alertRules.id })
          .from(alertRules)
          .where(and(eq(alertRules.name, rule.name), ne(alertRules.id, id)));
        if (sameName) throw new ConflictError(`An alert rule named ${rule.name} already exists.`);
        await tx
          .update(alertRules)
          .set({ ...rule, updatedAt: new Date() })
          .where(eq(alertRules.id, id));
        if (!restart) return 0;
        const now = new Date();
        const closed = await tx
          .update(alerts)
          .set({ state: 'resolved', resolvedAt: now })
          .where(and(eq(alerts.ruleId, id), inArray(alerts.state, ['pending', 'firing'])))
          .returning({ id: alerts.id });
        if (closed.length)
          await tx.insert(alertEvents).values(
            closed.map((alert) => ({
              alertId: alert.id,
              at: now,
              kind: 'resolved' as const,
              actor: ctx.actor.username,
              note: rule.enabled ? 'The rule was changed.' : 'The rule was disabled.',
            })),
          );
        return closed.length;
      });
      return { result: undefined, after: { ...rule, openAlertsResolved: resolved } };
    },
  );
}
