import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

describe('cluster overview journey', () => {
  journey('shows the built-in broker, its controller, counts and total size, and says what is not available', async ({ adminPage: page, brokerBootstrap }) => {
    await page.getByRole('heading', { name: 'Cluster overview' }).waitFor();
    const brokerRow = page.locator('table tbody tr').first();
    await brokerRow.waitFor();
    const port = brokerBootstrap.split(':')[1];
    await expect(brokerRow.textContent()).resolves.toContain(port);
    await expect(brokerRow.textContent()).resolves.toContain('controller');
    await expect(page.locator('.card', { hasText: 'Brokers' }).locator('.value').textContent()).resolves.toBe('1');
    // The built-in broker answers DescribeLogDirs, so the size is a number of bytes, not "—".
    await waitForText(page.locator('.card', { hasText: 'Total size' }).locator('.value'), /^\d[\d.]* (B|KiB|MiB|GiB)$/);
    await waitForText(page.locator('.card', { hasText: 'Bytes out' }), /Bytes out—Not available: the Kafka protocol does not expose it/);
    await saveScreenshot(page, 'overview');
  });

  journey('renders in dark mode', async ({ openPage, signInAs, adminPassword }) => {
    const page = await openPage({ colorScheme: 'dark' });
    await signInAs(page, 'admin', adminPassword);
    await page.locator('table tbody tr').first().waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    await saveScreenshot(page, 'overview-dark');
  });
});
