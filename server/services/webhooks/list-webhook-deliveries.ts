// The delivery log: deliveries newest first with every attempt, for one webhook or one subject (an alert's
// notifications). Paged by id: `beforeId` is the last id of the previous page.
import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { webhookDeliveries, webhookDeliveryAttempts, type WebhookDeliveryStatus } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import type { Notification } from './notification.ts';

export const ListWebhookDeliveriesInput = z.object({
  webhookId: z.string().min(1).max(100).optional(),
  subjectType: z.string().min(1).max(50).optional(),
  subjectId: z.string().min(1).max(100).optional(),
  beforeId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type ListWebhookDeliveriesInput = z.infer<typeof ListWebhookDeliveriesInput>;

export interface WebhookDeliveryAttempt {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
  responseSnippet: string | null;
}

export interface WebhookDelivery {
  id: number;
  webhookId: string | null;
  webhookName: string;
  event: string;
  subjectType: string | null;
  subjectId: string | null;
  title: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  maxAttempts: number;
  /** When the next attempt is due, while pending. */
  nextAttemptAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
  attempts: WebhookDeliveryAttempt[];
}

export async function listWebhookDeliveries({ ctx, input }: VerbArgs<typeof ListWebhookDeliveriesInput>) {
  const query = ListWebhookDeliveriesInput.parse(input);
  const conditions: SQL[] = [];
  if (query.webhookId) conditions.push(eq(webhookDeliveries.webhookId, query.webhookId));
  if (query.subjectType) conditions.push(eq(webhookDeliveries.subjectType, query.subjectType));
  if (query.subjectId) conditions.push(eq(webhookDeliveries.subjectId, query.subjectId));
  if (query.beforeId) conditions.push(lt(webhookDeliveries.id, query.beforeId));
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const attempts = page.length
    ? await ctx.db
        .select()
        .from(webhookDeliveryAttempts)
        .where(
          inArray(
            webhookDeliveryAttempts.deliveryId,
            page.map((row) => row.id),
          ),
        )
        .orderBy(webhookDeliveryAttempts.attempt)
    : [];
  const deliveries: WebhookDelivery[] = page.map((row) => ({
    id: row.id,
    webhookId: row.webhookId,
    webhookName: row.webhookName,
    event: row.event,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    title: (row.notification as Notification).title,
    status: row.status,
    attemptCount: row.attemptCount,
    maxAttempts: row.maxAttempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
    lastError: row.lastError,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === row.id)
      .map(({ attempt, startedAt, durationMs, httpStatus, error, responseSnippet }) => ({
        attempt,
        startedAt,
        durationMs,
        httpStatus,
        error,
        responseSnippet,
      })),
  }));
  return { deliveries, nextBeforeId: rows.length > query.limit ? page[page.length - 1].id : null };
}
