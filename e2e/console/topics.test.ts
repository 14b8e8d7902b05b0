import { Admin } from '@platformatic/kafka';
import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const topicCount = 120;

describe('topics list journey', () => {
  journey.beforeAll(async ({ brokerBootstrap }) => {
    // Another tool creates the topics over the Kafka protocol; the console must see them.
    const admin = new Admin({ clientId: 'e2e-topic-maker', bootstrapBrokers: [brokerBootstrap] });
    // A prefix of their own: other journeys create topics in the same console, before or after this one.
    const names = Array.from({ length: topicCount }, (_, index) => `listing-${String(index).padStart(3, '0')}`);
    try {
      for (let start = 0; start < names.length; start += 40) {
        await admin.createTopics({ topics: names.slice(start, start + 40), partitions: 1 + start / 40, replicas: 1 });
      }
    } finally {
      await admin.close();
    }
  });

  journey('pages, searches and sorts topics on the server', async ({ adminPage: page }) => {
    await page.getByRole('link', { name: 'Topics' }).click();
    await page.getByLabel('Search topics').fill('listing-');
    await waitForText(page.locator('.toolbar .muted'), /^120 topics$/);
    await waitForText(page.locator('.pager'), /Page 1 of 3/);
    const rows = page.locator('table tbody tr');
    await expect(rows.count()).resolves.toBe(50);
    await page.getByRole('button', { name: 'Next' }).click();
    await waitForText(page.locator('.pager'), /Page 2 of 3/);
    await waitForText(rows.first(), /listing-050/);
    await page.getByLabel('Search topics').fill('listing-11');
    await waitForText(page.locator('.toolbar .muted'), /^10 topics$/);
    await waitForText(rows.first(), /listing-110/);
    await page.getByRole('button', { name: /^Partitions/ }).click();
    await page.getByRole('button', { name: /^Partitions/ }).click();
    await waitForText(page.getByRole('button', { name: /^Partitions/ }), /▼/);
    await waitForText(rows.first().locator('td').nth(1), /^3$/);
    await saveScreenshot(page, 'topics-search');
  });

  journey('creates a topic from the form, shown in the list', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics`);
    await page.getByRole('button', { name: 'New topic' }).click();
    await page.getByLabel('Topic name').fill('made-in-the-browser');
    await page.getByLabel('Partitions').fill('4');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await page.getByText('Created made-in-the-browser.').waitFor();
    await page.getByLabel('Search topics').fill('made-in-the');
    await waitForText(page.locator('.toolbar .muted'), /^1 topic$/);
    await waitForText(page.locator('table tbody tr'), /made-in-the-browser4/);
    await saveScreenshot(page, 'topics-created');
  });
});
