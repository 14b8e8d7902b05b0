// Alerts journey: an operator creates a lag rule for a group, notifying a webhook (a local receiver started
// here); a real kafkajs group is stopped while records are produced; the group's lag chart rises, the alert
// goes pending then firing (the console under test samples every 2 s), the navigation badge shows 1, and the
// webhook's deep links open the alert and the group. The operator acknowledges with a note and silences it,
// both shown on the alert page and in the audit log. A viewer sees the rule read-only; deleting the rule
// previews what goes with it.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { Notification } from '../../server/services/webhooks/notification.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../server/test-support/webhook-receiver.ts';
import { newPage, saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const topic = 'journey-alerts-orders';
const groupId = 'journey-alerts-billing';
const ruleName = 'journey billing lag';
const operator = { username: 'olga', password: 'operator-password' };
const viewer = { username: 'vera', password: 'viewer-password' };
const ackNote = 'Billing consumer redeploy in progress';
const silenceNote = 'Until the redeploy is done';

async function createUser(page: Page, username: string, role: string, password: string) {
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Name', { exact: true }).fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Add user' }).click();
  await page.locator('td', { hasText: username }).first().waitFor();
}

const alertTabs = (page: Page) => page.getByRole('navigation', { name: 'Alert views' });

/** Reloads /alerts until the group's alert shows `state`; returns the alert's number. */
async function waitForAlertState(page: Page, consoleUrl: string, state: 'pending' | 'firing', timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const row = page.getByTestId('alert-row').filter({ hasText: groupId });
  while (Date.now() < deadline) {
    await page.goto(`${consoleUrl}/alerts?state=all`);
    await page.getByRole('table', { name: 'Alerts' }).waitFor();
    const text = (await row.count()) > 0 ? await row.first().textContent() : '';
    const match = /#(\d+)(pending|firing|resolved)/.exec(text ?? '');
    if (match?.[2] === state) return Number(match[1]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`the alert of ${groupId} was never ${state} within ${timeoutMs} ms`);
}

describe('alerts journey', () => {
  let producer: Producer;
  let producing: NodeJS.Timeout | undefined;
  let receiver: WebhookReceiver;
  let alertId = 0;
  let ruleUrl = '';

  journey.beforeAll(async ({ browser, signInAs, adminPassword, brokerBootstrap }) => {
    receiver = await startWebhookReceiver();
    const page = await newPage(browser);
    await signInAs(page, 'admin', adminPassword);
    await page.getByRole('link', { name: 'Users & teams' }).click();
    await createUser(page, operator.username, 'operator', operator.password);
    await createUser(page, viewer.username, 'viewer', viewer.password);
    await page.context().close();

    // The group reads everything there is, commits and stops: lag 0 until records arrive.
    const kafka = new Kafka({ brokers: [brokerBootstrap], clientId: 'journey-alerts', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `order-${i}` })) });
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          if (++seen === 5) resolve();
        },
      });
    });
    await consumer.disconnect();
  }, 120_000);

  journey.afterAll(async () => {
    clearInterval(producing);
    await producer?.disconnect();
    await receiver?.close();
  });

  journey(
    'an operator creates a lag rule; the stopped group lags, the alert goes pending then firing and is acknowledged and silenced',
    async ({ page, signInAs, consoleUrl }) => {
      await signInAs(page, operator.username, operator.password);
      // A webhook for the rule to notify: the local receiver.
      await page.getByRole('link', { name: 'Webhooks' }).click();
      const webhookForm = page.getByRole('form', { name: 'New webhook' });
      await webhookForm.getByLabel('Name').fill('journey receiver');
      await webhookForm.getByLabel('URL').fill(`${receiver.url}/alerts`);
      await webhookForm.getByRole('button', { name: 'Add webhook' }).click();
      await page.getByRole('link', { name: 'journey receiver' }).waitFor();

      await page.getByRole('link', { name: /^Alerts/ }).click();
      await waitForText(page.getByRole('table', { name: 'Alerts' }), /Nothing firing or pending/);
      await saveScreenshot(page, 'alerts-empty');
      await alertTabs(page).getByRole('link', { name: 'Rules' }).click();
      await page.getByRole('link', { name: 'New rule' }).click();
      const form = page.getByRole('form', { name: 'Alert rule' });
      await form.getByLabel('Name', { exact: true }).fill(ruleName);
      await form.getByLabel('Consumer group').fill('journey-alerts-*');
      await form.getByLabel('Topic', { exact: true }).fill(topic);
      await form.getByLabel('Kind').selectOption('lag');
      await form.getByLabel('Lag above (records)').fill('20');
      await form.getByLabel('For (seconds)').fill('10');
      await form.getByLabel(/journey receiver/).check();
      await waitForText(page.getByTestId('condition-preview'), /Fires on lag above 20 records for 10 s/);
      await saveScreenshot(page, 'alert-rule-new');
      await form.getByRole('button', { name: 'Create rule' }).click();
      await page.waitForURL(/\/alerts\/rules\/[0-9a-f-]{36}$/);
      ruleUrl = page.url();
      await alertTabs(page).getByRole('link', { name: 'Rules' }).click();
      await waitForText(
        page.getByTestId('rule-row'),
        /journey billing lag[\s\S]*group journey-alerts-\*[\s\S]*lag above 20 records for 10 s/,
      );
      await saveScreenshot(page, 'alert-rules');

      // Records arrive while nobody consumes: 5 a second.
      let next = 5;
      producing = setInterval(() => {
        const batch = Array.from({ length: 5 }, (_, i) => ({ value: `order-${next + i}` }));
        next += 5;
        void producer.send({ topic, messages: batch }).catch(() => {});
      }, 1_000);

      alertId = await waitForAlertState(page, consoleUrl, 'pending', 60_000);
      await waitForText(page.getByTestId('alert-row').filter({ hasText: groupId }), /pendingjourney billing lag/);
      await saveScreenshot(page, 'alerts-pending');
      expect(await waitForAlertState(page, consoleUrl, 'firing', 60_000)).toBe(alertId);
      await waitForText(page.getByTestId('firing-count'), /^1$/, 15_000);
      await saveScreenshot(page, 'alerts-firing');

      // The group's lag chart has risen past the threshold.
      await page.getByTestId('alert-row').filter({ hasText: groupId }).getByRole('link', { name: groupId }).click();
      await page.waitForURL(new RegExp(`/groups/${groupId}$`));
      const chart = page.getByTestId('chart-total-lag');
      await chart.waitFor({ timeout: 30_000 });
      await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
      await saveScreenshot(page, 'alert-group-lag-rising');

      // The webhook got the firing notification; its deep links open the alert and the group.
      const [request] = await receiver.waitForRequests(1, 30_000);
      const notification = Notification.parse(JSON.parse(request.body));
      expect(notification.event).toBe('alert.firing');
      const [alertLink, groupLink] = notification.links.map((link) => link.url);
      expect(new URL(alertLink).pathname).toBe(`/alerts/${alertId}`);
      expect(new URL(groupLink).pathname).toBe(`/groups/${groupId}`);
      await page.goto(groupLink);
      await waitForText(page.locator('h1'), new RegExp(groupId));
      await page.goto(alertLink);
      await waitForText(page.locator('h1'), new RegExp(`Alert #${alertId}\\s*firing`));
      await waitForText(
        page.getByTestId('alert-summary'),
        new RegExp(`journey billing lag on group ${groupId} \\(cluster built-in\\): lag [\\d,]+ records \\(threshold 20\\)`),
      );
      await waitForText(page.getByRole('table', { name: 'Webhook deliveries' }), /journey receiver[\s\S]*alert\.firing/);

      // Acknowledge with a note, then silence for 4 hours: both shown with who did it.
      await page.getByLabel('Acknowledge with a note').fill(ackNote);
      await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await waitForText(page.getByTestId('alert-acknowledged'), new RegExp(`Acknowledged by ${operator.username} .*: “${ackNote}”`));
      const silenceForm = page.getByRole('form', { name: 'Silence' });
      await silenceForm.getByRole('button', { name: '4 h' }).click();
      await silenceForm.getByLabel('Note', { exact: true }).fill(silenceNote);
      await silenceForm.getByRole('button', { name: 'Silence', exact: true }).click();
      await waitForText(page.getByTestId('alert-silenced'), new RegExp(`Silenced until .+ by ${operator.username}`));
      const history = page.getByRole('table', { name: 'Alert history' });
      await waitForText(
        history,
        new RegExp(
          `pendingevaluator[\\s\\S]*firingevaluator[\\s\\S]*acknowledged${operator.username}${ackNote}[\\s\\S]*silenced${operator.username}Until [^:]+:\\d\\d:\\d\\d\\.\\d{3}Z: ${silenceNote}`,
        ),
      );
      await saveScreenshot(page, 'alert-acknowledged-silenced');
      // Handled: still firing, so the badge still counts it.
      await waitForText(page.getByTestId('firing-count'), /^1$/);

      // Both are in the audit log, with who and the note.
      await page.getByRole('link', { name: 'Audit log' }).click();
      for (const action of ['alert.acknowledge', 'alert.silence']) {
        await page.getByLabel('Action').selectOption(action);
        await page.getByRole('button', { name: 'Filter' }).click();
        const row = page.locator('table tbody tr').first();
        await waitForText(
          row,
          new RegExp(`${operator.username} \\(operator\\)${action.replace('.', '\\.')}alert ${alertId}[\\s\\S]*succeeded`),
        );
        await waitForText(row, new RegExp(action === 'alert.acknowledge' ? ackNote : silenceNote));
      }
      await page.locator('table tbody tr').first().getByText('parameters').click();
      await saveScreenshot(page, 'alert-audit');
    },
    240_000,
  );

  journey('shows the firing alert on /alerts in the dark theme', async ({ openPage, signInAs, consoleUrl }) => {
    const page = await openPage({ colorScheme: 'dark' });
    await signInAs(page, operator.username, operator.password);
    await page.goto(`${consoleUrl}/alerts`);
    await waitForText(page.getByTestId('alert-row').filter({ hasText: groupId }), /firingjourney billing lag/);
    await waitForText(page.getByTestId('firing-count'), /^1$/);
    await saveScreenshot(page, 'alerts-dark');
    await page.goto(`${consoleUrl}/alerts/${alertId}`);
    await waitForText(page.getByTestId('alert-silenced'), /Silenced until/);
    await saveScreenshot(page, 'alert-detail-dark');
  });

  journey('a viewer sees the rule and the alert read-only', async ({ page, signInAs, consoleUrl }) => {
    await signInAs(page, viewer.username, viewer.password);
    await page.goto(ruleUrl);
    const form = page.getByRole('form', { name: 'Alert rule' });
    await expect.poll(() => form.getByLabel('Name', { exact: true }).inputValue(), { timeout: 15_000 }).toBe(ruleName);
    expect(await form.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    await expect(page.getByRole('button', { name: 'Save rule' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Delete rule' }).count()).resolves.toBe(0);
    await page.goto(`${consoleUrl}/alerts/rules/new`);
    await waitForText(page.getByText(/Not allowed: operators and admins create alert rules; you are viewer/), /you are viewer/);
    await page.goto(`${consoleUrl}/alerts/${alertId}`);
    await waitForText(page.getByTestId('alert-handling'), /Operators and admins acknowledge and silence alerts/);
    await expect(page.getByRole('button', { name: 'Acknowledge', exact: true }).count()).resolves.toBe(0);
    await saveScreenshot(page, 'alert-viewer');
  });

  journey('deleting the rule previews the alerts that go with it, then removes both', async ({ page, signInAs, consoleUrl }) => {
    await signInAs(page, operator.username, operator.password);
    await page.goto(ruleUrl);
    await page.getByRole('button', { name: 'Delete rule' }).click();
    const dialog = page.getByRole('dialog');
    await waitForText(dialog, /its 1 alert \(1 open: no resolved notification is sent for them\) and their history are deleted/);
    await saveScreenshot(page, 'alert-rule-delete');
    await dialog.getByRole('button', { name: 'Delete rule' }).click();
    await page.waitForURL(/\/alerts\/rules$/);
    await waitForText(page.getByRole('table', { name: 'Alert rules' }), /No alert rules yet/);
    await page.goto(`${consoleUrl}/alerts/${alertId}`);
    await waitForText(page.getByRole('alert'), new RegExp(`No alert #${alertId}`));
    await page.goto(`${consoleUrl}/alerts?state=all`);
    await waitForText(page.getByRole('table', { name: 'Alerts' }), /No alerts yet/);
  });
});
