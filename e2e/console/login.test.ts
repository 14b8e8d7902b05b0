import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, saveScreenshot, signIn, waitForText } from './browser.ts';

describe('login journey', () => {
  let browser: Browser;
  const consoleUrl = inject('consoleUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sends a signed-out visitor to the login page and refuses a wrong password', async () => {
    const page = await newPage(browser);
    await page.goto(`${consoleUrl}/topics`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page.getByRole('alert'), /Wrong username or password/);
    await saveScreenshot(page, 'login-refused');
  });

  it('signs the admin in, keeps the session in an httpOnly cookie, and signs out', async () => {
    const page = await newPage(browser);
    await signIn(page, consoleUrl, 'admin', inject('adminPassword'));
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain('admin · admin');
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'samsa.session_token');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    expect(await page.evaluate(() => document.cookie)).not.toContain('session_token');
    await saveScreenshot(page, 'login-signed-in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
  });
});
