// Webhook destinations, for the webhooks page and the alert rule editor. The URL itself is never returned
// (its path may be a credential, as Slack's are): only its origin.
import { asc } from 'drizzle-orm';
import { webhooks, type WebhookFormat } from '../../db/schema/index.ts';
import type { VerbContextArgs } from '../service-context.ts';

export const MAX_WEBHOOKS = 500;

export interface WebhookSummary {
  id: string;
  name: string;
  urlOrigin: string;
  format: WebhookFormat;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export async function listWebhooks({ ctx }: VerbContextArgs): Promise<WebhookSummary[]> {
  return ctx.db
    .select({
      id: webhooks.id,
      name: webhooks.name,
      urlOrigin: webhooks.urlOrigin,
      format: webhooks.format,
      enabled: webhooks.enabled,
      createdBy: webhooks.createdBy,
      createdAt: webhooks.createdAt,
      updatedAt: webhooks.updatedAt,
    })
    .from(webhooks)
    .orderBy(asc(webhooks.name))
    .limit(MAX_WEBHOOKS);
}
