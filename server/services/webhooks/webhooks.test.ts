import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.ts';
import { NOTIFICATION_SCHEMA, Notification } from './notification.ts';

const receivers: WebhookReceiver[] = [];
async function receiver(...args: Parameters<typeof startWebhookReceiver>): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(...args);
  receivers.push(started);
  return started;
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe.each(databaseKinds)('webhooks on %s', (kind) => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind, {
      env: {
        SAMSA_PUBLIC_URL: 'https://samsa.example.com/console',
        SAMSA_WEBHOOK_RETRY_BASE_MS: '100',
        SAMSA_WEBHOOK_TIMEOUT_MS: '1500',
        SAMSA_WEBHOOK_MAX_ATTEMPTS: '4',
      },
    });
    runtime.webhooks.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await Promise.all(receivers.map((started) => started.close()));
  });

  async function deliveryOf(caller: Awaited<ReturnType<TestRuntime['callerAs']>>, webhookId: string, deliveryId: number, status: string) {
    for (let tries = 0; tries < 300; tries++) {
      const { deliveries } = await caller.webhooks.listDeliveries({ webhookId });
      const delivery = deliveries.find((candidate) => candidate.id === deliveryId);
      if (delivery && delivery.status === status) return delivery;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`delivery ${deliveryId} never became ${status}`);
  }

  it('lets operators manage webhooks and viewers only read them, without the URL, audited without the URL', async () => {
    const operator = await runtime.callerAs('operator');
    const viewer = await runtime.callerAs('viewer');
    const secretUrl = 'https://hooks.example.com/services/T000/B000/very-secret-token';
    expect(await codeOf(viewer.webhooks.create({ name: 'nope', url: secretUrl }))).toBe('FORBIDDEN');
    const { id } = await operator.webhooks.create({ name: `on-call ${kind}`, url: secretUrl, format: 'slack' });
    const listed = await viewer.webhooks.list();
    const summary = listed.find((webhook) => webhook.id === id);
    expect(summary).toMatchObject({ name: `on-call ${kind}`, urlOrigin: 'https://hooks.example.com', format: 'slack', enabled: true });
    expect(JSON.stringify(listed)).not.toContain('very-secret-token');
    expect(await codeOf(viewer.webhooks.test({ id }))).toBe('FORBIDDEN');
    expect(await codeOf(operator.webhooks.create({ name: `on-call ${kind}`, url: 'https://other.example.com/x' }))).toBe('CONFLICT');
    expect(await codeOf(operator.webhooks.create({ name: 'ftp', url: 'ftp://example.com/x' }))).toBe('BAD_REQUEST');
    await operator.webhooks.update({ id, enabled: false });
    expect(await codeOf(operator.webhooks.test({ id }))).toBe('CONFLICT');
    await operator.webhooks.delete({ id });
    expect((await viewer.webhooks.list()).some((webhook) => webhook.id === id)).toBe(false);
    const admin = await runtime.callerAs('admin');
    const audit = await admin.audit.list({ resource: `on-call ${kind}` });
    const outcomes = audit.rows.map((row) => `${row.action} ${row.outcome}`).sort();
    // The second create with the same name was refused, and that refusal is on the record too.
    expect(outcomes).toEqual(['webhook.create failed', 'webhook.create succeeded', 'webhook.delete succeeded', 'webhook.update succeeded']);
    expect(JSON.stringify(audit.rows)).not.toContain('very-secret-token');
  });

  it('sends a test as generic JSON with the documented schema and an absolute link under SAMSA_PUBLIC_URL', async () => {
    const hook = await receiver();
    const operator = await runtime.callerAs('operator');
    const { id } = await operator.webhooks.create({ name: `json ${kind}`, url: hook.url });
    const { deliveryId } = await operator.webhooks.test({ id });
    const [request] = await hook.waitForRequests(1);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-samsa-event']).toBe('webhook.test');
    const notification = Notification.parse(JSON.parse(request.body));
    expect(notification.schema).toBe(NOTIFICATION_SCHEMA);
    expect(notification.links[0].url).toBe('https://samsa.example.com/console/webhooks');
    const delivery = await deliveryOf(operator, id, deliveryId, 'succeeded');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0].httpStatus).toBe(200);
  });

  it('sends Slack-compatible bodies: text and mrkdwn blocks with the links', async () => {
    const hook = await receiver();
    const operator = await runtime.callerAs('operator');
    const { id } = await operator.webhooks.create({ name: `slack ${kind}`, url: hook.url, format: 'slack' });
    await operator.webhooks.test({ id });
    const [request] = await hook.waitForRequests(1);
    const body = JSON.parse(request.body);
    expect(body.text).toContain('Test notification');
    expect(JSON.stringify(body.blocks)).toContain('<https://samsa.example.com/console/webhooks|Webhooks>');
  });

  it('retries a receiver that fails twice with backoff, and the third attempt delivers; every attempt is logged', async () => {
    const hook = await receiver((index) => (index < 2 ? { status: 503, body: 'busy' } : { status: 204 }));
    const operator = await runtime.callerAs('operator');
    const { id } = await operator.webhooks.create({ name: `flaky ${kind}`, url: hook.url });
    const { deliveryId } = await operator.webhooks.test({ id });
    const requests = await hook.waitForRequests(3);
    const delivery = await deliveryOf(operator, id, deliveryId, 'succeeded');
    expect(delivery.attempts.map((attempt) => attempt.httpStatus)).toEqual([503, 503, 204]);
    expect(delivery.attempts[0].responseSnippet).toBe('busy');
    expect(delivery.attempts[0].error).toContain('HTTP 503');
    // Exponential backoff: 100 ms, then 200 ms (at least; the poll adds more under load).
    expect(requests[1].receivedAt.getTime() - requests[0].receivedAt.getTime()).toBeGreaterThanOrEqual(90);
    expect(requests[2].receivedAt.getTime() - requests[1].receivedAt.getTime()).toBeGreaterThanOrEqual(190);
    expect(JSON.parse(requests[2].body).id).toBe(JSON.parse(requests[0].body).id);
  });

  it('gives up after the attempt bound and never follows a redirect', async () => {
    const target = await receiver();
    const redirecting = await receiver(() => ({ status: 302, headers: { location: target.url } }));
    const failing = await receiver(() => ({ status: 500 }));
    const operator = await runtime.callerAs('operator');
    const redirect = await operator.webhooks.create({ name: `redirect ${kind}`, url: redirecting.url });
    const failure = await operator.webhooks.create({ name: `down ${kind}`, url: failing.url });
    const redirected = await operator.webhooks.test({ id: redirect.id });
    const failed = await operator.webhooks.test({ id: failure.id });
    const redirectDelivery = await deliveryOf(operator, redirect.id, redirected.deliveryId, 'failed');
    expect(redirectDelivery.attempts).toHaveLength(1);
    expect(redirectDelivery.lastError).toContain('not followed');
    expect(target.requests).toHaveLength(0);
    const failedDelivery = await deliveryOf(operator, failure.id, failed.deliveryId, 'failed');
    expect(failedDelivery.attempts).toHaveLength(4);
    expect(failing.requests).toHaveLength(4);
  });

  it('counts a receiver that never answers as a timed-out attempt', async () => {
    const hanging = await receiver((index) => (index === 0 ? 'hang' : { status: 200 }));
    const operator = await runtime.callerAs('operator');
    const { id } = await operator.webhooks.create({ name: `slow ${kind}`, url: hanging.url });
    const { deliveryId } = await operator.webhooks.test({ id });
    const delivery = await deliveryOf(operator, id, deliveryId, 'succeeded');
    expect(delivery.attempts[0].error).toBe('no answer within 1500 ms');
    expect(delivery.attempts[1].httpStatus).toBe(200);
  });
});
