import { Admin, Producer } from '@platformatic/kafka';
import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const recordCount = 100;
const valueBytes = 1_000;

describe('cluster overview journey', () => {
  journey.beforeAll(async ({ brokerBootstrap }) => {
    // Records written by another client: the total size must count them.
    const admin = new Admin({ clientId: 'e2e-overview', bootstrapBrokers: [brokerBootstrap] });
    const producer = new Producer({ clientId: 'e2e-overview', bootstrapBrokers: [brokerBootstrap] });
    try {
      await admin.createTopics({ topics: ['overview-sized'], partitions: 1, replicas: 1 });
      await producer.send({
        messages: Array.from({ length: recordCount }, (_, index) => ({ topic: 'overview-sized', value: Buffer.alloc(valueBytes, index) })),
      });
    } finally {
      await producer.close();
      await admin.close();
    }
  });

  journey(
    'shows the built-in broker, its controller, counts and total size, and says what is not available',
    async ({ adminPage: page, brokerBootstrap }) => {
      await page.getByRole('heading', { name: 'Cluster overview' }).waitFor();
      const brokerRow = page.getByTestId('broker-row').first();
      await brokerRow.waitFor();
      // The console logs in on the broker's SASL listener, whose port Metadata reports; the row shows the
      // PLAINTEXT port other clients use (brokerBootstrap), as npm start tells the console.
      const [host, port] = brokerBootstrap.split(':');
      await expect(brokerRow.locator('td').nth(1).textContent()).resolves.toBe(host);
      await expect(brokerRow.locator('td').nth(2).textContent()).resolves.toBe(port);
      await expect(brokerRow.textContent()).resolves.toContain('controller');
      await expect(page.locator('.card', { hasText: 'Brokers' }).locator('.value').textContent()).resolves.toBe('1');
      // The built-in broker answers DescribeLogDirs: the size counts at least the values produced above.
      const totalSize = await waitForText(page.locator('.card', { hasText: 'Total size' }).locator('.value'), /^\d[\d.]* KiB$/);
      expect(Number.parseFloat(totalSize) * 1024).toBeGreaterThanOrEqual(recordCount * valueBytes);
      await waitForText(page.locator('.card', { hasText: 'Bytes out' }), /Bytes out—Not available: the Kafka protocol does not expose it/);
      await saveScreenshot(page, 'overview');
    },
  );

  journey('renders in dark mode', async ({ openPage, signInAs, adminPassword }) => {
    const page = await openPage({ colorScheme: 'dark' });
    await signInAs(page, 'admin', adminPassword);
    await page.getByTestId('broker-row').first().waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    await saveScreenshot(page, 'overview-dark');
  });
});
