// The WASI runners against the real toolchain: compile.wasm and link.wasm of
// the host Go, run through each runner, must produce exactly what the native
// tools produce from the same inputs, and the binary must run. The wasmer
// runner's workaround for the poll_oneoff hang has its own regression tests.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wasmer } from '@wasmer/sdk/node';
import type { WasiRunner } from '../src/core/wasi/runner.ts';
import { createRunnerSelector, runnerFor } from '../src/core/wasi/select.ts';
import { ShimRunner } from '../src/core/wasi/shim.ts';
import { WasmerRunner } from '../src/core/wasi/wasmer.ts';
import { patchForWasmer } from '../src/core/wasi/wasmer-patches.ts';
import { repoRoot } from './support/corpus.ts';
import {
  EXE, PKG, buildInputs, compileWith, linkWith, nativeBuild, runBinary, wasmTool,
  type BuildInputs, type ProgramName, type WasmTool,
} from './support/wasi-toolchain.ts';

const exec = promisify(execFile);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

let compile: WasmTool;
let link: WasmTool;
let gofmt: WasmTool;
const inputs = new Map<ProgramName, BuildInputs>();
const native = new Map<ProgramName, { pkg: Uint8Array; exe: Uint8Array }>();
const wasmer = new WasmerRunner();
const runners: [string, WasiRunner][] = [['shim', new ShimRunner()], ['wasmer', wasmer]];

beforeAll(async () => {
  [compile, link, gofmt] = [await wasmTool('compile'), await wasmTool('link'), await wasmTool('gofmt')];
  for (const name of ['hello', 'nethttp'] as const) {
    const input = await buildInputs(name);
    inputs.set(name, input);
    native.set(name, await nativeBuild(input));
  }
});

afterAll(async () => {
  await wasmer.close();
});

describe.each(runners)('%s runner, real toolchain', (_name, runner) => {
  it.each(['hello', 'nethttp'] as const)('compile and link %s exactly as the native tools do', async (program) => {
    const input = inputs.get(program)!;
    const want = native.get(program)!;
    const compiled = await compileWith(runner, compile, input);
    expect(text(compiled.stderr)).toBe('');
    expect(compiled.exitCode).toBe(0);
    expect([...compiled.written.keys()]).toEqual([PKG]);
    expect(Buffer.from(compiled.written.get(PKG)!).equals(want.pkg)).toBe(true);

    const linked = await linkWith(runner, link, input, compiled.written.get(PKG)!);
    expect(text(linked.stderr)).toBe('');
    expect(linked.exitCode).toBe(0);
    const exe = linked.written.get(EXE);
    expect(exe?.byteLength).toBe(want.exe.byteLength);
    expect(Buffer.from(exe!).equals(want.exe)).toBe(true);
    expect(await runBinary(exe!)).toBe('hello\n');
  });

  it('passes stdin, streams stdout, and reports the exit code', async () => {
    const chunks: Uint8Array[] = [];
    const res = await runner.run({
      module: gofmt.module, wasm: gofmt.wasm, args: ['gofmt'], env: {}, files: new Map(), cwd: '/',
      stdin: bytes('package p\nfunc  f( ) {}\n'), onStdout: (c) => chunks.push(c),
    });
    expect(res.exitCode).toBe(0);
    expect(text(res.stdout)).toBe('package p\n\nfunc f() {}\n');
    expect(text(Buffer.concat(chunks))).toBe(text(res.stdout));

    const bad = await runner.run({ module: gofmt.module, wasm: gofmt.wasm, args: ['gofmt', 'missing.go'], env: {}, files: new Map(), cwd: '/src' });
    expect(bad.exitCode).toBe(2);
    expect(text(bad.stderr)).toContain('missing.go');
  });

  it('resolves relative paths against cwd, returns changed files, and leaves inputs alone', async () => {
    const original = bytes('package p\nfunc  f( ) {}\n');
    const untouched = bytes('package q\n');
    const files = new Map([['/src/p/a.go', original], ['/src/q/b.go', untouched]]);
    const res = await runner.run({ module: gofmt.module, wasm: gofmt.wasm, args: ['gofmt', '-l', '-w', 'a.go', '../q/b.go'], env: {}, files, cwd: '/src/p' });
    expect(text(res.stderr)).toBe('');
    expect(res.exitCode).toBe(0);
    expect(text(res.stdout)).toBe('a.go\n');
    expect([...res.written.keys()]).toEqual(['/src/p/a.go']);
    expect(text(res.written.get('/src/p/a.go')!)).toBe('package p\n\nfunc f() {}\n');
    expect(text(original)).toBe('package p\nfunc  f( ) {}\n');
  });

  it('shows each run only its own files, whatever earlier runs read or wrote', async () => {
    const ugly = bytes('package p\nfunc  f( ) {}\n');
    const first = await runner.run({ module: gofmt.module, wasm: gofmt.wasm, args: ['gofmt', '-w', '/src/a.go'], env: {}, files: new Map([['/src/a.go', ugly]]), cwd: '/' });
    expect([...first.written.keys()]).toEqual(['/src/a.go']);
    const second = await runner.run({ module: gofmt.module, wasm: gofmt.wasm, args: ['gofmt', '-l', '/src'], env: {}, files: new Map([['/src/b.go', ugly]]), cwd: '/' });
    expect(text(second.stdout)).toBe('/src/b.go\n');
    const third = await runner.run({ module: gofmt.module, wasm: gofmt.wasm, args: ['gofmt', '-l', '/src'], env: {}, files: new Map([['/src/a.go', ugly]]), cwd: '/' });
    expect(text(third.stdout)).toBe('/src/a.go\n');
  });
});

describe('runner selection', () => {
  it('hands each program the runner its recorded choice names, and the shim when wasmer is absent', () => {
    const shim = runners[0]![1];
    const both = createRunnerSelector({ shim, wasmer });
    const shimOnly = createRunnerSelector({ shim });
    for (const program of ['compile', 'link', 'asm', 'pack', 'gofmt', 'gofn-helper', 'preview'] as const) {
      const choice = runnerFor(program);
      expect(choice.reason.length).toBeGreaterThan(20);
      expect(both(program).name).toBe(choice.runner);
      expect(shimOnly(program)).toBe(shim);
    }
  });
});

describe('@wasmer/sdk poll_oneoff with a zero timeout', () => {
  let pollzero: WasmTool['wasm'];

  beforeAll(async () => {
    const out = join(repoRoot, '.cache', 'repro', 'pollzero.wasm');
    await mkdir(join(repoRoot, '.cache', 'repro'), { recursive: true });
    await exec('go', ['build', '-o', out, '.'], {
      cwd: join(repoRoot, 'toolchain', 'repro', 'wasmer-poll-zero'),
      env: { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm' },
    });
    pollzero = new Uint8Array(await readFile(out));
  });

  // This documents the upstream behaviour the wasmer runner works around.
  // If it starts returning, @wasmer/sdk was fixed and the poll_oneoff
  // wrapper in wasmer-patches.ts can go.
  it('never returns for an unpatched module (the SDK treats timeout 0 as "no timeout")', async () => {
    const sdk = new Wasmer({ cache: false });
    try {
      const pkg = await sdk.packages.create({ modules: { m: pollzero }, commands: { pollzero: { module: 'm' } } });
      const sandbox = await sdk.sandboxes.create({ packages: [pkg] });
      const warm = await sandbox.command(pkg, ['poll', '1']).run({ check: false, timeoutMs: 120_000 });
      expect(warm.reason).toBe('exited');
      const out = await sandbox.command(pkg, ['poll', '0']).run({ check: false, timeoutMs: 15_000 });
      expect(out.reason).toBe('timeout');
      expect(out.stdout.text()).toContain('poll_oneoff(clock monotonic, relative timeout 0 ns)');
      expect(out.stdout.text()).not.toContain('returned');
      await sandbox.close();
    } finally {
      await sdk.close();
    }
  });

  it('returns through the wasmer runner, for the direct call and for a GC after opening a file', async () => {
    const module = await WebAssembly.compile(pollzero as Uint8Array<ArrayBuffer>);
    const files = new Map([['/data.txt', bytes('x')]]);
    const direct = await wasmer.run({ module, wasm: pollzero, args: ['pollzero', 'poll', '0'], env: {}, files, cwd: '/' });
    expect(text(direct.stdout)).toContain('returned errno=0 nevents=1 userdata=42');
    const gc = await wasmer.run({ module, wasm: pollzero, args: ['pollzero', 'gc', '/data.txt'], env: {}, files, cwd: '/' });
    expect(gc.exitCode).toBe(0);
    expect(text(gc.stdout)).toContain('runtime.GC() returned');
  });

  it('patches exactly the one call of each wrapped import in link.wasm, and the module stays valid', () => {
    const patched = patchForWasmer(link.wasm);
    expect(patched.sites).toEqual({ poll_oneoff: 1, fd_prestat_dir_name: 1 });
    expect(WebAssembly.validate(patched.wasm as Uint8Array<ArrayBuffer>)).toBe(true);
  });
});
