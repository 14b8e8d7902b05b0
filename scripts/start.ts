// `npm start` / `npm run dev`: the built-in broker as its own process, then the console (Next.js) in this
// process, served by server/http/console-http-server.ts (node:http in front of Next's request handler, so the
// client address comes from the socket, not from a header). Builds the console first when no production
// build exists. SIGTERM/SIGINT stop both; if the broker dies, the console stops too and this process exits
// non-zero. The console logs in to the broker with SASL credentials generated at each start
// (scripts/broker-security.ts); `--broker-security sasl_ssl` or SAMSA_BROKER_SECURITY=sasl_ssl puts SASL and
// TLS on the broker's main port too.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readServerConfig } from '../server/env.ts';
import { parseTrustedProxies } from '../server/http/client-address.ts';
import { createConsoleHttpServer } from '../server/http/console-http-server.ts';
import { createMetricsHandler } from '../server/http/metrics-endpoint.ts';
import { getConsoleRuntime } from '../server/runtime/get-console-runtime.ts';
import { startConsoleRuntime } from '../server/runtime/console-runtime.ts';
import { BROKER_NODE_FLAGS } from '../broker/node-flags.ts';
import { parseBrokerSecurityMode, prepareBrokerSecurity, type BrokerListeners, type BrokerSecurity } from './broker-security.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(repoRoot, 'node_modules/next/dist/bin/next');
const brokerReadyPattern = /Samsa broker listening on ([\d.]+):(\d+)/;
const brokerListenerPattern = /Samsa broker (\w+) listener on [\d.]+:(\d+)/g;
const brokerStartTimeoutMs = 60_000;
const stopTimeoutMs = 20_000;

const { values: flags } = parseArgs({ options: { dev: { type: 'boolean', default: false }, 'broker-security': { type: 'string' } } });
const devMode = flags.dev;
const children: ChildProcess[] = [];
let stopping = false;
let consoleServer: { http: Server; close(): Promise<void> } | null = null;

async function main(): Promise<void> {
  const config = readServerConfig();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SAMSA_DATA_DIR: config.dataDir };
  let brokerSummary: string;
  if (process.env.SAMSA_KAFKA_BOOTSTRAP) {
    console.log(`Using the cluster at ${process.env.SAMSA_KAFKA_BOOTSTRAP} as the built-in cluster (SAMSA_KAFKA_BOOTSTRAP is set).`);
    brokerSummary = process.env.SAMSA_KAFKA_BOOTSTRAP;
  } else {
    const security = await prepareBrokerSecurity(
      parseBrokerSecurityMode(flags['broker-security'] ?? process.env.SAMSA_BROKER_SECURITY),
      process.env,
      config.dataDir,
    );
    const listeners = await startBroker(config.dataDir, Number(process.env.SAMSA_KAFKA_PORT ?? 9092), security);
    Object.assign(childEnv, security.consoleEnv(listeners));
    brokerSummary = describeBroker(security, listeners);
  }
  // Migrations and the first admin happen here, before the web server, so the generated password is
  // printed at start. The runtime is closed again: PGlite allows one process at a time.
  const runtime = await startConsoleRuntime(readServerConfig(childEnv));
  await runtime.close();
  if (!devMode && (await buildIsMissingOrStale())) {
    console.log('No up-to-date production build: building the console (next build)…');
    await runToCompletion(process.execPath, [nextBin, 'build'], childEnv);
  }
  const hostname = process.env.SAMSA_HOST ?? '127.0.0.1';
  await serveConsole(childEnv, hostname, config.port, config);
  console.log(`Samsa console on http://${hostname}:${config.port} (broker ${brokerSummary})`);
}

function describeBroker(security: BrokerSecurity, listeners: BrokerListeners): string {
  const main = `${listeners.host}:${listeners.mainPort}`;
  if (security.mode === 'plaintext') {
    return `${main} PLAINTEXT: no authentication, any local process can change any topic; SAMSA_BROKER_SECURITY=sasl_ssl turns on SASL and TLS`;
  }
  const tls = security.certificate ? `, clients trust ${security.certificate.caFile}` : '';
  return `${main} ${security.mode.toUpperCase()}: SASL users from SAMSA_BROKER_SASL_USERS${tls}`;
}

async function serveConsole(
  env: NodeJS.ProcessEnv,
  hostname: string,
  port: number,
  config: ReturnType<typeof readServerConfig>,
): Promise<void> {
  // Next runs in this process and reads its settings (and the runtime's) from process.env.
  Object.assign(process.env, env, { NODE_ENV: devMode ? 'development' : 'production' });
  const { default: createNext } = await import('next');
  const app = createNext({ dev: devMode, dir: repoRoot, hostname, port });
  await app.prepare();
  const http = createConsoleHttpServer({
    handle: app.getRequestHandler(),
    trustedProxies: parseTrustedProxies(config.trustedProxies),
    maxRequestBodyBytes: config.maxRequestBodyBytes,
    // The same process-wide runtime the pages use (kept on globalThis), so its sampler's latest rounds.
    metrics: createMetricsHandler(getConsoleRuntime, config.metricsToken),
  });
  if (devMode) http.on('upgrade', app.getUpgradeHandler());
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, hostname, () => resolve());
  });
  consoleServer = {
    http,
    close: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await app.close();
    },
  };
}

/** Sources the build depends on; a file newer than the build means `npm start` would serve stale code. */
const buildInputs = ['app', 'server', 'next.config.ts', 'package.json', 'tsconfig.console.json'];
const maxFilesChecked = 20_000;

async function buildIsMissingOrStale(): Promise<boolean> {
  let builtAtMs: number;
  try {
    builtAtMs = (await stat(path.join(repoRoot, '.next/BUILD_ID'))).mtimeMs;
  } catch {
    return true;
  }
  let checked = 0;
  const newerThanBuild = async (entry: string): Promise<boolean> => {
    if (++checked > maxFilesChecked) return false;
    const info = await stat(entry).catch(() => null);
    if (!info) return false;
    if (!info.isDirectory()) return !entry.endsWith('.test.ts') && info.mtimeMs > builtAtMs;
    for (const child of await readdir(entry)) if (await newerThanBuild(path.join(entry, child))) return true;
    return false;
  };
  for (const input of buildInputs) if (await newerThanBuild(path.join(repoRoot, input))) return true;
  return false;
}

function startBroker(dataDir: string, port: number, security: BrokerSecurity): Promise<BrokerListeners> {
  const args = [
    ...BROKER_NODE_FLAGS,
    'broker/main.ts',
    '--port',
    String(port),
    '--data-dir',
    path.join(dataDir, 'broker'),
    ...security.brokerArgs,
  ];
  // The start users (the console's password among them) go by environment, not argv, which `ps` shows.
  const broker = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...security.brokerEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  watch(broker, 'broker');
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`the broker printed no ready line within ${brokerStartTimeoutMs} ms`)),
      brokerStartTimeoutMs,
    );
    broker.stdout!.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      const match = brokerReadyPattern.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      // Extra listeners are printed before the ready line.
      const extraPorts = new Map([...seen.matchAll(brokerListenerPattern)].map((listener) => [listener[1], Number(listener[2])]));
      resolve({ host: match[1], mainPort: Number(match[2]), extraPorts });
    });
    broker.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the broker exited (code ${code}, signal ${signal}) before it was ready`));
    });
  });
}

function watch(child: ChildProcess, name: string): void {
  children.push(child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`Samsa: the ${name} stopped unexpectedly (code ${code}, signal ${signal}); stopping everything.`);
    void stopAll(1);
  });
}

function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    // Tracked so SIGTERM during the build stops it too.
    children.push(child);
    child.once('exit', (code) => {
      children.splice(children.indexOf(child), 1);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(args[0])} ${args[1]} exited with code ${code}`));
    });
  });
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Console first, so it stops sending requests before the broker goes away.
  if (consoleServer) {
    consoleServer.http.closeAllConnections();
    await Promise.race([consoleServer.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, stopTimeoutMs))]);
  }
  for (const child of [...children].reverse()) await stopChild(child);
  process.exit(exitCode);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

process.once('SIGTERM', () => void stopAll(0));
process.once('SIGINT', () => void stopAll(0));

main().catch((error) => {
  console.error(`Samsa could not start: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
