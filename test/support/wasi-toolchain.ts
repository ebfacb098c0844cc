// Real inputs for the WASI runner tests and benchmark in Node: the host
// Go's compile/link/gofmt built for wasip1 (from the toolchain bundle when
// one for the host version exists, otherwise built once into .cache/), and a
// program's standard-library archives for linux/amd64 from `go list -export`.
// The programs and steps themselves are in wasi-programs.ts (no Node modules,
// shared with the browser bench); each step can also run natively (the same
// layout under a host directory).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from './corpus.ts';
import { EXE, PKG, STD, compileArgs, env, inputsFrom, linkArgs, programs, type BuildInputs, type ProgramName, type ToolName, type WasmTool } from './wasi-programs.ts';

export * from './wasi-programs.ts';

const run = promisify(execFile);

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
  const archives: [string, Uint8Array][] = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [path, exportFile] = line.split('=') as [string, string];
    if (exportFile) archives.push([path, new Uint8Array(await readFile(exportFile))]);
  }
  return inputsFrom(name, archives);
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
