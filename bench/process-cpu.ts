// CPU time (user + system, from /proc, Linux) spent by the processes of one command below a process: e.g. all
// of Chromium's processes (browser, renderers, GPU, network) started by the bench. CPU time, not wall time, so
// the figure holds when other work on the machine slows the processes down.
import { readdir, readFile } from 'node:fs/promises';

const clockTicksPerSecond = 100;
/** Chromium's renderers sit under its zygote, under the browser, under the bench: a few levels at most. */
const maxDepth = 12;

export async function descendantsCpuSeconds(rootPid: number, command: string): Promise<number> {
  const processes = new Map<number, { parentPid: number; command: string; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // Fields after "pid (comm) ": state, ppid, ..., utime is the 14th field and stime the 15th of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    processes.set(Number(entry), {
      parentPid: Number(fields[1]),
      command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      ticks: Number(fields[11]) + Number(fields[12]),
    });
  }
  const below = (pid: number): boolean => {
    let current = processes.get(pid)?.parentPid;
    for (let depth = 0; current !== undefined && depth < maxDepth; depth++) {
      if (current === rootPid) return true;
      current = processes.get(current)?.parentPid;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, info] of processes) if (info.command === command && below(pid)) ticks += info.ticks;
  return ticks / clockTicksPerSecond;
}
