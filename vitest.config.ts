import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Unit and integration tests: beside the code in broker/ server/ and domain/, the console's pure helpers in app/ (no
// browser), and the import rules of the whole tree. They run on the committed generated
// codec alone; tests that read Kafka's JSON message definitions (*.definitions.test.ts) run in
// `npm run codegen:check` (vitest.codegen.config.ts), after scripts/fetch-kafka-jars.sh has fetched them.
export default defineConfig({
  test: {
    include: [
      'broker/**/*.test.ts',
      'server/**/*.test.ts',
      'app/**/*.test.ts',
      'scripts/**/*.test.ts',
      'domain/**/*.test.ts',
      'import-rules.test.ts',
    ],
    exclude: [...configDefaults.exclude, '**/*.definitions.test.ts'],
    // Most files wait on brokers, child processes and timers rather than on the CPU: vitest's default (one worker
    // fewer than the cores, so one on a 2-core CI machine) leaves it idle. Files share nothing but the machine
    // (free ports, temp dirs, unique topic and database names).
    maxWorkers: Math.max(3, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
