// "Send test": queues a webhook.test notification to one webhook, delivered off the request path like any
// other (same retries, same log). Returns the delivery id; the page follows its attempts.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { webhooks } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, NotFoundError } from '../service-error.ts';
import { consoleUrl } from './notification.ts';
import { WebhookId } from './webhook-input.ts';

export const TestWebhookInput = z.object({ id: WebhookId });
export type TestWebhookInput = z.infer<typeof TestWebhookInput>;

export async function testWebhook({ ctx, input }: VerbArgs<typeof TestWebhookInput>): Promise<{ deliveryId: number }> {
  const { id } = TestWebhookInput.parse(input);
  const [webhook] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!webhook) throw new NotFoundError('No such webhook (it may have been deleted).');
  if (!webhook.enabled) throw new ConflictError(`The webhook ${webhook.name} is disabled; enable it to send a test.`);
  const deliveryId = await recordChange(ctx, { action: 'webhook.test', resourceType: 'webhook', resourceName: webhook.name }, async () => {
    const { deliveryIds } = await ctx.webhooks.enqueue(
      ctx.db,
      {
        event: 'webhook.test',
        severity: 'info',
        title: `Test notification from Samsa to ${webhook.name}`,
        text: `${ctx.actor.username} sent this test from the console. Alerts and other notifications arrive in this format.`,
        links: [{ label: 'Webhooks', url: consoleUrl(ctx.publicUrl, '/webhooks') }],
        data: { webhook: { id: webhook.id, name: webhook.name }, requestedBy: ctx.actor.username },
      },
      { webhookIds: [id], subject: { type: 'webhook', id } },
    );
    if (deliveryIds.length !== 1) throw new ConflictError(`The webhook ${webhook.name} was changed meanwhile; try again.`);
    return { result: deliveryIds[0], after: { deliveryId: deliveryIds[0] } };
  });
  ctx.webhooks.wake();
  return { deliveryId };
}
