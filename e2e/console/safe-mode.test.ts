// `npm start` in the broker's safe mode (issue 11, finding 8): SASL over TLS on the broker's main port with a
// generated certificate; the console logs in with its own generated user, other tools with theirs, and a
// client without TLS and a login gets nothing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { describe, expect } from 'vitest';
import { startConsoleProcess, type ConsoleProcess } from '../fixtures/console-process.ts';
import { newPage, saveScreenshot, signIn, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const adminPassword = 'safe-mode-admin-password';

describe('the broker’s safe mode', () => {
  let running: ConsoleProcess;
  journey.beforeAll(async () => {
    running = await startConsoleProcess({
      adminPassword,
      args: ['--broker-security', 'sasl_ssl'],
      env: { SAMSA_BROKER_SASL_USERS: 'app=app-password' },
    });
  });
  journey.afterAll(async () => {
    await running?.stop();
  });

  const appAdmin = async () =>
    new kafkajs.Kafka({
      clientId: 'app-tool',
      brokers: [running.brokerBootstrap],
      ssl: { ca: [await readFile(path.join(running.dataDir, 'broker-tls/cert.pem'), 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'app-password' },
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();

  journey('refuses a client without TLS and a login on the broker port', async () => {
    const anonymous = new kafkajs.Kafka({
      clientId: 'anonymous',
      brokers: [running.brokerBootstrap],
      connectionTimeout: 2_000,
      requestTimeout: 2_000,
      retry: { retries: 0 },
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await expect(anonymous.connect().then(() => anonymous.listTopics())).rejects.toThrow();
    await anonymous.disconnect();
  });

  journey('shows and audits a topic another tool created over SASL_SSL; the console works over SASL_SSL', async ({ browser }) => {
    const topic = `safe-mode-${Date.now().toString(36)}`;
    const admin = await appAdmin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    } finally {
      await admin.disconnect();
    }
    const page = await newPage(browser);
    try {
      await signIn(page, running.consoleUrl, 'admin', adminPassword);
      await page.goto(`${running.consoleUrl}/topics`);
      await page.getByLabel('Search topics').fill(topic);
      await waitForText(page.locator('table tbody'), new RegExp(topic), 30_000);
      // The broker-change recorder reads the change feed over SASL_SSL too: the other tool's change is audited.
      await page.goto(`${running.consoleUrl}/audit`);
      await page.getByLabel('Resource').fill(topic);
      // Recorded in the background within a second or two: filter again until it is there.
      const recorded = new RegExp(`app-tool[\\s\\S]*topic\\.create[\\s\\S]*${topic}`);
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Filter' }).click();
            return (
              (await page
                .locator('table tbody')
                .textContent({ timeout: 5_000 })
                .catch(() => '')) ?? ''
            );
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toMatch(recorded);
      await saveScreenshot(page, 'safe-mode-audit');
    } finally {
      await page.context().close();
    }
  });
});
