// CPU time of a process tree, from /proc/<pid>/stat: a browser runs its
// renderer, GPU and utility processes (and, in the renderer, the workers'
// threads) as children of the process that launched it, so the sum over
// its descendants is the browser's CPU time, every thread included.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** [ppid, utime + stime in ticks], or undefined if the process is gone. */
function stat(pid: string): [number, number] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid … utime (14th) stime (15th).
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return [Number(f[1]), Number(f[11]) + Number(f[12])];
  } catch {
    return undefined;
  }
}

/** Milliseconds of CPU used so far by every descendant of root (root itself not counted). */
export function descendantsCpuMs(root = process.pid): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (!s) continue;
    parent.set(Number(name), s[0]);
    ticks.set(Number(name), s[1]);
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total * TICK_MS;
}
