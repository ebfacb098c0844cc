// Which WASI runtime runs which program. The figures behind each choice are
// in README.md next to this file ("Choosing a runner"); `npm run
// bench:wasi:browser` measures them again in Chromium (the reasons below
// quote its idle run of 2 Dec 2026, Chromium 156), `npm run bench:wasi` in Node.
//
// Both runners produce the same bytes (test/wasi.test.ts), so the choice is
// about cost and reach. The shim won every cold figure, by 2-3x in Node and
// 1.2-2.3x in Chromium (the SDK compiles the module again in its own worker
// and copies every input into its runtime), and beat it warm in CPU time;
// it also needs no cross-origin isolation. @wasmer/sdk stays available as a runner.

import type { WasiRunner } from './runner.ts';

export type Program = 'compile' | 'link' | 'asm' | 'pack' | 'gofmt' | 'gofn-helper' | 'vet' | 'preview' | 'test';
export type RunnerName = 'shim' | 'wasmer';

export interface RunnerChoice {
  runner: RunnerName;
  reason: string;
}

const COLD = 'cold runs faster (no second module compile, no copy of the inputs into the SDK)';

const CHOICES: Record<Program, RunnerChoice> = {
  compile: {
    runner: 'shim',
    reason: `${COLD}: in Chromium 1.8 s vs 3.8 s (hello), 2.2 s vs 4.2 s (net/http); warm, the SDK is faster in wall time (net/http 0.37 s vs 0.61 s) but not in CPU (0.75 s vs 0.56 s)`,
  },
  link: { runner: 'shim', reason: `${COLD}: in Chromium 2.8 s vs 3.5 s (hello), 3.0 s vs 4.1 s (net/http); warm 0.40 s vs 0.42 s, 0.78 s vs 0.92 s` },
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
