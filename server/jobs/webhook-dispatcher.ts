// Sends queued webhook deliveries (server/services/webhooks/enqueue-notification.ts) off the request path.
// Each attempt is one POST with a timeout, redirects never followed (a 3xx is a failed attempt, its Location
// recorded), the response read to at most MAX_RESPONSE_SNIPPET_BYTES. A failed attempt is retried after
// retryBaseMs x 2^(attempt-1) (capped at MAX_RETRY_DELAY_MS) until maxAttempts; every attempt is a row in
// webhook_delivery_attempts. State lives in Postgres: after a restart, due deliveries are simply picked up.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { webhookDeliveries, webhookDeliveryAttempts, webhooks } from '../db/schema/index.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { type DatabaseOrTransaction, type EnqueueOptions, enqueueNotification } from '../services/webhooks/enqueue-notification.ts';
import { type Notification, type NotificationDraft, renderWebhookBody } from '../services/webhooks/notification.ts';

export const MAX_RETRY_DELAY_MS = 10 * 60_000;
export const MAX_RESPONSE_SNIPPET_BYTES = 1024;
/** Deliveries sent at once; the rest wait for the next round. */
export const MAX_CONCURRENT_DELIVERIES = 4;
const POLL_INTERVAL_MS = 1_000;
/** A claimed delivery is re-claimable after this (a crash mid-attempt): longer than any attempt. */
const CLAIM_LEASE_MS = 2 * 60_000;

export interface WebhookDispatcherOptions {
  db: Database;
  secretBox: SecretBox;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

export interface AttemptResult {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  responseSnippet: string | null;
  /** False for answers a retry cannot change (4xx other than 408 and 429, a redirect). */
  retryable: boolean;
}

export function retryDelayMs(retryBaseMs: number, attemptsMade: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, retryBaseMs * 2 ** Math.max(0, attemptsMade - 1));
}

export class WebhookDispatcher {
  private readonly options: WebhookDispatcherOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private stopped = true;

  constructor(options: WebhookDispatcherOptions) {
    this.options = options;
  }

  get maxAttempts(): number {
    return this.options.maxAttempts;
  }

  /** Queues a notification (in the caller's transaction, if given). Call wake() after the commit. */
  enqueue(db: DatabaseOrTransaction, draft: NotificationDraft, options: Omit<EnqueueOptions, 'maxAttempts'> = {}) {
    return enqueueNotification(db, draft, { ...options, maxAttempts: this.options.maxAttempts });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Sends what is due now rather than at the next poll (after enqueueing). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.schedule(0);
  }

  /** One round: claims and sends every due delivery, MAX_CONCURRENT_DELIVERIES at a time. Tests call it. */
  async deliverDue(now = new Date()): Promise<number> {
    let sent = 0;
    // Bounded: each pass claims at most MAX_CONCURRENT_DELIVERIES, and claimed ones are not due again soon.
    for (let pass = 0; pass < 100; pass++) {
      const claimed = await this.claimDue(now);
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((id) => this.attempt(id)));
      sent += claimed.length;
    }
    return sent;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.deliverDue()
        .then(() => undefined)
        .catch((error: unknown) => console.error(`webhook dispatcher: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = null;
          const again = this.rerun;
          this.rerun = false;
          this.schedule(again ? 0 : POLL_INTERVAL_MS);
        });
    }, delayMs);
  }

  private async claimDue(now: Date): Promise<number[]> {
    const { db } = this.options;
    const due = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(MAX_CONCURRENT_DELIVERIES)
      .for('update', { skipLocked: true });
    const rows = await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) })
      .where(sql`${webhookDeliveries.id} in ${due}`)
      .returning({ id: webhookDeliveries.id });
    return rows.map((row) => row.id);
  }

  private async attempt(deliveryId: number): Promise<void> {
    const { db, secretBox } = this.options;
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    if (delivery?.status !== 'pending') return;
    const [webhook] = delivery.webhookId ? await db.select().from(webhooks).where(eq(webhooks.id, delivery.webhookId)) : [];
    const startedAt = new Date();
    let result: AttemptResult;
    if (!webhook) result = refused('the webhook was deleted');
    else if (!webhook.enabled) result = refused('the webhook is disabled');
    else {
      let url: string;
      try {
        url = secretBox.open(webhook.urlSealed);
      } catch {
        url = '';
      }
      result = url
        ? await postWebhook(url, renderWebhookBody(delivery.notification as Notification, webhook.format), {
            event: delivery.event,
            deliveryId,
            timeoutMs: this.options.timeoutMs,
          })
        : refused('the stored URL cannot be read (was SAMSA_SECRET_KEY changed?)');
    }
    const durationMs = Date.now() - startedAt.getTime();
    const attempt = delivery.attemptCount + 1;
    const finished = result.ok || !result.retryable || attempt >= delivery.maxAttempts;
    await db.transaction(async (tx) => {
      await tx.insert(webhookDeliveryAttempts).values({
        deliveryId,
        attempt,
        startedAt,
        durationMs,
        httpStatus: result.httpStatus,
        error: result.error,
        responseSnippet: result.responseSnippet,
      });
      await tx
        .update(webhookDeliveries)
        .set({
          attemptCount: attempt,
          status: result.ok ? 'succeeded' : finished ? 'failed' : 'pending',
          lastError: result.error,
          completedAt: finished ? new Date() : null,
          nextAttemptAt: finished ? new Date() : new Date(Date.now() + retryDelayMs(this.options.retryBaseMs, attempt)),
        })
        .where(eq(webhookDeliveries.id, deliveryId));
    });
  }
}

function refused(reason: string): AttemptResult {
  return { ok: false, httpStatus: null, error: reason, responseSnippet: null, retryable: false };
}

/** One POST. Never throws: every outcome is an AttemptResult. */
export async function postWebhook(
  url: string,
  body: string,
  options: { event: string; deliveryId: number; timeoutMs: number },
): Promise<AttemptResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Samsa-Webhook/1',
        'x-samsa-event': options.event,
        'x-samsa-delivery': String(options.deliveryId),
      },
      body,
      // Webhook URLs are set by admins and operators; a redirect could still point anywhere, so it is not followed.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      ok: false,
      httpStatus: null,
      error: timedOut ? `no answer within ${options.timeoutMs} ms` : `could not connect: ${cause}`,
      responseSnippet: null,
      retryable: true,
    };
  }
  const responseSnippet = await readSnippet(response);
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, httpStatus: status, error: null, responseSnippet, retryable: false };
  if (status >= 300 && status < 400) {
    const location = (response.headers.get('location') ?? '').slice(0, 500);
    return {
      ok: false,
      httpStatus: status,
      error: `redirect to ${location || '(no Location)'} not followed: set the webhook's URL to the final address`,
      responseSnippet,
      retryable: false,
    };
  }
  const retryable = status >= 500 || status === 408 || status === 429;
  return { ok: false, httpStatus: status, error: `the receiver answered HTTP ${status}`, responseSnippet, retryable };
}

async function readSnippet(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    while (bytes < MAX_RESPONSE_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch {
    // A body cut short still leaves what was read.
  } finally {
    reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_SNIPPET_BYTES).toString('utf8');
  return text === '' ? null : text;
}
