// Starts the product the way users do (`node scripts/start.ts`: built-in broker + production console) on
// free ports with a fresh data dir, after a fresh `next build` (SAMSA_E2E_SKIP_BUILD=1 reuses the last one).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findFreePort } from '../fixtures/free-port.ts';
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
const startTimeoutMs = 120_000;
const outputTailChars = 8000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.SAMSA_E2E_SKIP_BUILD !== '1') {
    const build = await runProcess(nodeBinary, [path.join(repoRoot, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: repoRoot,
      timeoutMs: 280_000,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    assertSucceeded(build, 'next build');
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'samsa-e2e-'));
  const [port, kafkaPort] = [await findFreePort(), await findFreePort()];
  const child = spawn(nodeBinary, ['scripts/start.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      SAMSA_KAFKA_PORT: String(kafkaPort),
      SAMSA_DATA_DIR: dataDir,
      SAMSA_ADMIN_PASSWORD: adminPassword,
      // Empty: the journeys use PGlite, what `npm start` gives a new user.
      DATABASE_URL: '',
      // Every journey signs in from 127.0.0.1; the limit itself is tested in server/auth/sign-in.test.ts.
      SAMSA_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-outputTailChars);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const consoleUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(consoleUrl, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- output ---\n${output}`);
  }
  project.provide('consoleUrl', consoleUrl);
  project.provide('brokerBootstrap', `127.0.0.1:${kafkaPort}`);
  project.provide('adminPassword', adminPassword);
  project.provide('dataDir', dataDir);
  return async () => {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function waitForHealth(consoleUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`scripts/start.ts exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${consoleUrl}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the console was not healthy within ${startTimeoutMs} ms`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
