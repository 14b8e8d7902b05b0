// The topic workspace in Chromium: create from a preset after the cluster's validate-only check, open a
// topic from the list and see the end offsets a real producer wrote, edit retention.ms through a diff,
// find the change in the history and the audit log, and reset it to the default.
import { Admin, Producer } from '@platformatic/kafka';
import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const producedTopic = 'workspace-orders';
const perPartition = [7, 0, 3];

describe('topic workspace journey', () => {
  journey.beforeAll(async ({ brokerBootstrap }) => {
    const admin = new Admin({ clientId: 'e2e-workspace', bootstrapBrokers: [brokerBootstrap] });
    try {
      await admin.createTopics({ topics: [producedTopic], partitions: perPartition.length, replicas: 1 });
    } finally {
      await admin.close();
    }
    const producer = new Producer({ clientId: 'e2e-workspace-producer', bootstrapBrokers: [brokerBootstrap] });
    try {
      const messages = perPartition.flatMap((count, partition) =>
        Array.from({ length: count }, (_, index) => ({
          topic: producedTopic,
          partition,
          value: Buffer.from(`order ${partition}-${index}`),
        })),
      );
      await producer.send({ messages });
    } finally {
      await producer.close();
    }
  });

  journey('creates a topic from the "compacted state" preset after the cluster checks it', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics`);
    await page.getByRole('button', { name: 'New topic' }).click();
    await page.getByLabel('Topic name').fill('workspace-state');
    await page.getByLabel('Partitions').fill('2');
    await page.getByLabel(/Compacted state/).check();
    await expect(page.getByLabel('cleanup.policy', { exact: true }).inputValue()).resolves.toBe('compact');
    await page.getByRole('button', { name: 'Check' }).click();
    await waitForText(page.getByTestId('check-verdict'), /The cluster accepts this topic/);
    await saveScreenshot(page, 'topic-create-checked');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await page.getByText('Created workspace-state.').waitFor();
    await page.getByRole('link', { name: 'workspace-state' }).first().click();
    await page.waitForURL(/\/topics\/workspace-state$/);
    await waitForText(page.getByRole('table', { name: 'Partitions' }), /0.*1/s);
    await page.getByRole('link', { name: 'Configs' }).click();
    await waitForText(page.getByTestId('config-cleanup.policy').getByTestId('config-value'), /^compact$/);
    await expect(page.getByTestId('config-cleanup.policy').getByTestId('config-source').textContent()).resolves.toBe('topic override');
  });

  journey('opens a topic from the list and shows the end offsets a producer wrote', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics`);
    await page.getByLabel('Search topics').fill(producedTopic);
    await waitForText(page.getByTestId('topic-count'), /^1 topic$/);
    await waitForText(page.locator('table tbody tr').first(), /workspace-orders3.*10/);
    await page.getByRole('link', { name: producedTopic }).click();
    await page.waitForURL(new RegExp(`/topics/${producedTopic}$`));
    for (const [partition, count] of perPartition.entries()) {
      await waitForText(page.getByTestId(`end-offset-${partition}`), new RegExp(`^${count}$`));
    }
    await waitForText(page.locator('.card').nth(1), /Records10/);
    await saveScreenshot(page, 'topic-overview');
  });

  journey(
    'edits retention.ms through a checked diff, shows the override and the history, then resets it',
    async ({ adminPage: page, consoleUrl }) => {
      await page.goto(`${consoleUrl}/topics/${producedTopic}/configs`);
      const row = page.getByTestId('config-retention.ms');
      await waitForText(row.getByTestId('config-source'), /^default$/);
      await waitForText(page.getByTestId('retention-panel'), /older than 7 d/);
      await page.getByRole('button', { name: 'Edit retention.ms' }).click();
      await page.getByLabel('New value of retention.ms').fill('2');
      await page.getByLabel('retention.ms unit').selectOption('d');
      await page.getByRole('button', { name: 'Review changes' }).click();
      await waitForText(page.getByTestId('config-verdict'), /The cluster accepts these changes/);
      await waitForText(page.getByTestId('diff-retention.ms'), /retention\.ms604800000172800000 \(2 d\)default → topic override/);
      await saveScreenshot(page, 'topic-config-diff');
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitForText(row.getByTestId('config-source'), /^topic override$/);
      await waitForText(row.getByTestId('config-value'), /^172800000 \(2 d\)$/);
      await waitForText(page.getByTestId('retention-panel'), /older than 2 d/);
      await waitForText(
        page.getByTestId('config-history').locator('tbody tr').first(),
        /admin \(admin\)succeeded.*retention\.ms: 604800000 → 172800000/s,
      );
      await saveScreenshot(page, 'topic-config-applied');

      await page.getByRole('link', { name: 'Audit log' }).click();
      // Wait for the audit page: on the configs page 'Action' also matches the "Edit ...compaction..." buttons.
      await page.waitForURL(/\/audit(\?|$)/);
      await page.getByLabel('Action').selectOption('topic.alterConfigs');
      await page.getByLabel('Resource').fill(producedTopic);
      await page.getByRole('button', { name: 'Filter' }).click();
      const auditRow = page.locator('table tbody tr').first();
      await waitForText(auditRow, /topic\.alterConfigs[\s\S]*succeeded/);
      await waitForText(auditRow, /"key":\s*"retention\.ms"[\s\S]*"newValue":\s*"172800000"/);
      await saveScreenshot(page, 'topic-config-audit');

      await page.goto(`${consoleUrl}/topics/${producedTopic}/configs`);
      await page.getByRole('button', { name: 'Reset retention.ms to default' }).click();
      await page.getByRole('button', { name: 'Review changes' }).click();
      await waitForText(page.getByTestId('diff-retention.ms'), /172800000604800000 \(7 d\)topic override → default/);
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitForText(row.getByTestId('config-source'), /^default$/);
      await waitForText(row.getByTestId('config-value'), /^604800000 \(7 d\)$/);
      await saveScreenshot(page, 'topic-config-reset');
    },
  );

  journey('says so when the topic was deleted while its page is open', async ({ adminPage: page, consoleUrl, brokerBootstrap }) => {
    const admin = new Admin({ clientId: 'e2e-workspace-deleter', bootstrapBrokers: [brokerBootstrap] });
    try {
      await admin.createTopics({ topics: ['workspace-doomed'], partitions: 1, replicas: 1 });
      await page.goto(`${consoleUrl}/topics/workspace-doomed`);
      await waitForText(page.getByTestId('end-offset-0'), /^0$/);
      await admin.deleteTopics({ topics: ['workspace-doomed'] });
    } finally {
      await admin.close();
    }
    await waitForText(page.getByTestId('topic-missing'), /does not exist on this cluster: it may have been deleted/, 30_000);
    await saveScreenshot(page, 'topic-deleted');
  });
});
