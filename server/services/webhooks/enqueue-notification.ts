// Queues one notification for webhooks, inside the caller's transaction when it has one: the delivery rows
// commit together with the change that caused them (an alert turning firing), so a crash can neither lose
// the notification nor send it twice. Delivery happens later, off the request path (jobs/webhook-dispatcher.ts).
// Not a verb: features call it (alerts, topic requests) after their own checks and audit.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { webhookDeliveries, webhooks } from '../../db/schema/index.ts';
import { buildNotification, type Notification, type NotificationDraft } from './notification.ts';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DatabaseOrTransaction = Database | Transaction;

export interface EnqueueOptions {
  /** These webhooks (the enabled ones among them); undefined: every enabled webhook. */
  webhookIds?: readonly string[];
  /** What the notification is about, so its deliveries can be listed with it (e.g. 'alert', '42'). */
  subject?: { type: string; id: string };
  /** Attempts per delivery (the dispatcher's SAMSA_WEBHOOK_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** When the event happened (the notification's occurredAt); delivery starts right away regardless. */
  now?: Date;
}

export interface Enqueued {
  notification: Notification;
  deliveryIds: number[];
}

export async function enqueueNotification(db: DatabaseOrTransaction, draft: NotificationDraft, options: EnqueueOptions): Promise<Enqueued> {
  const now = options.now ?? new Date();
  const notification = buildNotification(draft, randomUUID(), now);
  if (options.webhookIds !== undefined && options.webhookIds.length === 0) return { notification, deliveryIds: [] };
  const targets = await db
    .select({ id: webhooks.id, name: webhooks.name })
    .from(webhooks)
    .where(
      options.webhookIds === undefined
        ? eq(webhooks.enabled, true)
        : and(eq(webhooks.enabled, true), inArray(webhooks.id, [...options.webhookIds])),
    );
  if (targets.length === 0) return { notification, deliveryIds: [] };
  const rows = await db
    .insert(webhookDeliveries)
    .values(
      targets.map((target) => ({
        webhookId: target.id,
        webhookName: target.name,
        event: notification.event,
        subjectType: options.subject?.type ?? null,
        subjectId: options.subject?.id ?? null,
        notification,
        maxAttempts: options.maxAttempts,
      })),
    )
    .returning({ id: webhookDeliveries.id });
  return { notification, deliveryIds: rows.map((row) => row.id) };
}
