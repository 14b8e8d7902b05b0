import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, saveScreenshot, signIn } from './browser.ts';

describe('cluster overview journey', () => {
  let browser: Browser;
  const consoleUrl = inject('consoleUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the built-in broker, its controller and counts', async () => {
    const page = await newPage(browser);
    await signIn(page, consoleUrl, 'admin', inject('adminPassword'));
    await page.getByRole('heading', { name: 'Cluster overview' }).waitFor();
    const brokerRow = page.locator('table tbody tr').first();
    await brokerRow.waitFor();
    const port = inject('brokerBootstrap').split(':')[1];
    await expect(brokerRow.textContent()).resolves.toContain(port);
    await expect(brokerRow.textContent()).resolves.toContain('controller');
    await expect(page.locator('.card', { hasText: 'Brokers' }).locator('.value').textContent()).resolves.toBe('1');
    await saveScreenshot(page, 'overview');
  });

  it('renders in dark mode', async () => {
    const page = await newPage(browser, { colorScheme: 'dark' });
    await signIn(page, consoleUrl, 'admin', inject('adminPassword'));
    await page.locator('table tbody tr').first().waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    await saveScreenshot(page, 'overview-dark');
  });
});
