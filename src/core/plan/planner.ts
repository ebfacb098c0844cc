// The build planner: turns a loaded module into the compile/asm/pack/link
// invocations `go build -trimpath` runs (cmd/go/internal/work: gc.go, exec.go,
// action.go), so that the same tools produce a byte-identical binary.
//
// Measured facts this relies on (Go 1.24.11 and 1.26.8, linux/amd64+arm64):
// - compile -c=N does not change the archive (checked on net/http, -c=1 vs 4),
//   so it is omitted: wasm tools run on one thread.
// - Build IDs are cmd/go's (go-action-id.ts): argv carries BUILD_ID_ARG and
//   the executor puts in the placeholder once the dependencies' content IDs
//   are known. The -buildid given to compile does not reach the binary when
//   the link gets -buildid=.
// - `go tool pack r` and cmd/go's internal pack (1.26 no longer ships a pack
//   binary) write the same bytes; the plan keeps a "pack" action.
// - GOROOT, pkg/include's location and $WORK names do not reach any output:
//   -trimpath rewrites them all; link runs with GOROOT="" as cmd/go does.
import { KeyText } from './actionid.ts';
import { hashSalt, linkRecipe, releaseToolIds } from './go-action-id.ts';
import { buildSettings, formatBuildInfo, modinfoLine, type BuildInfo } from './buildinfo.ts';
import { flagsFor, type FlagTarget } from './flags.ts';
import { defaultGodebug } from './godebug.ts';
import { depModules, langFlag, mainModuleGoVersion, rewriteDir } from './plan-modules.ts';
import { packageDir, packageStep } from './plan-package.ts';
import { BUILD_ID_ARG, DEFAULT_LAYOUT, type BuildPlan, type Layout, type PlanInput, type PlannedAction, type PlanResult, type PlanStep } from './plan-types.ts';
import type { LoadedPackage } from '../load/packages.ts';
import { sha256Hex } from '../bytes/sha256.ts';
import type { Diagnostic, NativeInvocation, Target } from '../types.ts';

export * from './plan-types.ts';

/** Per-target settings cmd/go passes to every tool and records in the build info. */
export function targetEnv(target: Target): { goos: string; goarch: string; archEnv?: [string, string] } {
  const [goos, goarch] = target.split('/') as [string, string];
  // cmd/dist's defaults: GOAMD64=v1, GOARM64=v8.0 (no -D GOARM64_LSE); wasm has GOWASM="" which is not recorded.
  if (goarch === 'amd64') return { goos, goarch, archEnv: ['GOAMD64', 'v1'] };
  if (goarch === 'arm64') return { goos, goarch, archEnv: ['GOARM64', 'v8.0'] };
  return { goos, goarch };
}

/** The environment each tool runs with; link gets GOROOT="" as cmd/go sets it under -trimpath. */
export function toolEnv(target: Target, goroot: string): Record<string, string> {
  const t = targetEnv(target);
  const env: Record<string, string> = { GOROOT: goroot, GOOS: t.goos, GOARCH: t.goarch };
  if (t.archEnv) env[t.archEnv[0]] = t.archEnv[1];
  return env;
}

export function planBuild(input: PlanInput): PlanResult {
  const layout: Layout = input.layout ?? DEFAULT_LAYOUT;
  const diagnostics: Diagnostic[] = [];
  const modules = new Map<string, LoadedPackage>();
  for (const p of input.packages) modules.set(p.importPath, p);
  const main = modules.get(input.main);
  if (!main) return fail(`main package ${input.main} is not among the loaded packages`);
  if (main.name !== 'main') return fail(`${input.main} is package ${main.name}, not main`);

  // Imports as cmd/go's Package.Internal.Imports: sorted imports, plus "runtime" for main (LinkerDeps).
  const importsOf = (path: string): string[] => {
    const m = modules.get(path);
    if (m) {
      const list = m.imports.filter((i) => i !== 'C');
      return path === input.main && !list.includes('runtime') ? [...list, 'runtime'] : list;
    }
    return input.std[path]?.imports ?? [];
  };
  const known = (path: string): boolean => modules.has(path) || path in input.std || path === 'unsafe';
  for (const p of input.packages) {
    for (const imp of importsOf(p.importPath)) {
      if (!known(imp)) diagnostics.push({ source: 'load', message: `package ${imp} is not in std or the module (imported by ${p.importPath})` });
    }
  }
  if (!('runtime' in input.std)) diagnostics.push({ source: 'toolchain', message: `the toolchain bundle has no runtime package for ${input.target}` });
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  // Object directories numbered like cmd/go's: pre-order from main over every import (std included).
  const objdirs = new Map<string, string>();
  const number = (path: string): void => {
    if (objdirs.has(path)) return;
    objdirs.set(path, `${layout.work}/b${String(objdirs.size + 1).padStart(3, '0')}/`);
    for (const imp of importsOf(path)) number(imp);
  };
  number(input.main);

  const archiveOf = (path: string): string | undefined => {
    if (modules.has(path)) return `${objdirs.get(path)}_pkg_.a`;
    const std = input.std[path];
    return std ? `${layout.goroot}/${std.archive}` : undefined;
  };

  // Link closure in cmd/go's order: breadth-first from main (addTransitiveLinkDeps), unsafe excluded.
  const closure: string[] = [input.main];
  const seen = new Set(closure);
  for (let i = 0; i < closure.length; i++) {
    for (const imp of importsOf(closure[i]!)) {
      if (imp === 'unsafe' || seen.has(imp)) continue;
      seen.add(imp);
      closure.push(imp);
    }
  }

  const moduleRoot = joinDir(layout.src, input.moduleDir ?? '');
  const stdFlagError = checkStdFlags(input, closure.filter((p) => !modules.has(p)), moduleRoot);
  if (stdFlagError) return { ok: false, diagnostics: [stdFlagError] };

  const goModVersion = mainModuleGoVersion(input);
  const env = toolEnv(input.target, layout.goroot);
  const t = targetEnv(input.target);
  const godebug = defaultGodebug({ goVersion: goModVersion, table: input.godebugs, modGodebug: input.modGodebug, directives: input.mainDirectives });
  const buildInfo: BuildInfo = {
    path: input.main,
    main: { path: input.gomod.module, version: '(devel)', sum: '' },
    deps: depModules(input, closure),
    settings: buildSettings({
      goos: t.goos,
      goarch: t.goarch,
      archEnv: t.archEnv,
      gcflags: input.flags.gcflags.raw,
      asmflags: input.flags.asmflags.raw,
      tags: input.flags.tags,
      defaultGodebug: godebug,
    }),
  };
  const modinfo = formatBuildInfo(buildInfo);

  const steps: PlanStep[] = [];
  const stepOf = new Map<string, PlanStep>();
  const visiting: string[] = [];
  const visit = (path: string): void => {
    if (stepOf.has(path) || !modules.has(path)) return;
    if (visiting.includes(path)) {
      const cycle = [...visiting.slice(visiting.indexOf(path)), path];
      diagnostics.push({ source: 'load', message: `import cycle not allowed: ${cycle.join(' -> ')}` });
      return;
    }
    visiting.push(path);
    for (const imp of importsOf(path)) visit(imp);
    visiting.pop();
    if (diagnostics.length > 0) return;
    const pkg = modules.get(path)!;
    const target = flagTarget(pkg, layout, path === input.main);
    const step = packageStep({
      input,
      layout,
      pkg,
      objdir: objdirs.get(path)!,
      imports: importsOf(path),
      modinfo: path === input.main ? modinfo : undefined,
      archiveOf,
      isModule: (i) => modules.has(i),
      lang: langFlag(input, path, goModVersion),
      rewriteDir: rewriteDir(input, path),
      env,
      cwd: moduleRoot,
      gcflags: flagsFor(input.flags.gcflags, target, moduleRoot),
      asmflags: flagsFor(input.flags.asmflags, target, moduleRoot),
    });
    if ('error' in step) {
      diagnostics.push(step.error);
      return;
    }
    stepOf.set(path, step);
    steps.push(step);
  };
  visit(input.main);
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  steps.push(linkStep(input, layout, objdirs.get(input.main)!, closure, archiveOf, modinfo, godebug, stepOf, moduleRoot));

  const plan: BuildPlan = {
    goVersion: input.goVersion,
    target: input.target,
    layout,
    steps,
    binary: steps[steps.length - 1]!.output,
    buildInfo,
    modinfo,
    defaultGodebug: godebug,
    native: nativeInvocation(input, main),
  };
  return { ok: true, plan };
}

/** Every action of the plan in execution order. */
export function planActions(plan: BuildPlan): PlannedAction[] {
  return plan.steps.flatMap((s) => s.actions);
}

function linkStep(
  input: PlanInput,
  layout: Layout,
  objdir: string,
  closure: string[],
  archiveOf: (p: string) => string | undefined,
  modinfo: string,
  godebug: string,
  stepOf: Map<string, PlanStep>,
  cwd: string,
): PlanStep {
  const importcfg = `${objdir}importcfg.link`;
  const output = `${objdir}exe/a.out`;
  const cfg = closure.map((p) => `packagefile ${p}=${archiveOf(p)}\n`).join('') + `${modinfoLine(modinfo)}\n`;
  const ldflags = flagsFor(input.flags.ldflags, flagTarget(findPkg(input, input.main), layout, true), cwd);
  const env = { ...toolEnv(input.target, layout.goroot), GOROOT: '' };

  const key = new KeyText().add('gofn-link-v2').add('go', input.goVersion).add('target', input.target);
  for (const [k, v] of Object.entries(env)) key.add('env', k, v);
  key.add('importcfg.link', cfg);
  const argvTail = [...(godebug ? [`-X=runtime.godebugDefault=${godebug}`] : []), '-buildmode=exe'];
  const userTail = [...ldflags, ...(ldflags.some((f) => f === '-extld' || f.startsWith('-extld=')) ? [] : ['-extld=gcc'])];
  key.add('args', ...argvTail, ...userTail);
  for (const p of closure) {
    const step = stepOf.get(p);
    if (step) key.add('package', p, step.key.staticHash);
    else key.add('std', p, archiveOf(p)!, input.bundleFiles?.[input.std[p]!.archive]?.sha256 ?? '');
  }
  const text = key.toString();
  const staticHash = sha256Hex(text);
  const argv = ['link', '-o', output, '-importcfg', importcfg, ...argvTail, `-buildid=${BUILD_ID_ARG}`, ...userTail, archiveOf(input.main)!];
  const [goos, goarch] = input.target.split('/') as [string, string];
  const actionId = linkRecipe({
    salt: hashSalt(input.goVersion),
    goos,
    goarch,
    mainPackage: input.main,
    defaultGodebug: godebug,
    tools: input.toolIds ?? releaseToolIds(input.goVersion),
    ldflags,
    deps: closure.map((p) => ({ importPath: p, archive: archiveOf(p)! })),
  });
  const archives = closure.map((p) => archiveOf(p)!);
  const action: PlannedAction = {
    tool: 'link',
    label: `link ${input.main}`,
    argv,
    env,
    cwd,
    inputs: archives,
    inputDirs: [],
    generated: [{ path: importcfg, contents: cfg }],
    outputs: [output],
  };
  const moduleArchives = closure.filter((p) => stepOf.has(p));
  return {
    kind: 'link',
    importPath: input.main,
    objdir,
    output,
    actions: [action],
    deps: moduleArchives,
    key: { text, staticHash, workInputs: moduleArchives.map((p) => ({ path: archiveOf(p)!, use: 'content' as const })) },
    actionId,
  };
}

function findPkg(input: PlanInput, path: string): LoadedPackage {
  return input.packages.find((p) => p.importPath === path)!;
}

function flagTarget(pkg: LoadedPackage, layout: Layout, cmdline: boolean): FlagTarget {
  return { importPath: pkg.importPath, dir: packageDir(pkg, layout), standard: false, cmdline };
}

// Flags aimed at std packages would need std rebuilt; the bundle's archives are fixed.
function checkStdFlags(input: PlanInput, std: string[], cwd: string): Diagnostic | undefined {
  for (const name of ['gcflags', 'asmflags'] as const) {
    for (const v of input.flags[name].values) {
      if (v.flags.length === 0 || v.pattern === undefined) continue;
      const hit = std.find((p) => flagsFor({ values: [v] }, { importPath: p, dir: `/std/${p}`, standard: true, cmdline: false }, cwd).length > 0);
      if (hit) {
        return {
          source: 'flags',
          message: `GO_BUILD_FLAGS: -${name}=${v.pattern}=… would apply to standard library packages (e.g. ${hit}), which are precompiled in the toolchain bundle; use a pattern that names only module packages`,
        };
      }
    }
  }
  return undefined;
}

function nativeInvocation(input: PlanInput, main: LoadedPackage): NativeInvocation {
  const t = targetEnv(input.target);
  const env: Record<string, string> = {
    GOOS: t.goos,
    GOARCH: t.goarch,
    CGO_ENABLED: '0',
    GOTOOLCHAIN: `go${input.goVersion}`,
    GOFLAGS: '-buildvcs=false',
    GOWORK: 'off',
  };
  if (t.archEnv) env[t.archEnv[0]] = t.archEnv[1];
  const moduleDir = input.moduleDir ?? '';
  const rel = moduleDir === '' ? main.dir : main.dir.slice(moduleDir.length + 1);
  const args = ['go', 'build', '-trimpath', ...input.flags.args, '-o', input.outputName ?? 'bootstrap', rel === '' ? '.' : `./${rel}`];
  const keep = input.keepSourcesDir ?? '.';
  return { cwd: moduleDir === '' ? keep : `${keep.replace(/\/$/, '')}/${moduleDir}`, env, args };
}

export function joinDir(root: string, rel: string): string {
  return rel === '' ? root : `${root}/${rel}`;
}

function fail(message: string): PlanResult {
  return { ok: false, diagnostics: [{ source: 'load', message }] };
}
