// Native `go` for the tests: the reference every gofn build is compared with.
// Runs with a clean, pinned environment so the user's go env file, GOFLAGS or
// a toolchain switch cannot change what it builds.
import { execFileSync } from 'node:child_process';
import { runProcess } from './spawn.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { repoRoot } from './corpus.ts';

/** The versions the test bundles cover: the host Go and one older release. */
export type GoVersion = '1.26.8' | '1.24.11' | (string & {});

export const goCache = join(repoRoot, '.cache', 'go-native');

let hostVersion: string | undefined;

/** The host Go's version without the "go" prefix, e.g. "1.26.8". */
export function hostGoVersion(): string {
  hostVersion ??= execFileSync('go', ['env', 'GOVERSION'], { env: { ...baseEnv(), GOTOOLCHAIN: 'local' }, encoding: 'utf8' })
    .trim()
    .replace(/^go/, '');
  return hostVersion;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/go/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    // Ignore the user's go env file (it sets GOFLAGS here).
    GOENV: 'off',
    GOFLAGS: '',
    CGO_ENABLED: '0',
    GOCACHE: goCache,
    // Builds are std-only and the old toolchain is already in the module cache.
    GOPROXY: 'off',
    GONOSUMDB: '',
    GOWORK: 'off',
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  if (process.env.GOMODCACHE) env.GOMODCACHE = process.env.GOMODCACHE;
  return env;
}

/**
 * The environment native go runs with. GOTOOLCHAIN is pinned: `local` for the
 * host version, `go<version>` otherwise (taken from the module cache). `extra`
 * may set anything else (GOOS, GOARCH, GOFLAGS, …) but not another toolchain.
 */
export function goEnv(goVersion: GoVersion, extra: Record<string, string> = {}): Record<string, string> {
  const pinned = goVersion === hostGoVersion() ? 'local' : `go${goVersion}`;
  const asked = extra.GOTOOLCHAIN;
  if (asked !== undefined && asked !== pinned && asked !== `go${goVersion}` && asked !== 'local') {
    throw new Error(`env asks for GOTOOLCHAIN=${asked} but the build is for go${goVersion}`);
  }
  mkdirSync(goCache, { recursive: true });
  const env = { ...baseEnv(), ...extra, GOTOOLCHAIN: pinned, GOCACHE: goCache };
  return env;
}

export interface GoRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GoCommand {
  /** Working directory (absolute). */
  dir: string;
  goVersion: GoVersion;
  env?: Record<string, string>;
  /** Arguments after `go` (a leading "go" is dropped). */
  args: string[];
}

/** Runs a go command to completion; never throws for a non-zero exit. */
export function runGo(cmd: GoCommand): Promise<GoRun> {
  const args = cmd.args[0] === 'go' ? cmd.args.slice(1) : cmd.args;
  return runProcess('go', args, { cwd: cmd.dir, env: goEnv(cmd.goVersion, cmd.env) }).then(({ code, signal, stdout, stderr }) => ({
    code: code ?? (signal ? 128 : 1),
    stdout,
    stderr: stderr + (signal ? `\n(killed by ${signal})` : ''),
  }));
}

export interface NativeBuild {
  /** Directory the build runs in, e.g. the `native.cwd` of gofn's kept sources. */
  dir: string;
  goVersion: GoVersion;
  env?: Record<string, string>;
  /** `go build …` arguments; when they have no -o, one is added (the output name does not change the binary). */
  args: string[];
}

function outputFlag(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--o') return args[i + 1];
    const m = /^--?o=(.*)$/.exec(a);
    if (m) return m[1];
  }
  return undefined;
}

/** Runs `go build` natively and returns the binary it wrote. */
export async function nativeBuild(b: NativeBuild): Promise<Uint8Array> {
  let args = b.args[0] === 'go' ? b.args.slice(1) : [...b.args];
  if (args[0] !== 'build') throw new Error(`not a go build invocation: ${JSON.stringify(b.args)}`);
  let out = outputFlag(args);
  let scratch: string | undefined;
  if (out === undefined) {
    scratch = mkdtempSync(join(tmpdir(), 'gofn-native-'));
    out = join(scratch, 'bootstrap');
    args = ['build', '-o', out, ...args.slice(1)];
  }
  const outPath = isAbsolute(out) ? out : resolve(b.dir, out);
  // A file already there (say, gofn's own binary in kept sources) must not pass for go's output.
  rmSync(outPath, { force: true });
  try {
    const r = await runGo({ dir: b.dir, goVersion: b.goVersion, env: b.env, args });
    if (r.code !== 0) {
      throw new Error(`native go${b.goVersion} ${args.join(' ')} failed in ${b.dir} (exit ${r.code}):\n${r.stderr}${r.stdout}`);
    }
    return new Uint8Array(readFileSync(outPath));
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `go version -m` of a binary: its Go version, then the module and build
 * setting lines, with the file name taken out so two binaries compare equal.
 */
export async function goVersionM(binaryPath: string): Promise<string[]> {
  const r = await runGo({ dir: repoRoot, goVersion: hostGoVersion(), args: ['version', '-m', binaryPath] });
  if (r.code !== 0) throw new Error(`go version -m ${binaryPath} failed:\n${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  const first = lines.shift() ?? '';
  const prefix = `${binaryPath}: `;
  if (!first.startsWith(prefix)) throw new Error(`unexpected go version -m output: ${r.stdout}`);
  return [first.slice(prefix.length), ...lines.map((l) => l.trim())];
}

/** What `go tool buildid` prints for a file ("" when it carries no build ID). */
export async function goToolBuildId(path: string): Promise<string> {
  const r = await runGo({ dir: repoRoot, goVersion: hostGoVersion(), args: ['tool', 'buildid', path] });
  if (r.code !== 0) {
    if (/missing|no build ID|not found/i.test(r.stderr)) return '';
    throw new Error(`go tool buildid ${path} failed:\n${r.stderr}`);
  }
  return r.stdout.trim();
}
