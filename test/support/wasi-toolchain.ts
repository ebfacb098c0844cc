// Real inputs for the WASI runner tests and benchmark: the host Go's
// compile/link/gofmt built for wasip1 (from the toolchain bundle when one
// for the host version exists, otherwise built once into .cache/), and a
// program's standard-library archives for linux/amd64 from `go list -export`.
// Each step can run through a WasiRunner (guest paths under /goroot and
// /work) or natively (the same layout under a host directory).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { MemFiles, WasiRunner, WasiRunResult } from '../../src/core/wasi/runner.ts';
import { repoRoot } from './corpus.ts';

const run = promisify(execFile);

export type ToolName = 'compile' | 'link' | 'gofmt';

export interface WasmTool {
  name: ToolName;
  wasm: Uint8Array;
  module: WebAssembly.Module;
}

export async function hostGoVersion(): Promise<string> {
  const { stdout } = await run('go', ['env', 'GOVERSION']);
  return stdout.trim().replace(/^go/, '');
}

async function fromBundle(version: string, name: ToolName): Promise<Uint8Array | undefined> {
  const manifestPath = join(repoRoot, 'toolchains', `go${version}`, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: Record<string, { sha256: string }> };
  const entry = manifest.files[`bin/${name}.wasm`];
  const object = entry && join(repoRoot, 'toolchains', 'objects', `${entry.sha256}.gz`);
  if (!entry || !object || !existsSync(object)) return undefined;
  const bytes = new Uint8Array(gunzipSync(await readFile(object)));
  return createHash('sha256').update(bytes).digest('hex') === entry.sha256 ? bytes : undefined;
}

/** The host Go's tool for wasip1/wasm. */
export async function wasmTool(name: ToolName): Promise<WasmTool> {
  const version = await hostGoVersion();
  let wasm = await fromBundle(version, name);
  if (!wasm) {
    const out = join(repoRoot, '.cache', 'wasi-tools', `go${version}`, `${name}.wasm`);
    if (!existsSync(out)) {
      await mkdir(dirname(out), { recursive: true });
      await run('go', ['build', '-trimpath', '-o', `${out}.tmp`, `cmd/${name}`], { env: { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm' } });
      await rm(out, { force: true });
      await writeFile(out, await readFile(`${out}.tmp`));
      await rm(`${out}.tmp`);
    }
    wasm = new Uint8Array(await readFile(out));
  }
  return { name, wasm, module: await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>) };
}

export const programs = {
  hello: 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
  nethttp: `package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
)

func main() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello") })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Body.String())
}
`,
} as const;

export type ProgramName = keyof typeof programs;

/** Everything one build of a program needs, keyed by guest path. */
export interface BuildInputs {
  name: ProgramName;
  /** Sources, std archives and importcfg. */
  files: MemFiles;
}

const STD = '/goroot/pkg/linux_amd64';
export const env = { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v1', GOROOT: '' };

export async function buildInputs(name: ProgramName): Promise<BuildInputs> {
  const dir = join(repoRoot, '.cache', 'wasi-programs', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'main.go'), programs[name]);
  await writeFile(join(dir, 'go.mod'), `module ${name}\n\ngo 1.21\n`);
  const { stdout } = await run('go', ['list', '-export', '-trimpath', '-deps', '-f', '{{if .Standard}}{{.ImportPath}}={{.Export}}{{end}}', '.'], {
    cwd: dir,
    env: { ...process.env, GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v1', CGO_ENABLED: '0' },
    maxBuffer: 1 << 24,
  });
  const files: MemFiles = new Map();
  const cfg: string[] = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [path, exportFile] = line.split('=') as [string, string];
    if (!exportFile) continue;
    files.set(`${STD}/${path}.a`, new Uint8Array(await readFile(exportFile)));
    cfg.push(`packagefile ${path}=${STD}/${path}.a`);
  }
  files.set('/work/b001/importcfg', new TextEncoder().encode(`${cfg.join('\n')}\n`));
  files.set('/work/src/main.go', new TextEncoder().encode(programs[name]));
  return { name, files };
}

/** argv for each step with guest paths rebased under `root` ("" for the guest itself). */
export function compileArgs(root: string): string[] {
  return ['compile', '-o', `${root}/work/b001/_pkg_.a`, '-trimpath', `${root}/work/src=>`, '-p', 'main', '-lang=go1.21', '-complete', '-buildid', 'gofn-test', '-importcfg', `${root}/work/b001/importcfg`, '-pack', `${root}/work/src/main.go`];
}

export function linkArgs(root: string): string[] {
  return ['link', '-o', `${root}/work/b001/exe/a.out`, '-importcfg', `${root}/work/b001/importcfg`, '-buildmode=exe', '-buildid=gofn-test', '-extld=gcc', `${root}/work/b001/_pkg_.a`];
}

export const PKG = '/work/b001/_pkg_.a';
export const EXE = '/work/b001/exe/a.out';

export async function compileWith(runner: WasiRunner, tool: WasmTool, inputs: BuildInputs): Promise<WasiRunResult> {
  return runner.run({ module: tool.module, wasm: tool.wasm, args: compileArgs(''), env, files: inputs.files, cwd: '/work/src' });
}

export async function linkWith(runner: WasiRunner, tool: WasmTool, inputs: BuildInputs, pkg: Uint8Array): Promise<WasiRunResult> {
  const files = new Map(inputs.files).set(PKG, pkg);
  return runner.run({ module: tool.module, wasm: tool.wasm, args: linkArgs(''), env, files, cwd: '/work', dirs: ['/work/b001/exe'] });
}

/** Native compile and link of the same inputs; returns the archive and the binary. */
export async function nativeBuild(inputs: BuildInputs): Promise<{ pkg: Uint8Array; exe: Uint8Array; exePath: string }> {
  const root = await mkdtemp(join(tmpdir(), 'gofn-native-'));
  for (const [path, data] of inputs.files) {
    const text = path.endsWith('importcfg') ? new TextDecoder().decode(data).replaceAll(`=${STD}/`, `=${root}${STD}/`) : data;
    await mkdir(dirname(root + path), { recursive: true });
    await writeFile(root + path, text);
  }
  await mkdir(`${root}/work/b001/exe`, { recursive: true });
  const { stdout } = await run('go', ['env', 'GOTOOLDIR']);
  const toolDir = stdout.trim();
  const [compile, ...cargs] = compileArgs(root);
  const [link, ...largs] = linkArgs(root);
  await run(join(toolDir, compile!), cargs, { env, cwd: `${root}/work/src` });
  await run(join(toolDir, link!), largs, { env, cwd: `${root}/work` });
  const exePath = `${root}${EXE}`;
  await chmod(exePath, 0o755);
  return { pkg: new Uint8Array(await readFile(`${root}${PKG}`)), exe: new Uint8Array(await readFile(exePath)), exePath };
}

/** Runs a linux/amd64 binary built by a runner and returns its stdout. */
export async function runBinary(exe: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gofn-exe-'));
  const path = join(dir, 'a.out');
  await writeFile(path, exe, { mode: 0o755 });
  try {
    return (await run(path, [])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
