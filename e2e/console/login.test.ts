import { describe, expect } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

describe('login journey', () => {
  journey('sends a signed-out visitor to the login page and refuses a wrong password', async ({ page, consoleUrl }) => {
    await page.goto(`${consoleUrl}/topics`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page.getByRole('alert'), /Wrong username or password/);
    await saveScreenshot(page, 'login-refused');
  });

  journey('signs the admin in, keeps the session in an httpOnly cookie, and signs out', async ({ adminPage: page }) => {
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
