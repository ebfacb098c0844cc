// Which WASI runtime runs which program. The figures behind each choice are
// in README.md next to this file ("Choosing a runner"); `npx tsx
// test/bench/wasi-runners.ts` measures them again.
//
// Both runners produce the same bytes (test/wasi.test.ts), so the choice is
// about cost and reach. The shim won every cold figure by 2-3x (the SDK
// compiles the module again in its own worker and copies every input into
// its runtime) and matched or beat it warm in CPU time; it also needs no
// cross-origin isolation. @wasmer/sdk stays available as a runner.

import type { WasiRunner } from './runner.ts';

export type Program = 'compile' | 'link' | 'asm' | 'pack' | 'gofmt' | 'gofn-helper' | 'vet' | 'preview' | 'test';
export type RunnerName = 'shim' | 'wasmer';

export interface RunnerChoice {
  runner: RunnerName;
  reason: string;
}

const COLD = 'cold runs 2-3x faster (no second module compile, no copy of the inputs into the SDK)';

const CHOICES: Record<Program, RunnerChoice> = {
  compile: { runner: 'shim', reason: `${COLD}; warm compile 0.56 s vs 0.99 s (hello), 0.90 s vs 2.6 s (net/http)` },
  link: { runner: 'shim', reason: `${COLD}; warm link about even (1.1 s vs 1.2 s hello; net/http 3.3 s vs 2.0 s wall, same CPU time)` },
  asm: { runner: 'shim', reason: `${COLD}; asm runs are short, so per-run overhead decides` },
  pack: { runner: 'shim', reason: `${COLD}; pack runs are short, so per-run overhead decides` },
  gofmt: { runner: 'shim', reason: 'milliseconds of work: the SDK start-up would dominate; needs no cross-origin isolation' },
  'gofn-helper': { runner: 'shim', reason: 'milliseconds of work: the SDK start-up would dominate; needs no cross-origin isolation' },
  vet: { runner: 'shim', reason: `${COLD}; one short run per package` },
  test: {
    runner: 'shim',
    reason: 'a test binary runs in its own worker (src/core/gotest), stopped by terminating that worker when it outlives its timeout',
  },
  preview: {
    runner: 'shim',
    reason: 'one warm instance per handler in its own worker (src/core/preview), stopped by terminating that worker; the SDK would add seconds to each cold start',
  },
};

export function runnerFor(program: Program): RunnerChoice {
  return CHOICES[program];
}

/**
 * The engine's `runnerFor`: each program on its chosen runner, falling back
 * to the shim where no wasmer runner is given (for example a page that is
 * not cross-origin isolated).
 */
export function createRunnerSelector(runners: { shim: WasiRunner; wasmer?: WasiRunner }): (program: Program) => WasiRunner {
  return (program) => (runnerFor(program).runner === 'wasmer' && runners.wasmer) || runners.shim;
}
