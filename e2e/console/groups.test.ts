// Consumer groups journeys: a stopped group's lag (list, group page, the topic's Consumers tab), then an
// offset reset to a time with its preview, the lag after it, and its undo. The group is
// a real kafkajs consumer group that read and committed some records, then left. Then a KIP-848 consumer
// group (group.protocol=consumer) whose member heartbeats with ConsumerGroupHeartbeat (@platformatic/kafka's codec).
import { randomUUID } from 'node:crypto';
import { Connection, consumerGroupHeartbeatV1 } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

// Its own topic: the messages journeys write other records to 'journey-orders' in the same console.
const topic = 'journey-group-orders';
const groupId = 'journey-billing';
const twoHoursAgoMs = Date.now() - 2 * 3_600_000;

describe('consumer groups journey', () => {
  journey.beforeAll(async ({ brokerBootstrap }) => {
    const kafka = new Kafka({ brokers: [brokerBootstrap], clientId: 'journey-billing-service', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (let partition = 0; partition < 2; partition++) {
      // Ten records per partition, one a minute from two hours ago.
      await producer.send({
        topic,
        messages: Array.from({ length: 10 }, (_, i) => ({ partition, value: `order-${i}`, timestamp: String(twoHoursAgoMs + i * 60_000) })),
      });
    }
    await producer.disconnect();
    // The group reads and commits the first four records of each partition, then stops.
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const committed = new Set<string>();
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const offset = Number(message.offset);
          if (offset >= 4) return;
          await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
          committed.add(`${partition}/${offset}`);
          if (committed.size === 8) resolve();
        },
      });
    });
    await consumer.disconnect();
  });

  journey("shows a stopped group's lag in records and in time", async ({ adminPage: page, consoleUrl }) => {
    await page.getByRole('link', { name: 'Consumer groups' }).click();
    const row = page.locator('[data-testid="group-row"]', { hasText: groupId });
    await waitForText(row, /stopped/);
    await waitForText(row, /12/);
    await saveScreenshot(page, 'groups-list');
    await row.getByRole('link', { name: groupId }).click();
    await page.getByTestId('no-members').waitFor();
    const partitions = page.locator('[data-testid="group-partition"]');
    await expect(partitions.count()).resolves.toBe(2);
    // Committed 4 of 10 (last stable 10, no transactions): lag 6; the first unconsumed record (order-4) is about 1 h 56 min old.
    await waitForText(partitions.first(), /^0\s*0\s*4\s*10\s*10\s*6\s*1 h 5\d min/);
    await saveScreenshot(page, 'group-lag-stopped');
    await page.goto(`${consoleUrl}/topics/${topic}/consumers`);
    await waitForText(page.locator('[data-testid="group-row"]'), new RegExp(groupId));
    await saveScreenshot(page, 'topic-consumers');
  });

  journey(
    'resets the stopped group to a time with a preview, sees the lag change, then undoes it',
    async ({ adminPage: page, consoleUrl }) => {
      // Between the second and the third record of each partition: the reset moves the group back to offset 2.
      const at = new Date(twoHoursAgoMs + 90_000).toISOString().replace('Z', '');
      await page.goto(`${consoleUrl}/groups/${groupId}/reset?target=timestamp&at=${at}&topic=${topic}`);
      const rows = page.locator('[data-testid="reset-partition"]');
      await waitForText(rows.first(), /4\s*→\s*2/);
      await expect(rows.count()).resolves.toBe(2);
      await waitForText(page.getByTestId('reset-preview'), /4 records will be reprocessed, 0 skipped/);
      await waitForText(
        page.getByTestId('reset-command'),
        new RegExp(`--group ${groupId} --reset-offsets --to-datetime .* --topic ${topic} --dry-run`),
      );
      await saveScreenshot(page, 'group-reset-preview');
      await page.getByRole('button', { name: 'Apply reset…' }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      const applied = await waitForText(page.getByTestId('reset-applied'), /Reset applied: audit record #\d+/);
      const auditRecordId = /#(\d+)/.exec(applied)![1];
      await page.goto(`${consoleUrl}/groups/${groupId}`);
      const partitions = page.locator('[data-testid="group-partition"]');
      await waitForText(partitions.first(), /^0\s*0\s*2\s*10\s*10\s*8/);
      await saveScreenshot(page, 'group-reset-applied');
      await page.goto(`${consoleUrl}/groups/${groupId}/reset?undo=${auditRecordId}`);
      await waitForText(page.locator('[data-testid="reset-partition"]').first(), /2\s*→\s*4/);
      await saveScreenshot(page, 'group-reset-undo-preview');
      await page.getByRole('button', { name: 'Undo reset…' }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      await waitForText(page.getByTestId('reset-applied'), /Undo applied: audit record #\d+/);
      await page.goto(`${consoleUrl}/groups/${groupId}`);
      await waitForText(page.locator('[data-testid="group-partition"]').first(), /^0\s*0\s*4\s*10\s*10\s*6/);
      await saveScreenshot(page, 'group-reset-undone');
    },
  );

  journey(
    'shows a KIP-848 consumer group with its server-side assignor, member and assignment',
    async ({ adminPage: page, consoleUrl, brokerBootstrap }) => {
      const kip848Group = 'journey-kip848-shipping';
      const [host, port] = brokerBootstrap.split(':');
      const connection = new Connection('journey-kip848-member');
      await connection.connect(host, Number(port));
      const memberId = randomUUID();
      const beat = (memberEpoch: number, topics: string[] | null) =>
        consumerGroupHeartbeatV1.api.async(
          connection,
          kip848Group,
          memberId,
          memberEpoch,
          null,
          null,
          memberEpoch === 0 ? 30_000 : -1,
          topics,
          null,
          null,
          memberEpoch === 0 ? [] : null,
        );
      const joined = await beat(0, [topic]);
      // Heartbeats keep the member in the group (45 s sessions) while the pages are looked at.
      const keepAlive = setInterval(() => void beat(joined.memberEpoch, null).catch(() => undefined), 2_000);
      try {
        await page.goto(`${consoleUrl}/groups/${kip848Group}`);
        await waitForText(page.locator('body'), /consumer protocol \(KIP-848\) \/ uniform/);
        await waitForText(page.locator('[data-testid="group-member"]'), new RegExp(`${memberId}.*${topic} \\[0, 1\\]`));
        await saveScreenshot(page, 'group-kip848');
        await page.goto(`${consoleUrl}/groups`);
        const row = page.locator('[data-testid="group-row"]', { hasText: kip848Group });
        await waitForText(row, /Stable\s*consumer protocol \(KIP-848\) \/ uniform\s*1/);
        await saveScreenshot(page, 'groups-list-kip848');
      } finally {
        clearInterval(keepAlive);
        await beat(-1, null).catch(() => undefined);
        await connection.close();
      }
    },
  );
});
