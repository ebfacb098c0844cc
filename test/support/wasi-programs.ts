// The programs, flags and steps of the WASI runner tests and benchmarks, with
// no Node modules, so a browser page can run them too: compile and link of
// a hello program and a net/http program for linux/amd64 through a
// WasiRunner, guest paths under /goroot and /work. Node gets its inputs
// from `go list -export` (wasi-toolchain.ts), the browser bench from the
// toolchain bundle (test/browser/wasi-bench/).
import type { MemFiles, WasiRunner, WasiRunResult } from '../../src/core/wasi/runner.ts';

export type ToolName = 'compile' | 'link' | 'gofmt';

export interface WasmTool {
  name: ToolName;
  wasm: Uint8Array;
  module: WebAssembly.Module;
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

/** Each program's imports, for a bundle's std closure (the Node side asks `go list -deps`). */
export const programImports: Record<ProgramName, string[]> = {
  hello: ['fmt'],
  nethttp: ['fmt', 'net/http', 'net/http/httptest'],
};

/** Everything one build of a program needs, keyed by guest path. */
export interface BuildInputs {
  name: ProgramName;
  /** Sources, std archives and importcfg. */
  files: MemFiles;
}

export const STD = '/goroot/pkg/linux_amd64';
export const env = { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v1', GOROOT: '' };

/** The inputs from std archives listed as [import path, bytes], in importcfg order. */
export function inputsFrom(name: ProgramName, archives: Iterable<[string, Uint8Array]>): BuildInputs {
  const files: MemFiles = new Map();
  const cfg: string[] = [];
  for (const [path, bytes] of archives) {
    files.set(`${STD}/${path}.a`, bytes);
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
