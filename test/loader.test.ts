// The loader end to end: the real helper compiled to wasip1, run in a WASI
// shim over in-memory files, compared with native `go list` on the same files.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConsoleStdout, Directory, File, type Inode, OpenFile, PreopenDirectory, WASI } from '@bjorn3/browser_wasi_shim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLoadAnswer } from '../src/core/load/load-answer.ts';
import { type LoadOptions, loadProject } from '../src/core/load/loader.ts';
import type { LoadedPackage, LoadResult } from '../src/core/load/packages.ts';
import type { ProjectFiles } from '../src/core/types.ts';
import type { MemFiles, WasiRunRequest, WasiRunResult } from '../src/core/wasi/runner.ts';
import { repoRoot } from './support/corpus.ts';
import { goEnv, hostGoVersion } from './support/native.ts';
import { embedProject, errorProjects, multiPackageProject, taggedProject } from './support/loader-projects.ts';

/** A minimal runner over @bjorn3/browser_wasi_shim, private to this test. */
async function runWasi(req: WasiRunRequest): Promise<WasiRunResult> {
  const root = new Map<string, Inode>();
  for (const [path, data] of req.files) {
    const parts = path.split('/').filter(Boolean);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.get(part);
      if (!next) dir.set(part, (next = new Directory(new Map())));
      dir = (next as Directory).contents;
    }
    dir.set(parts[parts.length - 1]!, new File(data, { readonly: true }));
  }
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const fds = [
    new OpenFile(new File(req.stdin ?? new Uint8Array())),
    new ConsoleStdout((b) => stdout.push(b.slice())),
    new ConsoleStdout((b) => stderr.push(b.slice())),
    new PreopenDirectory('/', root),
  ];
  const env = Object.entries({ PWD: req.cwd, ...req.env }).map(([k, v]) => `${k}=${v}`);
  const wasi = new WASI(req.args, env, fds, { debug: false });
  const instance = await WebAssembly.instantiate(req.module, { wasi_snapshot_preview1: wasi.wasiImport });
  const exitCode = wasi.start(instance as unknown as Parameters<WASI['start']>[0]);
  const cat = (chunks: Uint8Array[]): Uint8Array => Buffer.concat(chunks);
  return { exitCode, stdout: cat(stdout), stderr: cat(stderr), written: new Map() as MemFiles };
}

const helperDir = join(repoRoot, 'toolchain', 'helper');

/** Builds toolchain/helper for wasip1 with the given Go, as the bundle builder does. */
function buildHelper(goVersion: string): WebAssembly.Module {
  const out = join(repoRoot, '.cache', 'gofn-helper', `go${goVersion}`, 'gofn-helper.wasm');
  mkdirSync(dirname(out), { recursive: true });
  execFileSync('go', ['build', '-trimpath', '-o', out, '.'], { cwd: helperDir, env: goEnv(goVersion, { GOOS: 'wasip1', GOARCH: 'wasm' }) });
  return new WebAssembly.Module(readFileSync(out));
}

const stdLists = new Map<string, string[]>();
function stdList(goVersion: string, goos: string, goarch: string): string[] {
  const key = `${goVersion} ${goos}/${goarch}`;
  let list = stdLists.get(key);
  if (!list) {
    list = execFileSync('go', ['list', 'std'], { cwd: helperDir, env: goEnv(goVersion, { GOOS: goos, GOARCH: goarch }), encoding: 'utf8' }).trim().split('\n');
    stdLists.set(key, list);
  }
  return list;
}

function options(goVersion: string, entries: string[], extra: Partial<LoadOptions> = {}): LoadOptions {
  const goos = extra.goos ?? 'linux';
  const goarch = extra.goarch ?? 'amd64';
  return { modulePath: 'example.com/m', goos, goarch, entries, std: stdList(goVersion, goos, goarch), goroot: '/goroot', ...extra };
}

const host = hostGoVersion();
let helper: WebAssembly.Module;
let oldHelper: WebAssembly.Module;
const scratch = mkdtempSync(join(tmpdir(), 'gofn-loader-'));

beforeAll(() => {
  helper = buildHelper(host);
  oldHelper = buildHelper('1.24.11');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function ok(res: LoadResult): Extract<LoadResult, { ok: true }> {
  if (!res.ok) throw new Error(`unexpected diagnostics:\n${res.diagnostics.map((d) => `${JSON.stringify(d.location)} ${d.message}`).join('\n')}`);
  return res;
}

describe('toolchain/helper', () => {
  // The Go side's own table tests (every error case, wording compared with the
  // host go build) run here too, so one test command covers both halves.
  it('passes go test', () => {
    const run = spawnSync('go', ['test', '-count=1', './...'], { cwd: helperDir, env: goEnv(host), encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });
});

describe('loadProject with the wasip1 helper', () => {
  it('loads a handler with a renamed net/http import', async () => {
    const files: ProjectFiles = {
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      'api/users/[id].go': 'package users\n\nimport (\n\t"fmt"\n\tweb "net/http"\n)\n\nfunc Show(w web.ResponseWriter, r *web.Request) { fmt.Fprint(w, r.URL.Query().Get("id")) }\n',
    };
    const res = ok(await loadProject(runWasi, helper, files, options(host, ['api/users/[id].go'])));
    expect(res.entries).toEqual([
      {
        entry: 'api/users/[id].go',
        importPath: 'example.com/m/api/users',
        packageName: 'users',
        handler: 'Show',
        handlerPos: { file: 'api/users/[id].go', line: 8, column: 6 },
        handlerAlsoIn: [],
      },
    ]);
    expect(res.packages).toEqual([
      {
        importPath: 'example.com/m/api/users',
        dir: 'api/users',
        name: 'users',
        goFiles: ['[id].go'],
        sFiles: [],
        hFiles: [],
        imports: ['fmt', 'net/http'],
        embedPatterns: [],
        embedFiles: {},
      },
    ]);
    expect(res.stdImports).toEqual(['fmt', 'net/http']);
  });

  it('reports each problem with its project-relative location', async () => {
    for (const p of errorProjects) {
      const res = await loadProject(runWasi, helper, p.files, options(host, p.entries));
      expect(res.ok, p.name).toBe(false);
      if (res.ok) continue;
      expect(res.diagnostics.map((d) => [d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : '', d.message]), p.name).toEqual(p.want);
    }
  });

  it('words errors and picks files as the Go version it was built with', async () => {
    const files: ProjectFiles = {
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      'api/x.go': 'package api\n\nimport "net/http"\n\n//go:embed x.txt\nvar s string\n\nfunc H(w http.ResponseWriter, r *http.Request) {}\n',
      'api/x.txt': 'x',
    };
    const newer = await loadProject(runWasi, helper, files, options(host, ['api/x.go']));
    const older = await loadProject(runWasi, oldHelper, files, options('1.24.11', ['api/x.go']));
    expect(!newer.ok && newer.diagnostics[0]!.message).toBe('go:embed requires import "embed" (or import _ "embed", if package is not used)');
    expect(!older.ok && older.diagnostics[0]!.message).toBe('go:embed only allowed in Go files that import "embed"');

    const tagged: ProjectFiles = { ...files, 'api/x.go': 'package api\n\nimport "net/http"\n\nfunc H(w http.ResponseWriter, r *http.Request) {}\n', 'api/new.go': '//go:build go1.25\n\npackage api\n' };
    delete tagged['api/x.txt'];
    expect(ok(await loadProject(runWasi, helper, tagged, options(host, ['api/x.go']))).packages[0]!.goFiles).toEqual(['new.go', 'x.go']);
    expect(ok(await loadProject(runWasi, oldHelper, tagged, options('1.24.11', ['api/x.go']))).packages[0]!.goFiles).toEqual(['x.go']);
  });

  it('fails with a sentence when helper and engine speak different protocols', () => {
    expect(() => parseLoadAnswer('{"protocol":1,"ok":true}', '/src')).toThrow(/protocol 1 but this engine speaks protocol 2; rebuild the toolchain bundle/);
    expect(() => parseLoadAnswer('{"protocol":2,"ok":true,"packages":{}}', '/src')).toThrow(/packages is not an array/);
  });
});

interface GoListPackage {
  ImportPath: string;
  Name: string;
  Dir: string;
  Standard?: boolean;
  GoFiles?: string[];
  SFiles?: string[];
  HFiles?: string[];
  Imports?: string[];
  EmbedFiles?: string[];
  Error?: { Err: string };
}

/** `go list -deps` of the entries' packages: the module packages go would build. */
function goList(files: ProjectFiles, entries: string[], goos: string, goarch: string, tags: string[]): GoListPackage[] {
  const dir = mkdtempSync(join(scratch, 'p-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const pkgs = [...new Set(entries.map((e) => `./${dirname(e)}`))];
  const out = execFileSync('go', ['list', '-deps', '-json', '-tags', tags.join(','), ...pkgs], {
    cwd: dir,
    env: goEnv(host, { GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0' }),
    encoding: 'utf8',
  });
  // -json prints one indented object per package, each closed by "}" alone on a line.
  return out
    .split(/^}$/m)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => JSON.parse(`${chunk}}`) as GoListPackage)
    .filter((p) => !p.Standard);
}

/** What go list says about a package, in the terms of LoadedPackage. */
function fromGoList(p: GoListPackage) {
  return { importPath: p.ImportPath, name: p.Name, goFiles: p.GoFiles ?? [], sFiles: p.SFiles ?? [], hFiles: p.HFiles ?? [], imports: p.Imports ?? [], embedFiles: p.EmbedFiles ?? [] };
}

function fromLoader(p: LoadedPackage) {
  const prefix = p.dir === '' ? '' : `${p.dir}/`;
  const embedded = [...new Set(Object.values(p.embedFiles).flat())].map((f) => f.slice(prefix.length)).sort();
  return { importPath: p.importPath, name: p.name, goFiles: p.goFiles, sFiles: p.sFiles, hFiles: p.hFiles, imports: p.imports, embedFiles: embedded };
}

describe('differential against native go list', () => {
  const projects = [taggedProject, embedProject, multiPackageProject];
  const targets: [string, string, string[]][] = [
    ['linux', 'amd64', []],
    ['linux', 'arm64', ['prod']],
    ['wasip1', 'wasm', ['prod', 'dev']],
  ];
  for (const project of projects) {
    for (const [goos, goarch, tags] of targets) {
      it(`${project.name} for ${goos}/${goarch} tags=${tags.join(',')}`, async () => {
        const res = ok(await loadProject(runWasi, helper, project.files, options(host, project.entries, { goos, goarch, tags })));
        const native = goList(project.files, project.entries, goos, goarch, tags);
        expect(native.filter((p) => p.Error)).toEqual([]);
        const byPath = (a: { importPath: string }, b: { importPath: string }) => a.importPath.localeCompare(b.importPath);
        expect(res.packages.map(fromLoader).sort(byPath)).toEqual(native.map(fromGoList).sort(byPath));
        // go list -deps also lists dependencies first.
        const pos = new Map(res.packages.map((p, i) => [p.importPath, i]));
        for (const p of res.packages) for (const imp of p.imports) if (pos.has(imp)) expect(pos.get(imp)!).toBeLessThan(pos.get(p.importPath)!);
      });
    }
  }
});
