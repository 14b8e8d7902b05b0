// One alert rule, for the editor.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { alertRules } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export const GetAlertRuleInput = z.object({ id: z.string().min(1).max(100) });
export type GetAlertRuleInput = z.infer<typeof GetAlertRuleInput>;

export async function getAlertRule({ ctx, input }: VerbArgs<typeof GetAlertRuleInput>) {
  const { id } = GetAlertRuleInput.parse(input);
  const [rule] = await ctx.db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!rule) throw new NotFoundError('No such alert rule (it may have been deleted).');
  return rule;
}
