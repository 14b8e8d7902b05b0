// Changes a webhook's name, URL, format or enabled flag (operators and admins). A URL left out stays as it
// is: the page never receives the stored one.
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { webhookUrlOrigin } from '../../../domain/webhook-url.ts';
import { webhooks } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, NotFoundError } from '../service-error.ts';
import { WebhookFormatInput, WebhookId, WebhookName, WebhookUrl } from './webhook-input.ts';

export const UpdateWebhookInput = z.object({
  id: WebhookId,
  name: WebhookName.optional(),
  url: WebhookUrl.optional(),
  format: WebhookFormatInput.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInput>;

export async function updateWebhook({ ctx, input }: VerbArgs<typeof UpdateWebhookInput>): Promise<void> {
  const change = UpdateWebhookInput.parse(input);
  const [current] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, change.id));
  if (!current) throw new NotFoundError('No such webhook (it may have been deleted).');
  const before = { name: current.name, urlOrigin: current.urlOrigin, format: current.format, enabled: current.enabled };
  const after = {
    name: change.name ?? current.name,
    urlOrigin: change.url ? webhookUrlOrigin(change.url) : current.urlOrigin,
    format: change.format ?? current.format,
    enabled: change.enabled ?? current.enabled,
  };
  const parameters = { ...after, urlChanged: change.url !== undefined };
  await recordChange(
    ctx,
    { action: 'webhook.update', resourceType: 'webhook', resourceName: current.name, parameters, before },
    async () => {
      const [sameName] = await ctx.db
        .select({ id: webhooks.id })
        .from(webhooks)
        .where(and(eq(webhooks.name, after.name), ne(webhooks.id, change.id)));
      if (sameName) throw new ConflictError(`A webhook named ${after.name} already exists.`);
      await ctx.db
        .update(webhooks)
        .set({ ...after, ...(change.url ? { urlSealed: ctx.secretBox.seal(change.url) } : {}), updatedAt: new Date() })
        .where(eq(webhooks.id, change.id));
      return { result: undefined, after };
    },
  );
}
