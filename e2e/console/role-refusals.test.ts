import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { newPage, saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

async function createUser(page: Page, username: string, role: string, password: string) {
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Name', { exact: true }).fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Add user' }).click();
  await page.locator('td', { hasText: username }).first().waitFor();
}

describe('role refusals journey', () => {
  journey.beforeAll(async ({ browser, signInAs, adminPassword }) => {
    const page = await newPage(browser);
    await signInAs(page, 'admin', adminPassword);
    await page.getByRole('link', { name: 'Users & teams' }).click();
    await createUser(page, 'victor', 'viewer', 'viewer-password');
    await saveScreenshot(page, 'users-and-teams');
    await page.context().close();
  });

  journey('hides administration from a viewer and the server refuses the audit log', async ({ page, signInAs, consoleUrl }) => {
    await signInAs(page, 'victor', 'viewer-password');
    await expect(page.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
    await page.goto(`${consoleUrl}/audit`);
    await waitForText(page.getByRole('alert'), /Not allowed: This needs the operator role; you are viewer/);
    await saveScreenshot(page, 'role-refusal-audit');
  });

  journey('refuses a viewer creating a topic, with the reason shown', async ({ page, signInAs, consoleUrl }) => {
    await signInAs(page, 'victor', 'viewer-password');
    await page.goto(`${consoleUrl}/topics`);
    await page.getByRole('button', { name: 'New topic' }).click();
    await page.getByLabel('Topic name').fill('viewer-topic');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await waitForText(page.getByRole('alert'), /Not allowed: This needs the member role/);
    await saveScreenshot(page, 'role-refusal-topic');
  });
});
