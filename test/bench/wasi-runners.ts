// Measures compile and link of a hello program and a net/http program on
// each WASI runner, cold (fresh process: module compiled, runner created,
// first run) and warm (the same run again), next to the native tools.
//
//   npx tsx test/bench/wasi-runners.ts            all runners and programs, as a table
//   npx tsx test/bench/wasi-runners.ts shim hello  one cell set, as JSON (used by the table)
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { WasiRunner } from '../../src/core/wasi/runner.ts';
import { ShimRunner } from '../../src/core/wasi/shim.ts';
import { WasmerRunner } from '../../src/core/wasi/wasmer.ts';
import {
  EXE, PKG, buildInputs, compileWith, linkWith, nativeBuild, wasmTool, type ProgramName,
} from '../support/wasi-toolchain.ts';

const run = promisify(execFile);
const RUNNERS = ['shim', 'wasmer'] as const;
const PROGRAMS: ProgramName[] = ['hello', 'nethttp'];
type RunnerName = (typeof RUNNERS)[number];

/** Wall-clock and process CPU milliseconds (all threads: the SDK runs guests in workers). */
interface Time {
  wall: number;
  cpu: number;
}

interface Cell {
  runner: string;
  program: ProgramName;
  compileCold: Time;
  compileWarm: Time;
  linkCold: Time;
  linkWarm: Time;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, Time]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await f();
  const c = process.cpuUsage(c0);
  return [value, { wall: Math.round(performance.now() - t0), cpu: Math.round((c.user + c.system) / 1000) }];
}

/** The machine is shared, so a warm figure is the fastest of a few runs. */
async function fastest<T>(f: () => Promise<T>, runs = 3): Promise<[T, Time]> {
  let best: [T, Time] | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await timed(f);
    if (!best || r[1].wall < best[1].wall) best = r;
  }
  return best!;
}

function check(step: string, res: { exitCode: number; stderr: Uint8Array }): void {
  if (res.exitCode !== 0) throw new Error(`${step} failed: ${new TextDecoder().decode(res.stderr)}`);
}

/** One runner and program, in this (fresh) process. Cold includes compiling the module. */
async function measure(name: RunnerName, program: ProgramName): Promise<Cell> {
  const inputs = await buildInputs(program);
  const runner: WasiRunner & { close?: () => Promise<void> } = name === 'shim' ? new ShimRunner() : new WasmerRunner();
  try {
    const [compile, c1] = await timed(async () => {
      const tool = await wasmTool('compile');
      check('compile', await compileWith(runner, tool, inputs));
      return tool;
    });
    const [compiled, c2] = await fastest(() => compileWith(runner, compile, inputs));
    check('compile', compiled);
    const pkg = compiled.written.get(PKG)!;
    const [link, l1] = await timed(async () => {
      const tool = await wasmTool('link');
      check('link', await linkWith(runner, tool, inputs, pkg));
      return tool;
    });
    const [linked, l2] = await fastest(() => linkWith(runner, link, inputs, pkg));
    check('link', linked);
    if (!linked.written.get(EXE)) throw new Error('link wrote no binary');
    return { runner: name, program, compileCold: c1, compileWarm: c2, linkCold: l1, linkWarm: l2 };
  } finally {
    await runner.close?.();
  }
}

async function measureNative(program: ProgramName): Promise<Cell> {
  const inputs = await buildInputs(program);
  await nativeBuild(inputs);
  const [, both] = await fastest(() => nativeBuild(inputs));
  const none = { wall: 0, cpu: 0 };
  return { runner: 'native (compile+link)', program, compileCold: both, compileWarm: both, linkCold: none, linkWarm: none };
}

export async function benchWasiRunners(): Promise<Cell[]> {
  const cells: Cell[] = [];
  const self = fileURLToPath(import.meta.url);
  for (const program of PROGRAMS) {
    for (const runner of RUNNERS) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', self, runner, program], { maxBuffer: 1 << 20 });
      cells.push(JSON.parse(stdout.trim().split('\n').pop()!) as Cell);
    }
    cells.push(await measureNative(program));
  }
  return cells;
}

const ms = (t: Time): string => `${t.wall} / ${t.cpu}`;

function table(cells: Cell[]): string {
  const head = '| program | runner | compile cold | compile warm | link cold | link warm |';
  const rows = cells.map((c) =>
    c.linkCold.wall === 0
      ? `| ${c.program} | ${c.runner} | ${ms(c.compileWarm)} (both steps; native tools are separate processes, cpu not counted) | | | |`
      : `| ${c.program} | ${c.runner} | ${ms(c.compileCold)} | ${ms(c.compileWarm)} | ${ms(c.linkCold)} | ${ms(c.linkWarm)} |`,
  );
  return [head, '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [runner, program] = process.argv.slice(2);
  if (runner && program) {
    console.log(JSON.stringify(await measure(runner as RunnerName, program as ProgramName)));
  } else {
    const before = loadavg()[0]!.toFixed(1);
    const cells = await benchWasiRunners();
    console.log(table(cells));
    console.log('\nmilliseconds, wall / process CPU (all threads)');
    console.log(`load average ${before} before, ${loadavg()[0]!.toFixed(1)} after (2 cores); cold = new process, module compiled, first run; warm = fastest of 3 further runs`);
  }
}
