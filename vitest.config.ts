import { defineConfig } from 'vitest/config';

// Unit and integration tests: beside the code in broker/ and server/.
export default defineConfig({
  test: {
    include: ['broker/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
