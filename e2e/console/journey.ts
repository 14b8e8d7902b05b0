// The fixture every console journey shares: one Chromium per file, fresh pages per test (their contexts
// closed afterwards), sign-in as anyone, and `adminPage`, already signed in as the first admin. Files use
// `journey` in place of vitest's `it`:
//   journey('shows the overview', async ({ adminPage, consoleUrl }) => { ... });
import type { Browser, Page } from 'playwright-core';
import { inject, test } from 'vitest';
import { launchBrowser, newPage, signIn } from './browser.ts';

export interface PageOptions {
  colorScheme?: 'light' | 'dark';
}

export interface JourneyFixtures {
  /** The console started by global-setup.ts. */
  consoleUrl: string;
  brokerBootstrap: string;
  adminPassword: string;
  browser: Browser;
  /** Signs `page` in through the login form and waits for the console frame. */
  signInAs: (page: Page, username: string, password: string) => Promise<void>;
  /** A new page in its own browser context (own cookies), closed when the test ends. */
  openPage: (options?: PageOptions) => Promise<Page>;
  /** A new, signed-out page. */
  page: Page;
  /** A new page signed in as the first admin. */
  adminPage: Page;
}

export const journey = test.extend<JourneyFixtures>({
  consoleUrl: [async ({}, use) => use(inject('consoleUrl')), { scope: 'file' }],
  brokerBootstrap: [async ({}, use) => use(inject('brokerBootstrap')), { scope: 'file' }],
  adminPassword: [async ({}, use) => use(inject('adminPassword')), { scope: 'file' }],
  browser: [
    async ({}, use) => {
      const browser = await launchBrowser();
      await use(browser);
      await browser.close();
    },
    { scope: 'file' },
  ],
  signInAs: [
    async ({ consoleUrl }, use) => use((page, username, password) => signIn(page, consoleUrl, username, password)),
    { scope: 'file' },
  ],
  openPage: async ({ browser }, use) => {
    const opened: Page[] = [];
    await use(async (options = {}) => {
      const page = await newPage(browser, options);
      opened.push(page);
      return page;
    });
    await Promise.allSettled(opened.map((page) => page.context().close()));
  },
  page: async ({ openPage }, use) => use(await openPage()),
  adminPage: async ({ page, signInAs, adminPassword }, use) => {
    await signInAs(page, 'admin', adminPassword);
    await use(page);
  },
});
