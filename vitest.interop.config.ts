import { defineConfig } from 'vitest/config';

// Real third-party Kafka clients (kcat, Python, kafkajs, Java CLI) against the built-in broker.
export default defineConfig({
  test: {
    include: ['e2e/protocol/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
