// Deletes an alert rule and its alerts with their history (operators and admins); the audit record keeps
// the rule. Webhook deliveries already queued stay in the delivery log.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { alertRules } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export const DeleteAlertRuleInput = z.object({ id: z.string().min(1).max(100) });
export type DeleteAlertRuleInput = z.infer<typeof DeleteAlertRuleInput>;

export async function deleteAlertRule({ ctx, input }: VerbArgs<typeof DeleteAlertRuleInput>): Promise<void> {
  const { id } = DeleteAlertRuleInput.parse(input);
  const [current] = await ctx.db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!current) throw new NotFoundError('No such alert rule (it may have been deleted).');
  await recordChange(
    ctx,
    { action: 'alert.deleteRule', resourceType: 'alertRule', resourceName: current.name, before: current },
    async () => {
      await ctx.db.delete(alertRules).where(eq(alertRules.id, id));
      return { result: undefined };
    },
  );
}
