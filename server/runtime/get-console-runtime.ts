// The process-wide runtime, started on first use. Kept on globalThis so Next's dev reloads reuse one
// database handle (PGlite allows a single opener per directory).
import { readServerConfig } from '../env.ts';
import { startConsoleRuntime, type ConsoleRuntime } from './console-runtime.ts';

const globalKey = Symbol.for('samsa.consoleRuntime');
type GlobalWithRuntime = typeof globalThis & { [globalKey]?: Promise<ConsoleRuntime> };

export function getConsoleRuntime(): Promise<ConsoleRuntime> {
  const holder = globalThis as GlobalWithRuntime;
  if (!holder[globalKey]) {
    const starting = startConsoleRuntime(readServerConfig()).then((runtime) => {
      runtime.startJobs();
      return runtime;
    });
    holder[globalKey] = starting;
    // A failed start is retried by the next request instead of being cached forever.
    starting.catch((error) => {
      console.error(`Samsa console could not start: ${error instanceof Error ? error.message : String(error)}`);
      if (holder[globalKey] === starting) delete holder[globalKey];
    });
  }
  return holder[globalKey];
}
