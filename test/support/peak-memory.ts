// Peak memory of processes, from /proc/<pid>/status VmHWM (the resident set's
// high-water mark, kept by the kernel), polled until stopped: the last value
// read is the peak up to that moment, even after the memory is given back.
import { readFileSync } from 'node:fs';

export interface PeakWatch {
  /** Bytes: the largest high-water mark seen among the pids. */
  stop(): number;
}

function hwm(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function watchPeak(pids: () => number[], everyMs = 100): PeakWatch {
  let peak = 0;
  const poll = () => {
    for (const pid of pids()) peak = Math.max(peak, hwm(pid));
  };
  const timer = setInterval(poll, everyMs);
  poll();
  return {
    stop() {
      poll();
      clearInterval(timer);
      return peak;
    },
  };
}

export const GiB = 1024 ** 3;

export function formatBytes(n: number): string {
  return `${(n / GiB).toFixed(2)} GiB`;
}
