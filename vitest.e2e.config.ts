import { defineConfig } from 'vitest/config';

// Browser journeys through the whole product (`npm run test:e2e`): one console + broker for all files,
// started by e2e/console/global-setup.ts; files run one after another (one Chromium at a time).
export default defineConfig({
  test: {
    include: ['e2e/console/**/*.test.ts'],
    globalSetup: ['e2e/console/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
