import { readFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

describe('audit viewer journey', () => {
  journey('records a change made in the console and finds it by filters, then exports CSV', async ({ adminPage: page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics`);
    await page.getByRole('button', { name: 'New topic' }).click();
    await page.getByLabel('Topic name').fill('audited-in-browser');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await page.getByText('Created audited-in-browser.').waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Who').fill('admin');
    await page.getByLabel('Action').selectOption('topic.create');
    await page.getByLabel('Resource').fill('audited-in');
    await page.getByRole('button', { name: 'Filter' }).click();
    await waitForText(page.locator('.pager'), /· 1 records/);
    const row = page.locator('table tbody tr').first();
    await waitForText(row, /admin \(admin\)topic\.createtopic audited-in-browser[\s\S]*succeeded[\s\S]*127\.0\.0\.1/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,occurred_at,actor,role,action/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('audited-in-browser');
    await saveScreenshot(page, 'audit-filtered');
  });
});
