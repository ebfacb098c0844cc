// `npm run bench:wasi:browser`: compile and link of a hello program and a
// net/http program on each WASI runner in Debian's Chromium, cold (a fresh
// page and worker: module compiled, runner created, first run) and warm (the
// same run again, fastest of 3), as `npm run bench:wasi` does in Node.
// `npm run bench:wasi:browser -- shim hello` measures only those. The
// page (test/browser/wasi-bench/) is served by Vite's dev server with the
// app's config: isolation headers (the SDK needs SharedArrayBuffer) and the
// toolchain bundles at /toolchains/. @wasmer/sdk is served as published, not
// pre-bundled, since it finds its own worker and wasm next to itself.
import { realpathSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type Browser } from 'playwright';
import { createServer } from 'vite';
import { chromiumArgs } from '../../playwright.config.ts';
import { repoRoot } from '../support/corpus.ts';
import { hostGoVersion } from '../support/native.ts';
import { descendantsCpuMs } from '../support/process-cpu.ts';
import type { ProgramName } from '../support/wasi-programs.ts';
import type { RunnerName, Step, StepTime } from './wasi-bench/worker.ts';

const PORT = Number(process.env.GOFN_BENCH_PORT ?? 4181);
const RUNNERS: RunnerName[] = ['shim', 'wasmer'];
const PROGRAMS: ProgramName[] = ['hello', 'nethttp'];
const WARM_RUNS = 3;

/** Wall milliseconds (the worker's clock) and the browser's CPU milliseconds (all its processes and threads). */
interface Time {
  wall: number;
  cpu: number;
}

interface Cell {
  runner: RunnerName;
  program: ProgramName;
  compileCold: Time;
  compileWarm: Time;
  linkCold: Time;
  linkWarm: Time;
  /** sha256 of the linked binary. */
  exe: string;
}

async function measure(browser: Browser, version: string, runner: RunnerName, program: ProgramName): Promise<Cell> {
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${PORT}/test/browser/wasi-bench/index.html`);
    if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the bench page is not cross-origin isolated');
    await page.waitForFunction(() => 'wasiBench' in window);
    await page.evaluate(([v, p]) => window.wasiBench.prepare(v, p), [version, program] as const);
    const once = async (step: Step): Promise<[StepTime, Time]> => {
      const c0 = descendantsCpuMs();
      const r = await page.evaluate(([n, s]) => window.wasiBench.step(n, s), [runner, step] as const);
      return [r, { wall: r.wall, cpu: Math.round(descendantsCpuMs() - c0) }];
    };
    const fastest = async (step: Step): Promise<[StepTime, Time]> => {
      let best: [StepTime, Time] | undefined;
      for (let i = 0; i < WARM_RUNS; i++) {
        const r = await once(step);
        if (!best || r[1].wall < best[1].wall) best = r;
      }
      return best!;
    };
    const [, compileCold] = await once('compile');
    const [, compileWarm] = await fastest('compile');
    const [, linkCold] = await once('link');
    const [linked, linkWarm] = await fastest('link');
    await page.evaluate(() => window.wasiBench.close());
    return { runner, program, compileCold, compileWarm, linkCold, linkWarm, exe: linked.sha256 };
  } finally {
    await page.close();
  }
}

const ms = (t: Time): string => `${t.wall} / ${t.cpu}`;

function table(cells: Cell[]): string {
  const head = '| program | runner | compile cold | compile warm | link cold | link warm |';
  const rows = cells.map((c) => `| ${c.program} | ${c.runner} | ${ms(c.compileCold)} | ${ms(c.compileWarm)} | ${ms(c.linkCold)} | ${ms(c.linkWarm)} |`);
  return [head, '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** Runners and programs named on the command line, or all of them. */
const only = process.argv.slice(2);
const pick = <T extends string>(all: T[]): T[] => {
  const named = all.filter((x) => only.includes(x));
  return named.length ? named : all;
};
const runners = pick(RUNNERS);
const programs = pick(PROGRAMS);

const server = await createServer({
  root: repoRoot,
  configFile: `${repoRoot}/vite.config.ts`,
  // The SDK's published files point at sources it does not ship: their warnings are noise here.
  logLevel: 'error',
  // node_modules may be a symlink (worktrees share one); the SDK fetches its wasm from there.
  server: { host: '127.0.0.1', port: PORT, strictPort: true, hmr: false, watch: null, fs: { allow: [repoRoot, realpathSync(`${repoRoot}/node_modules`)] } },
  optimizeDeps: { noDiscovery: true, include: [], exclude: ['@wasmer/sdk'] },
});
await server.listen();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  const version = hostGoVersion();
  const before = loadavg()[0]!.toFixed(2);
  const cells: Cell[] = [];
  for (const program of programs) {
    for (const runner of runners) cells.push(await measure(browser, version, runner, program));
  }
  console.log(table(cells));
  console.log('\nmilliseconds, wall (in the worker) / CPU (all of Chromium\'s processes and threads)');
  console.log(`Chromium ${browser.version()}, go${version} bundle; load average ${before} before, ${loadavg()[0]!.toFixed(2)} after (2 cores)`);
  console.log(`cold = fresh page and worker: module compiled, runner created, first run; warm = fastest of ${WARM_RUNS} further runs; fetching the bundle's objects is not timed`);
  for (const program of programs) {
    const shas = new Set(cells.filter((c) => c.program === program).map((c) => c.exe));
    console.log(`${program}: linked binary ${shas.size === 1 ? 'identical on every runner' : 'DIFFERS between runners'} (sha256 ${[...shas].map((s) => s.slice(0, 16)).join(', ')})`);
  }
} finally {
  await browser.close();
  await server.close();
}
