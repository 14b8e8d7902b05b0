// A console back end without its web server, for tests that crash it: the runtime and its background jobs,
// started exactly as getConsoleRuntime() starts them for the web server (startConsoleRuntime, then startJobs).
// Configured by the same environment as the console (DATABASE_URL, SAMSA_KAFKA_*, SAMSA_DATA_DIR).
import { readServerConfig } from '../env.ts';
import { startConsoleRuntime } from '../runtime/console-runtime.ts';

const runtime = await startConsoleRuntime(readServerConfig());
runtime.startJobs();
console.log('console jobs started');
const stop = () => {
  void runtime.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
