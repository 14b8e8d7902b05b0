// Replay journey: records produced by kafkajs; an operator opens "Replay…" from the source topic's page, plans
// an offset range per partition into another topic (rate-limited, so the progress is seen mid-way), sees the
// plan, starts it, watches the progress bar reach 100% with the finished counts; the target then holds exactly
// the copied records (read back by a kafkajs consumer, READ_COMMITTED) and the audit log has plan, start and
// finish. A member's redrive into a topic outside their team's prefixes waits for another operator, who
// approves it from the list. Also: the list with its filters in the address, its empty state, and a CEL
// error's position.
import { Kafka, logLevel } from 'kafkajs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { newPage, saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const source = 'journey-replay-orders';
const target = 'journey-replay-orders-copy';
const operator = { username: 'olivia', password: 'operator-password' };
// A member of the team owning "fulfilment.", redriving its dead letters into a topic outside that prefix.
const member = { username: 'max', password: 'member-password' };
const deadLetters = 'fulfilment.dead-letters';
const redriveTarget = 'journey-replay-redrive';
const recordsPerPartition = 50;
const baseTimestampMs = Date.parse('2026-03-01T08:00:00Z');
// Partition 0: offsets 5..34, partition 1: offsets 10..39; 60 records at 10 records/s take about 6 s.
const ranges = [
  { partition: 0, start: 5, end: 35 },
  { partition: 1, start: 10, end: 40 },
];

function sourceRecord(partition: number, offset: number) {
  return {
    key: `order-${partition}-${offset}`,
    value: JSON.stringify({ order: offset, partition, status: offset % 3 === 0 ? 'failed' : 'ok' }),
    headers: { origin: `p${partition}` },
    timestamp: String(baseTimestampMs + offset * 1_000),
  };
}

async function createUser(page: Page, user: { username: string; password: string }, role: string, team: string | null) {
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Username').fill(user.username);
  await form.getByLabel('Name', { exact: true }).fill(user.username);
  await form.getByLabel('Password').fill(user.password);
  await form.getByLabel('Role').selectOption(role);
  if (team) await form.getByLabel('Team').selectOption({ label: team });
  await form.getByRole('button', { name: 'Add user' }).click();
  await page.locator('td', { hasText: user.username }).first().waitFor();
}

async function createTeam(page: Page, name: string, prefixes: string) {
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByLabel('Team name').fill(name);
  await form.getByLabel('Topic prefixes').fill(prefixes);
  await form.getByRole('button', { name: 'Add team' }).click();
  await page.getByRole('form', { name: `Add prefix to ${name}` }).waitFor();
}

describe('replay journey', () => {
  let kafka: Kafka;

  journey.beforeAll(async ({ browser, signInAs, adminPassword, brokerBootstrap }) => {
    kafka = new Kafka({ brokers: [brokerBootstrap], clientId: 'journey-replay-producer', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: source, numPartitions: 2 },
        { topic: target, numPartitions: 2 },
        { topic: deadLetters, numPartitions: 1 },
        { topic: redriveTarget, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1])
      await producer.send({
        topic: source,
        messages: Array.from({ length: recordsPerPartition }, (_, offset) => ({ partition, ...sourceRecord(partition, offset) })),
      });
    await producer.send({
      topic: deadLetters,
      messages: Array.from({ length: 5 }, (_, offset) => ({ partition: 0, ...sourceRecord(0, offset) })),
    });
    await producer.disconnect();
    const page = await newPage(browser);
    await signInAs(page, 'admin', adminPassword);
    await page.getByRole('link', { name: 'Users & teams' }).click();
    await createTeam(page, 'fulfilment', 'fulfilment.');
    await createUser(page, operator, 'operator', null);
    await createUser(page, member, 'member', 'fulfilment');
    await page.context().close();
  });

  journey('shows an empty list that says why, with its filters in the address', async ({ page, signInAs, openPage }) => {
    await signInAs(page, operator.username, operator.password);
    await page.getByRole('link', { name: 'Replays' }).click();
    await page.waitForURL(/\/replays$/);
    await page.getByLabel('Status').selectOption('failed');
    // The status applies at once and the form is drawn anew from the address: type the topic after that.
    await page.waitForURL(/status=failed/);
    await page.getByLabel('Topic').fill(source);
    await page.getByLabel('Topic').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('status') === 'failed' && url.searchParams.get('topic') === source);
    await waitForText(page.getByTestId('replays-empty'), new RegExp(`No replays failed from or into ${source}`));
    await saveScreenshot(page, 'replays-empty');
    // Reloadable: the same filters after a reload, and in a dark page opened from the address.
    const dark = await openPage({ colorScheme: 'dark' });
    await signInAs(dark, operator.username, operator.password);
    await dark.goto(page.url());
    await waitForText(dark.getByTestId('replays-empty'), /No replays failed/);
    await expect(dark.getByLabel('Status').inputValue()).resolves.toBe('failed');
    await saveScreenshot(dark, 'replays-empty-dark');
  });

  journey(
    'an operator plans an offset range into another topic, starts it and sees it finish; the target holds exactly those records',
    async ({ page, signInAs, consoleUrl, openPage }) => {
      await signInAs(page, operator.username, operator.password);
      await page.goto(`${consoleUrl}/topics/${source}`);
      await page.getByRole('link', { name: 'Replay…' }).click();
      await page.waitForURL(new RegExp(`/replays/new\\?topic=${source}`));
      await expect(page.locator('input[name="topic"]').inputValue()).resolves.toBe(source);
      await page.getByTestId('source-partition').nth(1).waitFor();
      await expect(page.getByTestId('source-partition').count()).resolves.toBe(2);
      for (const { partition, start, end } of ranges) {
        await page.getByLabel(`From offset of partition ${partition}`).fill(String(start));
        await page.getByLabel(`To offset of partition ${partition}`).fill(String(end));
      }
      await page.locator('input[name="target"]').fill(target);
      await page.getByLabel('Target partition').selectOption('same');
      await page.getByLabel(/Keep the records/).check();
      await page.getByLabel('Rate limit (empty: none)').fill('10');
      await page.getByRole('button', { name: 'Plan replay' }).click();
      await waitForText(
        page.getByTestId('replay-plan-summary'),
        new RegExp(
          `60 records .*from ${source} into ${target}, the same partition number in ${target}\\. Estimated time: 6 s at the rate limit`,
        ),
      );
      const planRows = page.getByTestId('replay-plan-partition');
      await waitForText(planRows.nth(0), /^0\s*5\s*35\s*30/);
      await waitForText(planRows.nth(1), /^1\s*10\s*40\s*30/);
      // The form is in the address: a link reproduces it.
      expect(decodeURIComponent(page.url())).toContain('offsets=0:5-35,1:10-40');
      await saveScreenshot(page, 'replay-plan');

      await page.getByRole('button', { name: 'Start replay…' }).click();
      await page.getByRole('button', { name: 'Start replay', exact: true }).click();
      await page.waitForURL(/\/replays\/[0-9a-f]{12}$/);
      const id = /\/replays\/([0-9a-f]{12})$/.exec(page.url())![1];
      // Mid-way: some records copied, not all (10 records/s).
      await waitForText(page.getByTestId('replay-percent'), /^([1-9]|[1-9]\d)%$/, 20_000);
      await waitForText(page.getByTestId('replay-status'), /running/);
      await saveScreenshot(page, 'replay-running');

      await waitForText(page.getByTestId('replay-status'), /completed/, 60_000);
      await waitForText(page.getByTestId('replay-percent'), /^100%$/);
      await expect(page.getByTestId('replay-progress-bar').getAttribute('aria-valuenow')).resolves.toBe('100');
      await waitForText(page.getByTestId('replay-records'), /^60$/);
      await waitForText(page.getByTestId('replay-outcome'), /Finished: copied 60 records/);
      const partitions = page.getByTestId('replay-partition');
      await waitForText(partitions.nth(0), /^0\s*5\s*35\s*35/);
      await waitForText(partitions.nth(1), /^1\s*10\s*40\s*40/);
      await expect(page.getByTestId('replay-controls').count()).resolves.toBe(0);
      await saveScreenshot(page, 'replay-finished');
      const dark = await openPage({ colorScheme: 'dark' });
      await signInAs(dark, operator.username, operator.password);
      await dark.goto(`${consoleUrl}/replays/${id}`);
      await waitForText(dark.getByTestId('replay-percent'), /^100%$/);
      await saveScreenshot(dark, 'replay-finished-dark');

      // The target holds exactly the copied records, each once, in order, with key, headers and timestamp.
      const copied = await readTopic(kafka, target, 60);
      for (const { partition, start, end } of ranges) {
        const inPartition = copied.filter((record) => record.partition === partition);
        expect(inPartition.map((record) => record.key)).toEqual(
          Array.from({ length: end - start }, (_, i) => sourceRecord(partition, start + i).key),
        );
        const first = sourceRecord(partition, start);
        expect(inPartition[0]).toMatchObject({ value: first.value, origin: `p${partition}`, timestamp: first.timestamp });
      }

      // The audit log has the plan, the start and the finish with its counts.
      await page.getByTestId('replay-audit-link').click();
      await page.waitForURL(new RegExp(`/audit\\?resource=${id}`));
      await waitForText(page.locator('tbody'), /replay\.finish/);
      const actions = await page.locator('tbody tr td.mono').allTextContents();
      expect(actions.filter((action) => action.startsWith('replay.')).sort()).toEqual(['replay.finish', 'replay.plan', 'replay.start']);
      await saveScreenshot(page, 'replay-audit');

      await page.getByRole('link', { name: 'Replays' }).click();
      const row = page.locator('[data-testid="replay-row"]', { hasText: id });
      await waitForText(row, new RegExp(`completed.*${source}\\s*→\\s*${target}.*60 copied, 60 of 60 read.*olivia`));
      await saveScreenshot(page, 'replays-list');
    },
  );

  journey(
    "a member's replay into a topic outside their team's prefixes waits for another operator's approval",
    async ({ page, signInAs, consoleUrl, openPage }) => {
      await signInAs(page, member.username, member.password);
      await page.goto(`${consoleUrl}/replays/new?topic=${deadLetters}&target=${redriveTarget}`);
      await page.getByTestId('source-partition').first().waitFor();
      await page.getByRole('button', { name: 'Plan replay' }).click();
      await waitForText(page.getByTestId('replay-plan-summary'), new RegExp(`^5 records .*into ${redriveTarget}`));
      await page.getByRole('button', { name: 'Ask for approval…' }).click();
      await waitForText(page.getByRole('dialog'), new RegExp(`${redriveTarget} is not under your team's prefixes`));
      await page.getByRole('button', { name: 'Ask for approval', exact: true }).click();
      await page.waitForURL(/\/replays\/[0-9a-f]{12}$/);
      const id = /\/replays\/([0-9a-f]{12})$/.exec(page.url())![1];
      await waitForText(page.getByTestId('replay-status'), /awaiting approval/);
      await waitForText(page.getByTestId('replay-outcome'), /Waiting for an operator other than max to approve it/);
      // The requester may cancel but not approve.
      await expect(page.getByRole('button', { name: 'Approve…' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Cancel replay…' }).count()).resolves.toBe(1);
      await saveScreenshot(page, 'replay-awaiting-approval');

      const operatorPage = await openPage();
      await signInAs(operatorPage, operator.username, operator.password);
      await operatorPage.goto(`${consoleUrl}/replays?status=awaiting_approval`);
      await operatorPage.locator('[data-testid="replay-row"]', { hasText: id }).getByRole('link', { name: id }).click();
      await operatorPage.getByRole('button', { name: 'Approve…' }).click();
      await operatorPage.getByRole('button', { name: 'Approve and start' }).click();
      await waitForText(operatorPage.getByTestId('replay-status'), /completed/, 60_000);
      await waitForText(operatorPage.getByTestId('replay-outcome'), /Finished: copied 5 records/);
      await waitForText(operatorPage.locator('main'), /requested by max, approved by olivia/);
      await saveScreenshot(operatorPage, 'replay-approved');
      const copied = await readTopic(kafka, redriveTarget, 5);
      expect(copied.map((record) => record.key)).toEqual(Array.from({ length: 5 }, (_, offset) => sourceRecord(0, offset).key));
    },
  );

  journey('points at the position of a CEL error in the filter', async ({ page, signInAs, consoleUrl }) => {
    await signInAs(page, operator.username, operator.password);
    await page.goto(`${consoleUrl}/replays/new?topic=${source}&target=${target}`);
    await page.getByTestId('source-partition').nth(1).waitFor();
    await expect(page.getByTestId('source-partition').count()).resolves.toBe(2);
    await page.getByLabel(/CEL expression/).fill('value.status == ');
    await page.getByRole('button', { name: 'Plan replay' }).click();
    await waitForText(page.getByRole('alert'), /Syntax error at position 17/);
    await waitForText(page.getByTestId('cel-error-marker'), /value\.status == \s*\n\s{16}\^/);
    await saveScreenshot(page, 'replay-new-cel-error');
  });
});

interface ReadRecord {
  partition: number;
  key: string;
  value: string;
  origin: string;
  timestamp: string;
}

/** Reads a topic from the start with a kafkajs consumer (READ_COMMITTED) until `expected` records came and 2 s more passed. */
async function readTopic(kafka: Kafka, topic: string, expected: number): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: `journey-replay-check-${Date.now()}`, readUncommitted: false });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const deadline = Date.now() + 30_000;
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          origin: message.headers?.origin?.toString() ?? '',
          timestamp: message.timestamp,
        });
      },
    });
    while (records.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Anything past the expected count would be a duplicate: give it time to show.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  } finally {
    await consumer.disconnect();
  }
  expect(records).toHaveLength(expected);
  return records;
}
