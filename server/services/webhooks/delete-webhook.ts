// Removes a webhook (operators and admins). Its delivery log stays, under the webhook's name; deliveries not
// yet sent fail with "the webhook was deleted".
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { webhooks } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';
import { WebhookId } from './webhook-input.ts';

export const DeleteWebhookInput = z.object({ id: WebhookId });
export type DeleteWebhookInput = z.infer<typeof DeleteWebhookInput>;

export async function deleteWebhook({ ctx, input }: VerbArgs<typeof DeleteWebhookInput>): Promise<void> {
  const { id } = DeleteWebhookInput.parse(input);
  const [current] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!current) throw new NotFoundError('No such webhook (it may have been deleted).');
  const before = { id, name: current.name, urlOrigin: current.urlOrigin, format: current.format, enabled: current.enabled };
  await recordChange(ctx, { action: 'webhook.delete', resourceType: 'webhook', resourceName: current.name, before }, async () => {
    await ctx.db.delete(webhooks).where(eq(webhooks.id, id));
    return { result: undefined };
  });
}
