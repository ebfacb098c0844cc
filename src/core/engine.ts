// The engine: from project files to built routes, with the WASI Go toolchain.
// Hosts make one with createEngine and inject how to fetch and store; the
// steps themselves live in the files this one imports.
import { ActionCache } from './run/action-cache.ts';
import { BUILD_TOOLS, ToolchainBundles, prefetchFiles, stdClosure, targetFiles } from './bundles/bundle.ts';
import { entrySources, wrapperImports } from './wrap/entry-sources.ts';
import { unmapDiagnostics, withSafePaths } from './load/safe-paths.ts';
import { wrapperMain } from './wrap/wrapper.ts';
import { executePlan, type ExecHost } from './run/executor.ts';
import { parseBuildFlags } from './plan/flags.ts';
import { projectGoMod, synthesizedGoMod } from './project/gomod.ts';
import { helperRequest, loadProject } from './load/loader.ts';
import type { LoadedPackage, PackageModule } from './load/packages.ts';
import { modFlag } from './modules/env.ts';
import { ModuleStage } from './modules/stage.ts';
import { LoadMemo } from './load/load-memo.ts';
import { planBuild } from './plan/planner.ts';
import { execHost, planToolFiles, type Program, type Toolbox } from './toolbox.ts';
import { vetProject } from './vet/vet.ts';
import { buildTests } from './gotest/test-build.ts';
import { discoverRoutes } from './project/routes.ts';
import { digestSha256, hex } from './bytes/sha256.ts';
import { formatWithGofmt } from './run/gofmt.ts';
import { keptDirName } from './output/reproduce.ts';
import {
  DiagnosticError,
  type BlobStore, type BuildRequest, type BuildResult, type BuiltRoute, type BundleManifest, type Diagnostic, type Engine,
  type Fetcher, type ModuleListResult, type ProgressEvent, type ProjectFiles, type StepTiming, type Target, type VersionChoice,
} from './types.ts';
import { readVercelConfig } from './project/vercel-config.ts';
import { chooseVersion } from './project/versions.ts';
import type { WasiRunner } from './wasi/runner.ts';
import { ShimRunner } from './wasi/shim.ts';
import { createRunnerSelector } from './wasi/select.ts';

export interface EngineHost {
  fetcher: Fetcher;
  store: BlobStore;
  /** Where the toolchain bundles are served ("/toolchains/" in the app, a folder in Node). */
  toolchainBase: string;
  /** Which WASI runtime runs which program; the pure-JS shim by default (see README, "WASI runtimes"). */
  runnerFor?: (program: Program) => WasiRunner;
  /**
   * The module proxy used when the build env sets no GOPROXY: the app's
   * same-origin pass-through ("<base>_gofn/goproxy") in a browser, which
   * cannot read proxy.golang.org itself; https://proxy.golang.org in Node.
   */
  goproxy: string;
  /** Module settings of the host's own environment (GOPROXY, GONOSUMDB, …), under the build env. */
  moduleEnv?: Record<string, string>;
  /**
   * The app's same-origin git pass-through ("<base>_gofn/git/"): in a browser,
   * direct-mode requests to git hosts go through it (they send no CORS
   * headers). Unset in Node, which reaches the hosts itself.
   */
  gitPassThrough?: string;
  /**
   * Action-cache entries are stored without the build waiting for the
   * store (the browser's IndexedDB); a lost write only costs a recompile.
   */
  writeBehind?: boolean;
  /**
   * Compiles one of the bundle's programs (bin/*.wasm, by version and sha256)
   * from a cache that keeps compiled code between visits (the browser's
   * Cache Storage); bytes() gives the verified bytes when it has none.
   */
  compileProgram?: (version: string, sha256: string, bytes: () => Promise<Uint8Array<ArrayBuffer>>) => Promise<WebAssembly.Module>;
}

export function createEngine(host: EngineHost): Engine {
  // Std archives' build IDs are kept on record: reading them from the archives
  // is slow from IndexedDB, and took ~0.9 s of every `gofn build` from disk.
  const bundles = new ToolchainBundles({ baseUrl: host.toolchainBase, fetcher: host.fetcher, store: host.store, batchRecordWrites: host.writeBehind ?? false });
  const cache = new ActionCache(host.store, { writeBehind: host.writeBehind ?? false });
  const moduleStage = new ModuleStage(host);
  // Kept in the store too: the next visit (or gofn build) skips the helper while only bodies changed.
  const loads = new LoadMemo(host.store);
  const runnerFor = host.runnerFor ?? createRunnerSelector({ shim: new ShimRunner() });
  const modules = new Map<string, Promise<{ module: WebAssembly.Module; bytes?: Uint8Array }>>();
  const fileCache = new Map<string, Promise<Uint8Array>>();

  const bundleFile = (manifest: BundleManifest, path: string): Promise<Uint8Array> => {
    const key = `${manifest.goVersion}/${path}`;
    let p = fileCache.get(key);
    if (!p) {
      p = bundles.read(manifest, path);
      p.catch(() => fileCache.delete(key));
      fileCache.set(key, p);
    }
    return p;
  };

  const program = (manifest: BundleManifest, name: Program) => {
    const key = `${manifest.goVersion}/${name}`;
    let p = modules.get(key);
    if (!p) {
      const path = `bin/${name}.wasm`;
      const sha256 = manifest.files[path]?.sha256;
      p = host.compileProgram && sha256
        ? host.compileProgram(manifest.goVersion, sha256, () => bundleFile(manifest, path) as Promise<Uint8Array<ArrayBuffer>>).then((module) => ({ module }))
        : bundleFile(manifest, path).then(async (bytes) => ({ module: await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>), bytes }));
      p.catch(() => modules.delete(key));
      modules.set(key, p);
    }
    return p;
  };

  const run = async (manifest: BundleManifest, name: Program, req: Omit<Parameters<WasiRunner['run']>[0], 'module'>) => {
    const { module, bytes } = await program(manifest, name);
    return runnerFor(name).run({ ...req, module, wasm: bytes });
  };

  async function available(): Promise<string[]> {
    return bundles.versions();
  }

  const toolbox: Toolbox = { bundles, cache, available, bundleFile, program, run };

  async function build(req: BuildRequest, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<BuildResult> {
    const timings: StepTiming[] = [];
    const timed = async <T>(step: StepTiming['step'], label: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        timings.push({ step, label, ms: performance.now() - t0, cached: false });
      }
    };
    let version: VersionChoice | undefined;
    const fail = (diagnostics: Diagnostic[], goVersion?: string): BuildResult => ({ ok: false, goVersion, ...(version ? { version } : {}), target: req.target, diagnostics, timings });
    const { files, target } = req;

    const { routes, diagnostics: routeProblems } = discoverRoutes(Object.keys(files));
    // go.mod is read here only far enough to pick a toolchain; the helper's
    // golang.org/x/mod parse is the authority and words go.mod's errors.
    const mod = projectGoMod(files);
    const vercel = readVercelConfig(files);
    const early = [...routeProblems, ...vercel.diagnostics];
    if (early.length) return fail(early);
    const selected = req.entries ? routes.filter((r) => req.entries!.includes(r.entry)) : routes;
    if (selected.length === 0) {
      return fail([{ source: 'routes', message: req.entries ? `no entrypoint named ${req.entries.join(', ')}` : 'no entrypoints: add a Go file under api/ (for example api/index.go) that exports a func(http.ResponseWriter, *http.Request)' }]);
    }

    let versions: string[];
    try {
      versions = await available();
    } catch (e) {
      return fail([toDiagnostic(e)]);
    }
    const choice = chooseVersion(mod.info, versions);
    if ('error' in choice) return fail([choice.error]);
    version = choice;
    const goVersion = choice.version;
    const env = moduleStage.env({ ...vercel.config.buildEnv, ...req.env });
    const flags = parseBuildFlags(env['GO_BUILD_FLAGS']);
    if (!flags.ok) return fail(flags.diagnostics, goVersion);

    // A project without go.mod gets one, written into the kept sources too.
    const gomod = mod.info.synthesized ? { ...mod.info, go: goVersion.split('.').slice(0, 2).join('.') } : mod.info;
    const projectFiles: ProjectFiles = mod.info.synthesized ? { ...files, 'go.mod': synthesizedGoMod(goVersion) } : files;

    try {
      const manifest = await timed('setup', 'manifest', () => bundles.manifest(goVersion));
      const std = manifest.std[target];
      if (!std) return fail([{ source: 'toolchain', message: `the go${goVersion} bundle has no standard library for ${target}` }], goVersion);
      const [goos, goarch] = target.split('/') as [string, string];
      await timed('setup', 'helper download', () => bundles.ensure(manifest, ['bin/gofn-helper.wasm'], onProgress, signal));
      onProgress?.({ kind: 'build', loaded: 0, total: selected.length, message: `loading packages (go${goVersion}, ${target})` });
      const request = helperRequest({
        modulePath: gomod.module, goos, goarch, tags: flags.flags.tags, goVersion: gomod.go,
        entries: selected.map((r) => r.entry), std: Object.keys(std),
      });
      // GOFLAGS=-mod=mod lets go build update go.mod itself: the same as --tidy.
      const tidy = (req.tidy ?? false) || modFlag(env['GOFLAGS'] ?? '') === 'mod';
      // The helper's own sha256: a stored load from another helper is not reused.
      const settings = { request, env, toolchain: goVersion, helper: manifest.files['bin/gofn-helper.wasm']?.sha256, tidy };
      const t0 = performance.now();
      let loaded = await loads.recall(target, projectFiles, settings);
      if (loaded) timings.push({ step: 'load', label: 'load packages (reused: only function bodies changed)', ms: performance.now() - t0, cached: false });
      else {
        const helper = await timed('tools', 'gofn-helper', () => program(manifest, 'gofn-helper'));
        loaded = await timed('load', 'load packages', () =>
          moduleStage.load(projectFiles, request, { run: (r) => run(manifest, 'gofn-helper', r), helper: helper.module, env, toolchain: goVersion, tidy, onProgress, signal }),
        );
        loads.remember(target, projectFiles, settings, loaded);
      }
      const load = loaded.result;
      const report = loaded.report;
      if (!load.ok) return { ...fail(load.diagnostics, goVersion), modules: report };
      if (report.proposal?.applied) {
        // Build again from the tidied go.mod/go.sum, so the go line, the toolchain and the kept sources all follow them.
        const again = await build({ ...req, tidy: false, files: { ...files, 'go.mod': report.proposal.goMod, 'go.sum': report.proposal.goSum } }, onProgress, signal);
        const fetched = { requests: report.fetched.requests + (again.modules?.fetched.requests ?? 0), bytes: report.fetched.bytes + (again.modules?.fetched.bytes ?? 0) };
        return { ...again, timings: [...timings, ...again.timings], modules: { ...(again.modules ?? report), fetched, proposal: report.proposal } };
      }
      const depModules: Record<string, PackageModule> = {};
      for (const p of load.packages) if (p.module) depModules[p.importPath] = p.module;

      // Everything the tools may read, fetched before the first compile so progress is one bar.
      const wrapperStd = wrapperImports(wrapperMain(target, { importPath: gomod.module, handler: 'Handler' })).filter((p) => p in std);
      const closure = stdClosure(manifest, target, [...load.stdImports, ...wrapperStd]);
      // compile and link always run; asm and its headers only for a plan with assembly (ensured below).
      await timed('setup', 'downloads', () => bundles.ensure(manifest, ['bin/compile.wasm', 'bin/link.wasm', ...closure.archives], onProgress, signal));

      const exec: ExecHost = execHost(toolbox, manifest);

      const built: BuiltRoute[] = [];
      const kept: ProjectFiles = {};
      for (const [i, route] of selected.entries()) {
        const entry = load.entries.find((e) => e.entry === route.entry);
        if (!entry) throw new Error(`engine: the loader did not analyze ${route.entry}`);
        onProgress?.({ kind: 'build', loaded: i, total: selected.length, message: `building ${route.route} (${target})` });
        const tPlan = performance.now();
        const safe = withSafePaths(projectFiles, load.packages, load.entries, gomod.module);
        if (safe.clash) return fail([safe.clash], goVersion);
        const safeEntry = safe.entries[load.entries.indexOf(entry)]!;
        const sources = entrySources(safe.files, gomod.module, route, safeEntry, safe.entries, target);
        const packages: LoadedPackage[] = [...safe.packages, sources.main];
        const routeDir = req.keepSourcesDir ? `${req.keepSourcesDir.replace(/\/$/, '')}/${keptDirName(route.route)}` : undefined;
        const buildFiles = { ...sources.files, ...loaded.depFiles };
        const planned = planBuild({
          goVersion, target, gomod, modGodebug: gomod.godebug, packages, modules: depModules, main: sources.main.importPath, std, godebugs: manifest.godebugs,
          bundleFiles: manifest.files, toolIds: manifest.toolIds?.[target], flags: flags.flags, files: buildFiles, keepSourcesDir: routeDir, outputName: 'bootstrap',
        });
        timings.push({ step: 'setup', label: `plan ${route.route}`, ms: performance.now() - tPlan, cached: false });
        if (!planned.ok) return fail(planned.diagnostics, goVersion);
        await timed('setup', 'downloads', () => bundles.ensure(manifest, planToolFiles(manifest, planned.plan), onProgress, signal));
        const result = await executePlan(planned.plan, buildFiles, exec, signal, gomod.module);
        timings.push(...result.timings);
        if (!result.ok) return fail(unmapDiagnostics(result.diagnostics, safe.original), goVersion);
        const sha256 = hex(await timed('hash', 'output sha256', () => digestSha256(result.binary)));
        built.push({
          ...route, handler: entry.handler, target, binary: result.binary, sha256,
          ...(result.buildId ? { buildId: result.buildId } : {}), native: planned.plan.native, timings: result.timings,
        });
        if (req.keepSourcesDir) {
          for (const [path, data] of Object.entries(sources.files)) kept[`${keptDirName(route.route)}/${path}`] = data;
        }
      }
      onProgress?.({ kind: 'build', loaded: selected.length, total: selected.length, message: 'done' });
      return { ok: true, goVersion, version: choice, target, routes: built, timings, modules: report, ...(req.keepSourcesDir ? { keptSources: kept } : {}) };
    } catch (e) {
      if (signal?.aborted) throw e;
      if (e instanceof DiagnosticError) return fail(e.diagnostics, goVersion);
      throw e;
    }
  }

  async function listModules(req: { files: ProjectFiles; env?: Record<string, string> }, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<ModuleListResult> {
    const mod = projectGoMod(req.files);
    let goVersion: string | undefined;
    try {
      const choice = chooseVersion(mod.info, await available());
      if ('error' in choice) return { ok: false, diagnostics: [choice.error] };
      goVersion = choice.version;
      const manifest = await bundles.manifest(goVersion);
      await bundles.ensure(manifest, ['bin/gofn-helper.wasm'], onProgress, signal);
      const files = mod.info.synthesized ? { ...req.files, 'go.mod': synthesizedGoMod(goVersion) } : req.files;
      const std = Object.keys(manifest.std['linux/amd64'] ?? {});
      const loaded = await moduleStage.load(files, helperRequest({ modulePath: mod.info.module || 'example.com/m', goos: 'linux', goarch: 'amd64', entries: [], std }), {
        run: (r) => run(manifest, 'gofn-helper', r),
        helper: (await program(manifest, 'gofn-helper')).module,
        env: { ...readVercelConfig(req.files).config.buildEnv, ...req.env },
        toolchain: goVersion, tidy: false, listOnly: true, onProgress, signal,
      });
      if (!loaded.result.ok) return { ok: false, goVersion, diagnostics: loaded.result.diagnostics, modules: loaded.report };
      return { ok: true, goVersion, modules: loaded.report };
    } catch (e) {
      if (signal?.aborted) throw e;
      return { ok: false, goVersion, diagnostics: [toDiagnostic(e)] };
    }
  }

  return {
    available,
    listModules,
    async chooseVersion(files) {
      const mod = projectGoMod(files);
      if (mod.diagnostics.length) return { error: mod.diagnostics[0]! };
      try {
        return chooseVersion(mod.info, await available());
      } catch (e) {
        return { error: toDiagnostic(e) };
      }
    },
    async ensureToolchain(version, targets, onProgress, signal, opts) {
      const manifest = await bundles.manifest(version);
      // The tools every build runs now (go vet, gofmt and asm when first used,
      // unless everything is asked for); each target's std archives as builds need them.
      const paths = opts?.everything ? [...targetFiles(manifest, []), ...prefetchFiles(manifest, targets)] : prefetchFiles(manifest, targets);
      // Compiling the tools' wasm takes a while: started as each tool is stored
      // (or now, when stored before), rather than on the first edit, but not
      // waited for — a build whose steps are all cached runs only the helper,
      // and WebAssembly compiles on other threads.
      const warm = (path: string): void => {
        const tool = /^bin\/(gofn-helper|compile|link)\.wasm$/.exec(path)?.[1] as Program | undefined;
        if (tool) void program(manifest, tool).catch(() => undefined);
      };
      await bundles.ensure(manifest, paths, onProgress, signal, warm);
      BUILD_TOOLS.forEach(warm);
    },
    vet: (req, onProgress, signal) => vetProject(toolbox, req, onProgress, signal),
    buildTests: (req, onProgress, signal) => buildTests(toolbox, req, onProgress, signal),
    cached: () => bundles.cached(),
    evict: (version) => bundles.evict(version),
    build,
    async format(version, file, source) {
      const manifest = await bundles.manifest(version);
      await bundles.ensure(manifest, ['bin/gofmt.wasm']);
      return formatWithGofmt((r) => run(manifest, 'gofmt', r), file, source);
    },
  };
}


function toDiagnostic(e: unknown): Diagnostic {
  if (e instanceof DiagnosticError) return e.diagnostics[0]!;
  return { source: 'toolchain', message: e instanceof Error ? e.message : String(e) };
}
