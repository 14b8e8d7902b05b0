// Starts the product the way users do (`node scripts/start.ts`: built-in broker + production console) on
// free ports with a fresh data dir, after a fresh `next build` (SAMSA_E2E_SKIP_BUILD=1 reuses the last one).
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startConsoleProcess } from '../fixtures/console-process.ts';
import { nodeBinary, repoRoot } from '../fixtures/repo-paths.ts';
import { assertSucceeded, runProcess } from '../fixtures/run-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    consoleUrl: string;
    brokerBootstrap: string;
    adminPassword: string;
    /** SAMSA_DATA_DIR of the console under test (file-mode checks). */
    dataDir: string;
  }
}

const adminPassword = 'e2e-admin-password';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.SAMSA_E2E_SKIP_BUILD !== '1') {
    const build = await runProcess(nodeBinary, [path.join(repoRoot, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: repoRoot,
      timeoutMs: 280_000,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    assertSucceeded(build, 'next build');
  }
  // The lag sampler samples every 2 s here (15 s by default), so the lag history journey sees samples quickly.
  const running = await startConsoleProcess({ adminPassword, env: { SAMSA_LAG_SAMPLE_INTERVAL_MS: '2000' } });
  project.provide('consoleUrl', running.consoleUrl);
  project.provide('brokerBootstrap', running.brokerBootstrap);
  project.provide('adminPassword', adminPassword);
  project.provide('dataDir', running.dataDir);
  return () => running.stop();
}
