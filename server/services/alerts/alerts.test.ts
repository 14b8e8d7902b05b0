// Integration: alert rules over the lag sampler's real samples of a real consumer group on the built-in
// broker. A consumer is stopped while records are produced: the rule goes pending, then fires, and a local
// HTTP receiver gets the notification with working deep links; the consumer resumes, the alert resolves and
// notifies. A receiver that fails twice gets the third attempt. A restart of the runtime neither loses a
// pending alert nor re-sends a firing one.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMetrics } from '../../metrics/render-metrics.ts';
import { Notification } from '../webhooks/notification.ts';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.ts';

const PUBLIC_URL = 'http://console.example.test:3000';
const clusterId = 'built-in';
const suffix = Date.now().toString(36);

let cluster: TestCluster;
let kafka: Kafka;
const receivers: WebhookReceiver[] = [];
const consumers: Consumer[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'alerts-test', logLevel: logLevel.NOTHING });
}, 180_000);
afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.disconnect().catch(() => {})));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await cluster?.stop();
});

async function receiver(...args: Parameters<typeof startWebhookReceiver>) {
  const started = await startWebhookReceiver(...args);
  receivers.push(started);
  return started;
}

async function produce(topic: string, count: number) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ value: `v${i}` })) });
  await producer.disconnect();
}

/** A kafkajs member of the group reading the topic from the start and committing every record. */
async function startConsumer(groupId: string, topic: string): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500, retry: { retries: 2 } });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
    },
  });
  return consumer;
}

async function waitForLag(runtime: TestRuntime, groupId: string, expected: (lag: number) => boolean) {
  const viewer = await runtime.callerAs('viewer');
  for (let tries = 0; tries < 240; tries++) {
    const group = await viewer.groups.get({ clusterId, groupId }).catch(() => null);
    if (group && group.topics.length > 0 && expected(group.lag)) return group.lag;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`group ${groupId} never reached the expected lag`);
}

async function createTopic(topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
}

/** The URLs of a Slack body's `<url|label>` links, in order. */
function slackLinks(body: string): string[] {
  const blocks = JSON.parse(body).blocks as { type: string; elements?: { text: string }[] }[];
  const context = blocks.find((block) => block.type === 'context')?.elements?.[0]?.text ?? '';
  return [...context.matchAll(/<([^|>]+)\|[^>]*>/g)].map((match) => match[1]);
}

/** One sampling round, then one evaluation `afterMs` later (a duration elapsing without waiting for it). */
async function sampleAndEvaluate(runtime: TestRuntime, afterMs = 0) {
  const round = await runtime.lagSampler.sampleOnce(clusterId);
  expect(round.error).toBeNull();
  return runtime.alertEvaluator.evaluateCluster(clusterId, new Date(Date.now() + afterMs));
}

describe('alerts on a real consumer group', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime('pglite', {
      cluster,
      env: { SAMSA_PUBLIC_URL: PUBLIC_URL, SAMSA_WEBHOOK_RETRY_BASE_MS: '100', SAMSA_LAG_SAMPLE_INTERVAL_MS: '15000' },
    });
    runtime.webhooks.start();
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
  });

  it('fires when the consumer stops while records arrive, notifies with deep links, and resolves when it resumes', async () => {
    const topic = `alerts-orders-${suffix}`;
    const groupId = `alerts-billing-${suffix}`;
    await createTopic(topic);
    const good = await receiver();
    // Fails twice, then answers: the third attempt delivers.
    const flaky = await receiver((index) => (index < 2 ? { status: 500, body: 'down' } : { status: 200 }));
    const operator = await runtime.callerAs('operator');
    const viewer = await runtime.callerAs('viewer');
    const goodHook = await operator.webhooks.create({ name: `good ${suffix}`, url: good.url });
    const flakyHook = await operator.webhooks.create({ name: `flaky ${suffix}`, url: flaky.url, format: 'json' });
    const slack = await receiver();
    const slackHook = await operator.webhooks.create({ name: `slack ${suffix}`, url: slack.url, format: 'slack' });
    const { id: ruleId } = await operator.alerts.createRule({
      name: `billing lag ${suffix}`,
      groupPattern: 'alerts-billing-*',
      topicPattern: 'alerts-orders-*',
      condition: { kind: 'lag', thresholdRecords: 10, forSeconds: 20 },
      webhookIds: [goodHook.id, flakyHook.id, slackHook.id],
    });

    const consumer = await startConsumer(groupId, topic);
    await produce(topic, 5);
    await waitForLag(runtime, groupId, (lag) => lag === 0);
    expect((await sampleAndEvaluate(runtime)).transitions).toEqual([]);

    await consumer.disconnect();
    await produce(topic, 30);
    await waitForLag(runtime, groupId, (lag) => lag === 30);
    const pending = await sampleAndEvaluate(runtime);
    expect(pending.transitions).toMatchObject([{ ruleId, groupId, to: 'pending', notified: 0 }]);
    const alertId = pending.transitions[0].alertId;
    // Not yet 20 s: still pending, nothing sent.
    expect((await sampleAndEvaluate(runtime, 5_000)).transitions).toEqual([]);
    expect(good.requests).toHaveLength(0);
    const firing = await sampleAndEvaluate(runtime, 25_000);
    expect(firing.transitions).toMatchObject([{ alertId, to: 'firing', notified: 3 }]);
    expect((await viewer.alerts.countFiring()).firing).toBe(1);
    const metrics = (await renderMetrics(runtime)).body;
    expect(metrics).toContain(
      `samsa_alert_open{cluster="built-in",consumergroup="${groupId}",rule="billing lag ${suffix}",state="firing"} 1`,
    );
    expect(metrics).toContain('samsa_alerts{state="firing"} 1');

    const [firingRequest] = await good.waitForRequests(1);
    const notification = Notification.parse(JSON.parse(firingRequest.body));
    expect(notification).toMatchObject({ event: 'alert.firing', severity: 'critical' });
    expect(notification.title).toContain(groupId);
    expect(notification.data).toMatchObject({ alert: { id: alertId, state: 'firing', groupId, clusterId, value: { lag: 30 } } });
    // The deep links lead to this alert and to this group's page, and both resolve in the console.
    const [alertLink, groupLink] = notification.links.map((link) => new URL(link.url));
    expect(alertLink.href).toBe(`${PUBLIC_URL}/alerts/${alertId}`);
    expect(groupLink.href).toBe(`${PUBLIC_URL}/groups/${encodeURIComponent(groupId)}`);
    const linkedAlert = await viewer.alerts.get({ id: Number(alertLink.pathname.split('/').pop()) });
    expect(linkedAlert).toMatchObject({ state: 'firing', groupId });
    const linkedGroup = await viewer.groups.get({ clusterId, groupId: decodeURIComponent(groupLink.pathname.split('/').pop()!) });
    expect(linkedGroup.lag).toBe(30);
    const alertUrl = `${PUBLIC_URL}/alerts/${alertId}`;
    const groupUrl = `${PUBLIC_URL}/groups/${encodeURIComponent(groupId)}`;
    // Slack gets the same two links, as mrkdwn links, the alert's also in the plain text.
    const [slackFiring] = await slack.waitForRequests(1);
    expect(slackLinks(slackFiring.body)).toEqual([alertUrl, groupUrl]);
    expect(JSON.parse(slackFiring.body).text).toContain(alertUrl);

    // The flaky receiver failed twice; the third attempt delivered, and every attempt is logged.
    await flaky.waitForRequests(3);
    expect(JSON.parse(flaky.requests[2].body).id).toBe(notification.id);
    let flakyDelivery;
    for (let tries = 0; tries < 100 && flakyDelivery?.status !== 'succeeded'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [flakyDelivery] = (
        await viewer.webhooks.listDeliveries({ webhookId: flakyHook.id, subjectType: 'alert', subjectId: String(alertId) })
      ).deliveries;
    }
    expect(flakyDelivery?.attempts.map((attempt) => attempt.httpStatus)).toEqual([500, 500, 200]);

    // A further round while still breached sends nothing new.
    expect((await sampleAndEvaluate(runtime, 40_000)).transitions).toEqual([]);

    await startConsumer(groupId, topic);
    await waitForLag(runtime, groupId, (lag) => lag === 0);
    const resolved = await sampleAndEvaluate(runtime, 45_000);
    expect(resolved.transitions).toMatchObject([{ alertId, to: 'resolved', notified: 3 }]);
    const [, resolvedRequest] = await good.waitForRequests(2);
    const resolvedNotification = Notification.parse(JSON.parse(resolvedRequest.body));
    expect(resolvedNotification).toMatchObject({ event: 'alert.resolved', severity: 'info' });
    expect(resolvedNotification.id).not.toBe(notification.id);
    expect(resolvedNotification.title).toMatch(/^RESOLVED: /);
    expect(resolvedNotification.data).toMatchObject({ alert: { id: alertId, state: 'resolved', groupId, clusterId } });
    expect(resolvedNotification.links.map((link) => link.url)).toEqual([alertUrl, groupUrl]);
    const [, slackResolved] = await slack.waitForRequests(2);
    expect(slackLinks(slackResolved.body)).toEqual([alertUrl, groupUrl]);
    expect(JSON.parse(slackResolved.body).text).toMatch(/^RESOLVED: /);
    const history = await viewer.alerts.get({ id: alertId });
    expect(history.events.map((event) => event.kind)).toEqual(['pending', 'firing', 'resolved']);
    expect((await viewer.alerts.countFiring()).firing).toBe(0);
  }, 240_000);
});

describe.each(databaseKinds)('alert state across restarts on %s', (kind) => {
  it('neither loses a pending alert nor re-sends a firing one when the runtime restarts', async () => {
    const topic = `alerts-restart-${kind}-${suffix}`;
    const groupId = `alerts-restart-${kind}-${suffix}`;
    await createTopic(topic);
    const hook = await receiver();
    let runtime = await createTestRuntime(kind, { cluster, env: { SAMSA_PUBLIC_URL: PUBLIC_URL } });
    try {
      const operator = await runtime.callerAs('operator');
      const { id: webhookId } = await operator.webhooks.create({ name: `restart ${kind}`, url: hook.url });
      await operator.alerts.createRule({
        name: `restart ${kind}`,
        groupPattern: groupId,
        condition: { kind: 'lag', thresholdRecords: 0, forSeconds: 30 },
        webhookIds: [webhookId],
      });
      const consumer = await startConsumer(groupId, topic);
      await produce(topic, 3);
      await waitForLag(runtime, groupId, (lag) => lag === 0);
      await consumer.disconnect();
      await produce(topic, 4);
      await waitForLag(runtime, groupId, (lag) => lag === 4);
      const pending = await sampleAndEvaluate(runtime);
      expect(pending.transitions).toMatchObject([{ to: 'pending' }]);
      const alertId = pending.transitions[0].alertId;

      // Restart while pending: the new runtime keeps counting from when the breach began.
      runtime = await runtime.restart();
      runtime.webhooks.start();
      const firing = await sampleAndEvaluate(runtime, 35_000);
      expect(firing.transitions).toEqual([expect.objectContaining({ alertId, to: 'firing', notified: 1 })]);
      await hook.waitForRequests(1);

      // Restart while firing: nothing is sent again.
      runtime = await runtime.restart();
      runtime.webhooks.start();
      expect((await sampleAndEvaluate(runtime, 40_000)).transitions).toEqual([]);
      await runtime.webhooks.deliverDue(new Date(Date.now() + 600_000));
      const viewer = await runtime.callerAs('viewer');
      const { deliveries } = await viewer.webhooks.listDeliveries({ subjectType: 'alert', subjectId: String(alertId) });
      expect(deliveries.map((delivery) => delivery.event)).toEqual(['alert.firing']);
      expect(hook.requests).toHaveLength(1);
      expect((await viewer.alerts.get({ id: alertId })).events.map((event) => event.kind)).toEqual(['pending', 'firing']);
    } finally {
      await runtime.close();
    }
  }, 240_000);
});
