// Lag history journey: a real kafkajs group reads its topic and stops; records keep arriving; the group page's
// lag chart rises sample after sample (the console under test samples every 2 s, see global-setup.ts), its
// hover says the value with its unit, and the overview lists the group among those behind.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const topic = 'journey-lag-history';
const groupId = 'journey-lag-history-reader';

/** Hovers the newest sample of the total lag chart and returns the lag its tooltip shows, with its unit. */
async function newestLag(page: Page): Promise<number> {
  const surface = page.getByTestId('chart-total-lag').locator('.recharts-surface').first();
  const box = await surface.boundingBox();
  if (!box) throw new Error('the total lag chart has no drawing surface');
  // Points of the last minute sit at the right end of a 15 min axis; the plot ends 16 px before the edge.
  for (const fromRight of [20, 18, 24, 30]) {
    await surface.hover({ position: { x: box.width - fromRight, y: box.height / 2 }, force: true });
    const text = await waitForText(page.locator('.chart-tooltip'), /Lag: [\d,]+ records/, 3_000).catch(() => null);
    if (text) return Number(/Lag: ([\d,]+) records/.exec(text)![1].replaceAll(',', ''));
  }
  throw new Error('no tooltip with the lag in records on hover');
}

describe('lag history journey', () => {
  let producer: Producer;
  let producing: NodeJS.Timeout | undefined;

  journey.beforeAll(async ({ brokerBootstrap }) => {
    const kafka = new Kafka({ brokers: [brokerBootstrap], clientId: 'journey-lag-history', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `event-${i}` })) });
    // The group reads everything there is, commits, and stops.
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          if (++seen === 10) resolve();
        },
      });
    });
    await consumer.disconnect();
    // With the consumer stopped, 10 records a second keep arriving.
    let next = 10;
    producing = setInterval(() => {
      const batch = Array.from({ length: 10 }, (_, i) => ({ partition: (next + i) % 2, value: `event-${next + i}` }));
      next += 10;
      void producer.send({ topic, messages: batch }).catch(() => {});
    }, 1_000);
  }, 120_000);

  journey.afterAll(async () => {
    clearInterval(producing);
    await producer?.disconnect();
  });

  journey(
    "shows the stopped group's lag rising on its chart, with the value and unit on hover",
    async ({ adminPage: page, consoleUrl }) => {
      await page.goto(`${consoleUrl}/groups/${groupId}?range=15m`);
      const chart = page.getByTestId('chart-total-lag');
      await chart.waitFor({ timeout: 60_000 });
      await expect
        .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000, interval: 1_000 })
        .toBeGreaterThanOrEqual(3);
      const first = await newestLag(page);
      await saveScreenshot(page, 'group-lag-history-rising');
      // A few samples later the newest point is higher: nobody consumes, records keep coming.
      await expect.poll(async () => newestLag(page), { timeout: 60_000, interval: 2_000 }).toBeGreaterThan(first);
      await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
      await expect(page.getByTestId('chart-rates').count()).resolves.toBe(1);
      // The range is in the address: a wider one keeps the same samples in view.
      await page.getByRole('button', { name: '1 h' }).click();
      await page.waitForURL(/range=1h/);
      await saveScreenshot(page, 'group-lag-history-rising-1h');
    },
  );

  journey(
    'lists the group among the groups behind on the overview, in the dark theme too',
    async ({ openPage, signInAs, adminPassword }) => {
      const page = await openPage({ colorScheme: 'dark' });
      await signInAs(page, 'admin', adminPassword);
      const panel = page.getByTestId('worst-groups');
      await waitForText(panel, new RegExp(groupId), 60_000);
      await saveScreenshot(page, 'overview-groups-behind-dark');
    },
  );
});
