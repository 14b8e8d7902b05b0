import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, saveScreenshot, signIn, waitForText } from './browser.ts';

describe('role refusals journey', () => {
  let browser: Browser;
  const consoleUrl = inject('consoleUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
    const page = await newPage(browser);
    await signIn(page, consoleUrl, 'admin', inject('adminPassword'));
    await page.getByRole('link', { name: 'Users & teams' }).click();
    await createUser(page, 'victor', 'viewer');
    await saveScreenshot(page, 'users-and-teams');
    await page.context().close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function createUser(page: Page, username: string, role: string) {
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Name', { exact: true }).fill(username);
    await form.getByLabel('Password').fill('viewer-password');
    await form.getByLabel('Role').selectOption(role);
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.locator('td', { hasText: username }).first().waitFor();
  }

  it('hides administration from a viewer and the server refuses the audit log', async () => {
    const page = await newPage(browser);
    await signIn(page, consoleUrl, 'victor', 'viewer-password');
    await expect(page.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
    await page.goto(`${consoleUrl}/audit`);
    await waitForText(page.getByRole('alert'), /Not allowed: This needs the operator role; you are viewer/);
    await saveScreenshot(page, 'role-refusal-audit');
  });

  it('refuses a viewer creating a topic, with the reason shown', async () => {
    const page = await newPage(browser);
    await signIn(page, consoleUrl, 'victor', 'viewer-password');
    await page.goto(`${consoleUrl}/topics`);
    await page.getByRole('button', { name: 'New topic' }).click();
    await page.getByLabel('Topic name').fill('viewer-topic');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await waitForText(page.getByRole('alert'), /Not allowed: This needs the member role/);
    await saveScreenshot(page, 'role-refusal-topic');
  });
});
