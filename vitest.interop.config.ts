import { defineConfig } from 'vitest/config';

// Real third-party Kafka clients (kcat, Python, kafkajs, Java CLI) against the built-in broker.
export default defineConfig({
  test: {
    include: ['e2e/protocol/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two files at a time, not more: each starts its own brokers (real Kafka JVMs in some) on free ports and
    // temp dirs, and waits on clients and group timers about half the time, so a second file fills a 2-core
    // machine without starving the JVMs (whole suite: 9.8 min one at a time, 5.1 min two at a time).
    maxWorkers: 2,
  },
});
