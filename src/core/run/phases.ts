// A build's timings as phases, the way the benches and the app's run trace
// print them: each compile and asm by package, the tools by kind, the
// engine's own work (setup, tools, hash, cache, store) by kind. Cached
// steps took no time and are left out.
import type { StepTiming } from '../types.ts';

/** Phase → ms, in the order phases first occur. */
export function buildPhases(timings: StepTiming[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of timings) {
    if (s.cached) continue;
    const name = s.step === 'compile' || s.step === 'asm' ? `${s.step} ${s.label.replace(/^(compile|asm|pack) /, '')}` : s.step === 'load' && /reused/.test(s.label) ? 'load (reused)' : s.step;
    out[name] = (out[name] ?? 0) + s.ms;
  }
  return out;
}

/** "load 61, compile example.com/hello/api 180, link 452": phases of at least 0.05 ms. */
export function phaseLine(phases: Record<string, number>): string {
  return Object.entries(phases)
    .filter(([, ms]) => ms >= 0.05)
    .map(([k, ms]) => `${k} ${ms >= 100 ? Math.round(ms) : ms.toFixed(1)}`)
    .join(', ');
}
