import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

async function createTeam(page: Page, name: string, prefixes: string) {
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByLabel('Team name').fill(name);
  await form.getByLabel('Topic prefixes').fill(prefixes);
  await form.getByRole('button', { name: 'Add team' }).click();
  await page.getByRole('form', { name: `Add prefix to ${name}` }).waitFor();
}

describe('team prefixes journey', () => {
  journey('adds and removes a team prefix and shows why an overlapping one is refused', async ({ adminPage: page, consoleUrl }) => {
    await page.getByRole('link', { name: 'Users & teams' }).click();
    await createTeam(page, 'payments', 'payments.');
    await createTeam(page, 'billing', 'billing., invoices-');
    const billingPrefixes = page.getByLabel('Prefixes of billing');
    await waitForText(billingPrefixes, /^billing\.×invoices-×$/);

    await page.getByLabel('New prefix for billing').fill('refunds.');
    await page.getByRole('form', { name: 'Add prefix to billing' }).getByRole('button', { name: 'Add prefix' }).click();
    await waitForText(billingPrefixes, /^billing\.×invoices-×refunds\.×$/);
    await page.getByRole('button', { name: 'Remove prefix invoices- from billing' }).click();
    await waitForText(billingPrefixes, /^billing\.×refunds\.×$/);

    await page.getByLabel('New prefix for billing').fill('payments.eu');
    await page.getByRole('form', { name: 'Add prefix to billing' }).getByRole('button', { name: 'Add prefix' }).click();
    const billingRow = page.locator('tbody tr').filter({ has: page.getByLabel('Prefixes of billing') });
    await waitForText(billingRow.getByRole('alert'), /"payments\.eu" overlaps "payments\." of team payments/);
    await waitForText(billingPrefixes, /^billing\.×refunds\.×$/);
    await saveScreenshot(page, 'team-prefixes');

    await page.goto(`${consoleUrl}/audit`);
    await page.getByLabel('Action').selectOption('team.update');
    await page.getByLabel('Resource').fill('billing');
    await page.getByRole('button', { name: 'Filter' }).click();
    await waitForText(page.locator('.pager'), /· 3 records/);
    await waitForText(page.locator('table tbody tr').first(), /team\.update[\s\S]*failed/);
  });
});
