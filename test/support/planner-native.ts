// Native Go for the planner tests: `go list` to load packages, `go build -n`
// for the reference command lines, the real tools to run a plan, and
// `go build` for the reference binary.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { packAppend } from '../../src/core/run/pack.ts';
import { stampBuildId } from '../../src/core/run/build-id.ts';
import { StepIds, type StepId } from '../../src/core/run/step-ids.ts';
import { fileURLToPath } from 'node:url';
import type { LoadedPackage } from '../../src/core/load/packages.ts';
import { BUILD_ID_ARG, type BuildPlan, type Layout, type PackageModule, type PlanStep } from '../../src/core/plan/plan-types.ts';
import type { StdPackage, Target } from '../../src/core/types.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const goCache = join(repoRoot, '.cache', 'go-native');

/** A clean environment: no go env file, no GOFLAGS, no workspace, cgo off. */
export function goEnv(version: string, target?: Target): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/go/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GOENV: 'off',
    GOFLAGS: '-buildvcs=false',
    GOWORK: 'off',
    CGO_ENABLED: '0',
    GOCACHE: goCache,
    GOTOOLCHAIN: version === hostVersion() ? 'local' : `go${version}`,
  };
  if (process.env.GOMODCACHE) env.GOMODCACHE = process.env.GOMODCACHE;
  if (target) {
    const [goos, goarch] = target.split('/') as [string, string];
    env.GOOS = goos;
    env.GOARCH = goarch;
  }
  return env;
}

let host: string | undefined;
export function hostVersion(): string {
  host ??= execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', GOENV: 'off', GOTOOLCHAIN: 'local' } })
    .trim()
    .replace(/^go/, '');
  return host;
}

export function go(version: string, args: string[], cwd: string, target?: Target): string {
  const r = spawnSync('go', args, { cwd, env: goEnv(version, target), encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} (in ${cwd}) failed:\n${r.stderr}`);
  return r.stdout;
}

/** `go build -n` prints its script on stderr. */
export function goScript(version: string, args: string[], cwd: string, target: Target): string {
  const r = spawnSync('go', args, { cwd, env: goEnv(version, target), encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stderr;
}

const gorootCache = new Map<string, string>();
export function goroot(version: string): string {
  let r = gorootCache.get(version);
  if (!r) {
    r = go(version, ['env', 'GOROOT'], tmpdir()).trim();
    gorootCache.set(version, r);
  }
  return r;
}

export function toolPath(version: string, tool: string): string {
  if (tool === 'pack') return go(version, ['tool', '-n', 'pack'], tmpdir()).trim();
  return join(goroot(version), 'pkg', 'tool', 'linux_amd64', tool);
}

export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gofn-plan-'));
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

interface ListedPackage {
  ImportPath: string;
  Dir: string;
  Name: string;
  Standard?: boolean;
  GoFiles?: string[];
  SFiles?: string[];
  HFiles?: string[];
  Imports?: string[];
  EmbedPatterns?: string[];
  EmbedFiles?: string[];
  Export?: string;
  Module?: {
    Path: string;
    Version?: string;
    Main?: boolean;
    Sum?: string;
    GoVersion?: string;
    Replace?: { Path: string; Version?: string; Sum?: string };
  };
}

export interface Loaded {
  packages: LoadedPackage[];
  std: Record<string, StdPackage>;
  /** Std import path → the archive `go list -export -trimpath` built. */
  exports: Record<string, string>;
  /** Dependency-module packages' modules. */
  modules: Record<string, PackageModule>;
  /** Sources of packages outside the module root, by absolute path. */
  outside: Record<string, string>;
}

/** LoadedPackage values (and a std graph in bundle-manifest form) from `go list -deps -export -json`. */
export function loadWithGoList(version: string, moduleRoot: string, mainDir: string, target: Target, tags: string[]): Loaded {
  const [goos, goarch] = target.split('/') as [string, string];
  const args = ['list', '-deps', '-export', '-trimpath', '-json', ...(tags.length ? ['-tags', tags.join(',')] : []), `./${mainDir}`];
  const out = go(version, args, moduleRoot, target);
  const listed = JSON.parse(`[${out.replace(/\}\n\{/g, '},{')}]`) as ListedPackage[];
  const packages: LoadedPackage[] = [];
  const std: Record<string, StdPackage> = {};
  const exports: Record<string, string> = {};
  const modules: Record<string, PackageModule> = {};
  const outside: Record<string, string> = {};
  for (const p of listed) {
    if (p.Standard) {
      std[p.ImportPath] = { archive: `pkg/${goos}_${goarch}/${p.ImportPath}.a`, imports: p.Imports ?? [] };
      if (p.Export) exports[p.ImportPath] = p.Export;
      continue;
    }
    const m = p.Module;
    if (m && !m.Main) {
      modules[p.ImportPath] = {
        path: m.Path,
        version: m.Version ?? '',
        sum: m.Sum,
        goVersion: m.GoVersion,
        replace: m.Replace && { path: m.Replace.Path, version: m.Replace.Version ?? '', sum: m.Replace.Sum },
      };
    }
    const inside = !relative(moduleRoot, p.Dir).startsWith('..');
    const dir = inside ? relative(moduleRoot, p.Dir) : p.Dir;
    if (!inside) {
      for (const f of [...(p.GoFiles ?? []), ...(p.SFiles ?? []), ...(p.HFiles ?? []), ...(p.EmbedFiles ?? [])]) outside[join(p.Dir, f)] = readFileSync(join(p.Dir, f), 'utf8');
    }
    const patterns = p.EmbedPatterns ?? [];
    const files = p.EmbedFiles ?? [];
    const embedFiles: Record<string, string[]> = {};
    for (const pattern of patterns) {
      embedFiles[pattern] = files.filter((f) => embedMatch(pattern, f)).map((f) => (dir === '' ? f : `${dir}/${f}`));
    }
    packages.push({
      importPath: p.ImportPath,
      dir,
      name: p.Name,
      goFiles: p.GoFiles ?? [],
      sFiles: p.SFiles ?? [],
      hFiles: p.HFiles ?? [],
      imports: p.Imports ?? [],
      embedPatterns: patterns,
      embedFiles,
    });
  }
  return { packages, std, exports, modules, outside };
}

// Enough of cmd/go's embed resolution for the fixtures: a file, a directory
// (hidden and _ files only with all:), or a path.Match glob over one level.
function embedMatch(pattern: string, file: string): boolean {
  const all = pattern.startsWith('all:');
  const p = all ? pattern.slice(4) : pattern;
  const re = new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}(/.*)?$`);
  const m = re.exec(file);
  if (!m) return false;
  if (!m[1]) return true;
  return all || !m[1].split('/').some((e) => e.startsWith('.') || e.startsWith('_'));
}

export function projectFiles(files: Record<string, string>): Record<string, string> {
  return { ...files };
}

/**
 * Runs a plan made with a host layout using the native tools, after linking
 * the std archives `go list -export` built into layout.goroot; build IDs are
 * filled in and stamped as the engine's executor does it.
 */
export async function runPlanNatively(
  plan: BuildPlan,
  version: string,
  exports: Record<string, string>,
  std: Record<string, StdPackage>,
  onStep?: (step: PlanStep, id: StepId) => void,
): Promise<Uint8Array> {
  const layout: Layout = plan.layout;
  mkdirSync(join(layout.goroot, 'pkg'), { recursive: true });
  const link = (from: string, to: string): void => {
    rmSync(to, { force: true });
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(from, to);
  };
  link(join(goroot(version), 'pkg', 'include'), join(layout.goroot, 'pkg', 'include'));
  for (const [path, file] of Object.entries(exports)) link(file, join(layout.goroot, std[path]!.archive));
  const ids = new StepIds(async (path) => new Uint8Array(readFileSync(path)));
  for (const step of plan.steps) {
    const id = await ids.of(step);
    onStep?.(step, id);
    for (const planned of step.actions) {
      const action = { ...planned, argv: planned.argv.map((a) => a.replaceAll(BUILD_ID_ARG, id.placeholder)) };
      for (const out of action.outputs) mkdirSync(dirname(out), { recursive: true });
      for (const g of action.generated) {
        mkdirSync(dirname(g.path), { recursive: true });
        if ('contents' in g) writeFileSync(g.path, g.contents);
        else copyFileSync(g.copyOf, g.path);
      }
      const [tool, ...args] = action.argv as [string, ...string[]];
      const env = { PATH: process.env.PATH ?? '', ...action.env };
      // Every pack also checks packAppend (the in-process pack) against the pack tool.
      const packed = tool === 'pack' ? packAppend(readFileSync(args[1]!), args.slice(2).map((f) => ({ name: basename(f), data: readFileSync(f) }))) : undefined;
      execFileSync(toolPath(version, tool), args, { cwd: action.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      if (packed && Buffer.compare(Buffer.from(packed), readFileSync(args[1]!)) !== 0) throw new Error(`packAppend differs from pack r for ${args[1]}`);
      packs += packed ? 1 : 0;
    }
    writeFileSync(step.output, (await stampBuildId(new Uint8Array(readFileSync(step.output)), id.placeholder, id.prefix)).data);
  }
  return readFileSync(plan.binary);
}

/** How many pack actions runPlanNatively checked against packAppend. */
export let packs = 0;

export function newHostLayout(moduleRoot: string, projectRoot = moduleRoot): { layout: Layout; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'gofn-run-'));
  void moduleRoot;
  return { root, layout: { src: projectRoot, goroot: join(root, 'goroot'), work: join(root, 'work') } };
}
