import { defineConfig } from 'vitest/config';

// The protocol generator and the generated codecs checked against Kafka's JSON message definitions, which
// scripts/fetch-kafka-jars.sh unpacks into .cache/kafka/protocol. Run by `npm run codegen:check`.
export default defineConfig({
  test: {
    include: ['broker/**/*.definitions.test.ts'],
    testTimeout: 120_000,
  },
});
