// Adds a webhook destination (operators and admins). The URL is stored sealed; the audit record names only
// its origin.
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { webhookUrlOrigin } from '../../../domain/webhook-url.ts';
import { webhooks } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError } from '../service-error.ts';
import { MAX_WEBHOOKS } from './list-webhooks.ts';
import { WebhookFormatInput, WebhookName, WebhookUrl } from './webhook-input.ts';

export const CreateWebhookInput = z.object({
  name: WebhookName,
  url: WebhookUrl,
  format: WebhookFormatInput.default('json'),
  enabled: z.boolean().default(true),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;

export async function createWebhook({ ctx, input }: VerbArgs<typeof CreateWebhookInput>): Promise<{ id: string }> {
  const webhook = CreateWebhookInput.parse(input);
  const id = randomUUID();
  const urlOrigin = webhookUrlOrigin(webhook.url);
  const description = { name: webhook.name, urlOrigin, format: webhook.format, enabled: webhook.enabled };
  return recordChange(
    ctx,
    { action: 'webhook.create', resourceType: 'webhook', resourceName: webhook.name, parameters: description },
    async () => {
      await ctx.db.transaction(async (tx) => {
        const [sameName] = await tx.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.name, webhook.name));
        if (sameName) throw new ConflictError(`A webhook named ${webhook.name} already exists.`);
        const [{ total }] = await tx.select({ total: count() }).from(webhooks);
        if (total >= MAX_WEBHOOKS) throw new ConflictError(`At most ${MAX_WEBHOOKS} webhooks; delete one first.`);
        await tx.insert(webhooks).values({ id, ...description, urlSealed: ctx.secretBox.seal(webhook.url), createdBy: ctx.actor.username });
      });
      return { result: { id }, after: { id, ...description } };
    },
  );
}
