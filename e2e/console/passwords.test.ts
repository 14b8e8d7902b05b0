import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { newPage, saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

async function createUser(page: Page, username: string, password: string) {
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Name', { exact: true }).fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('Role').selectOption('member');
  await form.getByRole('button', { name: 'Add user' }).click();
  await page.locator('td', { hasText: username }).first().waitFor();
}

async function expectSignInRefused(page: Page, consoleUrl: string, username: string, password: string) {
  await page.goto(`${consoleUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForText(page.getByRole('alert'), /Wrong username or password/);
}

describe('passwords journey', () => {
  journey.beforeAll(async ({ browser, signInAs, adminPassword }) => {
    const page = await newPage(browser);
    await signInAs(page, 'admin', adminPassword);
    await page.getByRole('link', { name: 'Users & teams' }).click();
    await createUser(page, 'wanda', 'wanda-first-password');
    await createUser(page, 'xavier', 'xavier-old-password');
    await page.context().close();
  });

  journey('lets an admin reset a password, which signs the user out', async ({ adminPage, openPage, signInAs, consoleUrl }) => {
    const wanda = await openPage();
    await signInAs(wanda, 'wanda', 'wanda-first-password');

    await adminPage.getByRole('link', { name: 'Users & teams' }).click();
    const row = adminPage.locator('tbody tr', { hasText: 'wanda' });
    await row.getByRole('button', { name: 'Reset password' }).click();
    await row.getByLabel('New password for wanda').fill('wanda-reset-password');
    await row.getByRole('button', { name: 'Set' }).click();
    await waitForText(row, /Password set; 1 session\(s\) ended\./);
    await saveScreenshot(adminPage, 'password-reset');

    // Wanda's open page loses its session at the next request.
    await wanda.goto(`${consoleUrl}/topics`);
    await wanda.waitForURL(/\/login$/);
    await expectSignInRefused(wanda, consoleUrl, 'wanda', 'wanda-first-password');
    await signInAs(wanda, 'wanda', 'wanda-reset-password');
  });

  journey('lets a user change their own password, asking for the current one', async ({ page, signInAs, consoleUrl }) => {
    await signInAs(page, 'xavier', 'xavier-old-password');
    await page.getByTestId('signed-in-user').click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill('xavier-new-password');
    await form.getByLabel('Repeat new password').fill('xavier-new-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await waitForText(form.getByRole('alert'), /The current password is wrong/);
    await saveScreenshot(page, 'password-change-refused');

    await form.getByLabel('Current password').fill('xavier-old-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await waitForText(page.getByRole('status'), /Password changed\. All your sessions have ended/);
    await saveScreenshot(page, 'password-changed');
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL(/\/login$/);
    await expectSignInRefused(page, consoleUrl, 'xavier', 'xavier-old-password');
    await signInAs(page, 'xavier', 'xavier-new-password');
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain('xavier · member');
  });
});
