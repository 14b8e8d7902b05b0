import { describe } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

describe('clusters journey', () => {
  journey('adds an external cluster and shows its connection error next to the healthy built-in one', async ({ adminPage: page }) => {
    await page.getByRole('link', { name: 'Clusters' }).click();
    const form = page.getByRole('form', { name: 'New cluster' });
    await form.getByLabel('Name', { exact: true }).fill('offline-cluster');
    await form.getByLabel('Bootstrap servers').fill('127.0.0.1:1');
    await form.getByLabel('SASL mechanism').selectOption('SCRAM-SHA-256');
    await form.getByLabel('SASL username').fill('samsa');
    await form.getByLabel('SASL password').fill('secret-password');
    await form.getByRole('button', { name: 'Add cluster' }).click();
    const offlineRow = page.locator('tbody tr', { hasText: 'offline-cluster' });
    await waitForText(offlineRow, /SASL SCRAM-SHA-256[\s\S]*unreachable[\s\S]*Cannot list topics/);
    await waitForText(page.locator('tbody tr', { hasText: 'Built-in broker' }), /connected/);
    await saveScreenshot(page, 'clusters');
    await offlineRow.getByRole('button', { name: 'Remove' }).click();
    await page.locator('tbody tr', { hasText: 'offline-cluster' }).waitFor({ state: 'detached' });
  });
});
