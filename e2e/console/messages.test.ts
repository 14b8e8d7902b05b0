// Messages journeys: browse from a timestamp, a CEL filter, a deep link to one record, producing from the page,
// and payloads holding markup shown as text with nothing run.
import { Admin } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const topic = 'journey-orders';
const hostileTopic = 'journey-hostile';
const baseTimeMs = Date.parse('2026-02-01T10:00:00Z');
const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';

describe('messages journeys', () => {
  journey.beforeAll(async ({ brokerBootstrap }) => {
    const admin = new Admin({ clientId: 'e2e-messages', bootstrapBrokers: [brokerBootstrap] });
    try {
      await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
      await admin.createTopics({ topics: [hostileTopic], partitions: 1, replicas: 1 });
    } finally {
      await admin.close();
    }
    const kafka = new Kafka({ brokers: [brokerBootstrap], clientId: 'e2e-messages', logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      // 40 orders a minute apart, alternating partitions; every 7th failed, amounts index * 10.
      await producer.send({
        topic,
        messages: Array.from({ length: 40 }, (_, index) => ({
          partition: index % 2,
          key: `order-${index}`,
          value: JSON.stringify({ order: index, status: index % 7 === 0 ? 'failed' : 'ok', amount: index * 10 }),
          timestamp: String(baseTimeMs + index * 60_000),
        })),
      });
      await producer.send({ topic: hostileTopic, messages: [{ key: hostile, value: hostile, headers: { [hostile]: hostile } }] });
    } finally {
      await producer.disconnect();
    }
  });

  journey('browses from a timestamp and sees the first record at or after it', async ({ adminPage: page, consoleUrl }) => {
    // Record pages requested by the browser: the rows' links must not prefetch them (one request per row shown).
    const recordPageRequests: string[] = [];
    page.on('request', (request) => {
      if (new RegExp(`/topics/${topic}/messages/\\d+/\\d+`).test(new URL(request.url()).pathname)) recordPageRequests.push(request.url());
    });
    await page.goto(`${consoleUrl}/topics/${topic}/messages`);
    await waitForText(page.getByTestId('scan-outcome'), /Reached the end/);
    await waitForText(page.getByTestId('value-preview').first(), /"order":39/);
    await expect(page.getByTestId('record-row').count()).resolves.toBe(40);
    await page.waitForTimeout(1_000); // Next.js prefetches links in view once the page is idle
    expect(recordPageRequests).toEqual([]);
    await page.getByLabel('Start').selectOption('timestamp');
    await page.getByLabel('Timestamp (ISO-8601 or epoch ms)').fill('2026-02-01T10:12:30Z');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/timestamp=2026-02-01T10%3A12%3A30Z/);
    await waitForText(page.getByTestId('value-preview').first(), /"order":13/);
    await waitForText(page.getByTestId('value-preview').nth(1), /"order":14/);
    await saveScreenshot(page, 'messages-from-timestamp');
    // The URL is the state: reloading shows the same first record.
    await page.reload();
    await waitForText(page.getByTestId('value-preview').first(), /"order":13/);
  });

  journey('a CEL filter finds exactly the matching records', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics/${topic}/messages`);
    await page.getByLabel(/CEL expression/).fill('value.status == "failed" && value.amount > 100');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/filter=/);
    await waitForText(page.getByTestId('scan-status'), /matched 4\D.*Reached the end/);
    const previews = await page.getByTestId('value-preview').allTextContents();
    expect(previews.map((text) => JSON.parse(text).order)).toEqual([35, 28, 21, 14]);
    await saveScreenshot(page, 'messages-cel-filter');
    await page.getByLabel(/CEL expression/).fill('value.status == ');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForText(page.getByRole('alert'), /Syntax error at position 17/);
  });

  journey('a time range keeps only the records written within it', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics/${topic}/messages`);
    await page.getByLabel('From time (ISO-8601 or epoch ms)').fill('yesterday');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForText(page.getByRole('alert'), /From time "yesterday": not a time/);
    await page.getByLabel('From time (ISO-8601 or epoch ms)').fill('2026-02-01T10:10:00Z');
    await page.getByLabel('To time (ISO-8601 or epoch ms)').fill(String(Date.parse('2026-02-01T10:14:00Z')));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/timeFrom=2026-02-01T10%3A10%3A00Z&timeTo=\d+/);
    await waitForText(page.getByTestId('scan-status'), /matched 5\D.*Reached the end/);
    const previews = await page.getByTestId('value-preview').allTextContents();
    expect(previews.map((text) => JSON.parse(text).order)).toEqual([14, 13, 12, 11, 10]);
    await saveScreenshot(page, 'messages-time-range');
  });

  journey('pages back and forth, and a page opened from a link has no previous page', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics/${topic}/messages?limit=5`);
    await waitForText(page.getByTestId('scan-outcome'), /Page full/);
    await waitForText(page.getByTestId('value-preview').first(), /"order":39/);
    await expect(page.getByRole('button', { name: 'Previous page' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Older records' }).click();
    await page.waitForURL(/cursor=/);
    await waitForText(page.getByTestId('value-preview').first(), /"order":34/);
    const secondPage = page.url();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.waitForURL((url) => !url.search.includes('cursor='));
    await waitForText(page.getByTestId('value-preview').first(), /"order":39/);
    // The second page's link in a new tab: the same records, and no previous page to leave the console for.
    const fresh = await page.context().newPage();
    try {
      await fresh.goto(secondPage);
      await waitForText(fresh.getByTestId('value-preview').first(), /"order":34/);
      await expect(fresh.getByRole('button', { name: 'Previous page' }).isDisabled()).resolves.toBe(true);
    } finally {
      await fresh.close();
    }
  });

  journey('opens a deep link to one record', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics/${topic}/messages/1/4`);
    await waitForText(page.getByTestId('record-key'), /order-9/);
    await waitForText(page.getByTestId('record-value'), /"status"/);
    await page.getByRole('button', { name: 'hex' }).click();
    await waitForText(page.getByTestId('record-value'), /^00000000 {2}7b 22 6f 72/);
    await expect(page.getByRole('button', { name: 'Copy link' }).isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'messages-deep-link');
    await page.goto(`${consoleUrl}/topics/${topic}/messages/1/999`);
    await waitForText(page.getByRole('alert'), /past the end of partition 1/);
  });

  journey('produces a record from the page and finds it', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics/${topic}/messages`);
    await page.getByRole('button', { name: 'Produce a record…' }).click();
    await page.getByLabel('Key (empty: null)').fill('from-the-browser');
    await page.locator('textarea[name="produce-value"]').fill('{"order":1000,"status":"new"}');
    await page.getByLabel('Value format').selectOption('json');
    await page.getByLabel('Headers (one name=value a line)').fill('origin=journey');
    await page.getByRole('button', { name: 'Produce', exact: true }).click();
    await waitForText(page.getByTestId('produced'), /Written to partition \d+ at offset \d+/);
    await waitForText(page.getByTestId('value-preview').first(), /"order":1000/);
    await saveScreenshot(page, 'messages-produced');
  });

  journey('produces from the page and sees the record in the live tail within a second', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics/${topic}/messages?live=1&valueContains=tail-check`);
    await waitForText(page.getByTestId('tail-status'), /Live/);
    await page.getByRole('button', { name: 'Produce a record…' }).click();
    await page.locator('textarea[name="produce-value"]').fill('ignored by the filter');
    await page.getByRole('button', { name: 'Produce', exact: true }).click();
    await waitForText(page.getByTestId('produced'), /Written to partition/);
    await page.locator('textarea[name="produce-value"]').fill('{"tail-check":true}');
    const producedAt = Date.now();
    await page.getByRole('button', { name: 'Produce', exact: true }).click();
    await page.getByTestId('tail-value').first().waitFor();
    const seenAfterMs = Date.now() - producedAt;
    await waitForText(page.getByTestId('tail-value').first(), /tail-check/);
    await expect(page.getByTestId('tail-row').count()).resolves.toBe(1);
    expect(seenAfterMs).toBeLessThan(1_000 + 500); // the produce round trip itself is part of this
    await saveScreenshot(page, 'messages-live-tail');
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitForText(page.getByTestId('tail-status'), /Paused/);
  });

  journey('an export downloads every match', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics/${topic}/messages?from=earliest&limit=5&valueContains=%22failed%22`);
    await waitForText(page.getByTestId('scan-outcome'), /Page full/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Export matches/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^journey-orders-.*\.jsonl$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // Every failed order (0, 7, ..., 35), not just the 5 on the page, oldest first.
    expect(lines.map((line) => JSON.parse(line.value.text).order)).toEqual([0, 7, 14, 21, 28, 35]);
    expect(lines[0]).toMatchObject({ partition: 0, offset: '0', key: { text: 'order-0' }, headers: [] });
    // Its progress, read under the id the page gave the download, ends with every match written.
    await waitForText(page.getByTestId('export-status'), /matched 6\D.*Export complete/);
    await saveScreenshot(page, 'messages-export');
  });

  journey('shows markup in key, value and headers as text and runs nothing', async ({ adminPage: page, consoleUrl }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${consoleUrl}/topics/${hostileTopic}/messages`);
    await waitForText(page.getByTestId('value-preview').first(), /<img src=x onerror=alert\(1\)>/);
    await page.getByTestId('record-row').first().click();
    await waitForText(page.getByTestId('record-value'), /<script>alert\(2\)<\/script>/);
    await waitForText(page.getByTestId('record-key'), /<img src=x/);
    await waitForText(page.getByTestId('record-headers'), /<script>alert\(2\)<\/script>.*<script>/);
    await page.goto(`${consoleUrl}/topics/${hostileTopic}/messages/0/0`);
    await waitForText(page.getByTestId('record-value'), /<img src=x/);
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.locator('main script').count()).resolves.toBe(0);
    await saveScreenshot(page, 'messages-markup-as-text');
    expect(dialogs).toEqual([]);
  });
});
