// The browser side of `npm run bench:wasi:browser`: one module worker per
// runner and program, so a cold step really is cold (nothing compiled, no
// runner). Inputs come from the toolchain bundle as the app gets them
// (verified objects, the std closure of the program's imports); fetching
// them is not timed, being the same for both runners.
import * as Comlink from 'comlink';
import { fetchObject, fetchOk, sha256Hex } from '../../../src/core/bundles/bundle-fetch.ts';
import { stdClosure } from '../../../src/core/bundles/std-closure.ts';
import type { BundleManifest } from '../../../src/core/types.ts';
import type { WasiRunner, WasiRunResult } from '../../../src/core/wasi/runner.ts';
import { ShimRunner } from '../../../src/core/wasi/shim.ts';
import { WasmerRunner } from '../../../src/core/wasi/wasmer.ts';
import {
  EXE, PKG, compileWith, inputsFrom, linkWith, programImports, type BuildInputs, type ProgramName, type WasmTool,
} from '../../support/wasi-programs.ts';

export type RunnerName = 'shim' | 'wasmer';
export type Step = 'compile' | 'link';

export interface StepTime {
  wall: number;
  /** sha256 of what the step wrote (the archive or the binary). */
  sha256: string;
}

const TARGET = 'linux/amd64';

let inputs: BuildInputs | undefined;
const bytes: Partial<Record<Step, Uint8Array<ArrayBuffer>>> = {};
const tools: Partial<Record<Step, WasmTool>> = {};
let runner: (WasiRunner & { close?: () => Promise<void> }) | undefined;
let pkg: Uint8Array | undefined;

async function bundleFile(version: string, manifest: BundleManifest, path: string): Promise<Uint8Array<ArrayBuffer>> {
  const entry = manifest.files[path];
  if (!entry) throw new Error(`the go${version} bundle has no ${path}`);
  return fetchObject(fetch, `/toolchains/objects/${entry.sha256}.gz`, path, entry);
}

function check(step: Step, res: WasiRunResult, out: string): Uint8Array {
  if (res.exitCode !== 0) throw new Error(`${step} failed: ${new TextDecoder().decode(res.stderr)}`);
  const written = res.written.get(out);
  if (!written) throw new Error(`${step} wrote no ${out}`);
  return written;
}

const api = {
  /** Fetches the program's std archives and the two tools' bytes; returns how many bytes. */
  async prepare(version: string, program: ProgramName): Promise<number> {
    const manifest = (await (await fetchOk(fetch, `/toolchains/go${version}/manifest.json`)).json()) as BundleManifest;
    const closure = stdClosure(manifest, TARGET, programImports[program]);
    if (closure.missing.length) throw new Error(`not in the bundle's std: ${closure.missing.join(', ')}`);
    const archives = await Promise.all(closure.archives.map((a, i) => bundleFile(version, manifest, a).then((b): [string, Uint8Array] => [closure.packages[i]!, b])));
    inputs = inputsFrom(program, archives);
    bytes.compile = await bundleFile(version, manifest, 'bin/compile.wasm');
    bytes.link = await bundleFile(version, manifest, 'bin/link.wasm');
    return [...inputs.files.values(), bytes.compile, bytes.link].reduce((n, b) => n + b.length, 0);
  },

  /**
   * One timed run. The first of each step is cold: the tool's module is
   * compiled (and, for the first step, the runner created) inside the timing.
   */
  async step(name: RunnerName, step: Step): Promise<StepTime> {
    if (!inputs) throw new Error('prepare first');
    const t0 = performance.now();
    runner ??= name === 'shim' ? new ShimRunner() : new WasmerRunner();
    const wasm = bytes[step]!;
    const tool = (tools[step] ??= { name: step, wasm, module: await WebAssembly.compile(wasm) });
    let out: Uint8Array;
    if (step === 'compile') {
      out = pkg = check(step, await compileWith(runner, tool, inputs), PKG);
    } else {
      if (!pkg) throw new Error('compile first');
      out = check(step, await linkWith(runner, tool, inputs, pkg), EXE);
    }
    const wall = Math.round(performance.now() - t0);
    return { wall, sha256: await sha256Hex(new Uint8Array(out)) };
  },

  async close(): Promise<void> {
    await runner?.close?.();
  },
};

export type BenchWorker = typeof api;

Comlink.expose(api);
