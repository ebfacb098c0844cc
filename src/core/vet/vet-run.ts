// Running the bundle's vet tool the way cmd/go's vet action does
// (cmd/go/internal/work: vetAction, vet, buildVetConfig): one run per package
// with a vet.cfg naming its files, the export data of its direct imports, and
// the facts of their own vet runs. Imports are vetted first "for facts only"
// (VetxOnly), std's facts come precomputed with the bundle. A unit whose
// dependencies do not compile is not vetted; go prints the compiler's errors.
import { yieldToEvents } from '../run/yield-events.ts';
import { exportDataHash, KeyText } from '../plan/actionid.ts';
import { planCompileSet } from '../plan/compile-set.ts';
import { DEFAULT_LAYOUT } from '../plan/plan-types.ts';
import { packageDir } from '../plan/plan-package.ts';
import { executePlan } from '../run/executor.ts';
import { hex, sha256 } from '../bytes/sha256.ts';
import type { ModuleContext } from '../module-context.ts';
import { execHost, planToolFiles, type Toolbox } from '../toolbox.ts';
import type { Diagnostic, ProgressEvent, StepTiming } from '../types.ts';
import type { MemFiles } from '../wasi/runner.ts';
import { formatVetConfig, stdVetxPath, vetConfig } from './vet-config.ts';
import type { VetUnit, VetWorld } from './vet-units.ts';
import type { LoadedPackage } from '../load/packages.ts';
import { DEFAULT_GO_MOD_VERSION } from '../plan/godebug.ts';

export interface VetFlags {
  /** vet's own flags for module packages. */
  flags: string[];
}

/** What one vet run printed; paths are as vet saw them (under /src). */
export interface VetRunOutput {
  importPath: string;
  variant: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A unit that was not vetted because a package it imports did not compile. */
export interface CompileFailure {
  importPath: string;
  diagnostics: Diagnostic[];
}

const VET_TOO_OLD = (v: string) => `the go${v} toolchain bundle has no vet tool (it was built before gofn ran go vet); rebuild it with \`npm run toolchain\``;

const enc = new TextEncoder();
const dec = new TextDecoder();
const VET_ROOT = '/vet';

export class VetRun {
  readonly timings: StepTiming[] = [];
  private readonly vfs: MemFiles = new Map();
  private readonly facts = new Map<string, Promise<string | undefined>>();
  private readonly archives = new Map<VetWorld, Promise<Map<string, string> | CompileFailure>>();
  private runs = 0;
  private worlds = 0;
  private readonly worldUnits = new Map<VetWorld, VetUnit[]>();

  constructor(
    private readonly tb: Toolbox,
    private readonly ctx: ModuleContext,
    private readonly opts: VetFlags,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Downloads what the units need from the bundle: the tools, and for every
   * standard-library package a module package imports, its archive (export
   * data is complete, so direct imports are enough) and its facts.
   */
  async prepare(units: VetUnit[], onProgress?: (e: ProgressEvent) => void): Promise<void> {
    const { ctx } = this;
    const std = ctx.manifest.std[ctx.target]!;
    // The tools the compile sets run are fetched with each set (compileWorld).
    const paths = new Set(['bin/vet.wasm', 'bin/compile.wasm']);
    for (const u of units) {
      this.worldUnits.set(u.world, [...(this.worldUnits.get(u.world) ?? []), u]);
      for (const p of u.world.packages) {
        for (const imp of p.imports) {
          if (!std[imp]) continue;
          paths.add(std[imp].archive);
          const facts = stdVetxPath(ctx.target, imp);
          if (ctx.manifest.files[facts]) paths.add(facts);
        }
      }
    }
    if (!ctx.manifest.files['bin/vet.wasm']) throw new Error(VET_TOO_OLD(ctx.goVersion));
    await this.tb.bundles.ensure(ctx.manifest, paths, onProgress, this.signal);
  }

  /** Vets one unit (its imports first, for facts); undefined output when vet printed nothing and succeeded. */
  async unit(u: VetUnit): Promise<VetRunOutput | CompileFailure> {
    const archives = await this.compile(u.world);
    if ('diagnostics' in archives) return archives;
    const out = await this.vet(u.world, u.pkg, archives, false, u.ignoredFiles);
    // An external test package needs the facts of the package it tests: this run made them.
    const key = `${u.world.key}\u0000${u.pkg.importPath}`;
    if (!this.facts.has(key)) this.facts.set(key, Promise.resolve(out.vetx));
    return { importPath: u.pkg.importPath, variant: u.variant, exitCode: out.exitCode, stdout: out.stdout, stderr: out.stderr };
  }

  /** Compiles what the world's units import from the module, once per world. */
  private compile(world: VetWorld): Promise<Map<string, string> | CompileFailure> {
    let p = this.archives.get(world);
    if (!p) {
      p = this.compileWorld(world);
      this.archives.set(world, p);
    }
    return p;
  }

  private async compileWorld(world: VetWorld): Promise<Map<string, string> | CompileFailure> {
    const { ctx, tb } = this;
    const units = this.worldUnits.get(world) ?? [];
    const modules = new Set(units.flatMap((u) => u.pkg.imports.filter((i) => world.byPath.has(i))));
    if (modules.size === 0) return new Map();
    const std = ctx.manifest.std[ctx.target]!;
    const set = planCompileSet(
      {
        goVersion: ctx.goVersion, target: ctx.target, gomod: ctx.gomod, modGodebug: ctx.gomod.godebug, packages: world.packages,
        std, godebugs: ctx.manifest.godebugs, bundleFiles: ctx.manifest.files, files: { ...ctx.files, ...world.files },
      },
      [...modules],
    );
    if (!set.ok) return { importPath: world.key || ctx.gomod.module, diagnostics: set.diagnostics };
    await tb.bundles.ensure(ctx.manifest, planToolFiles(ctx.manifest, set.plan), undefined, this.signal);
    const result = await executePlan(set.plan, { ...ctx.files, ...world.files }, execHost(tb, ctx.manifest), this.signal, ctx.gomod.module);
    this.timings.push(...result.timings);
    if (!result.ok) {
      const failed = result.timings.at(-1)?.label.replace(/^\w+ /, '') ?? world.key;
      return { importPath: failed, diagnostics: result.diagnostics };
    }
    // Worlds number their object directories alike, so each world's archives get their own folder.
    const id = ++this.worlds;
    const mounted = new Map<string, string>();
    for (const [importPath, output] of set.archives) {
      const path = `${VET_ROOT}/pkg/${id}/${importPath}.a`;
      this.vfs.set(path, result.outputs.get(output)!);
      mounted.set(importPath, path);
    }
    return mounted;
  }

  /** The facts file of an import, vetting a module package (facts only) first if needed. */
  private factsOf(world: VetWorld, path: string, archives: Map<string, string>): Promise<string | undefined> {
    if (!world.byPath.has(path)) {
      const f = `${DEFAULT_LAYOUT.goroot}/${stdVetxPath(this.ctx.target, path)}`;
      return Promise.resolve(this.ctx.manifest.files[f.slice(DEFAULT_LAYOUT.goroot.length + 1)] ? f : undefined);
    }
    const key = `${world.key}\u0000${path}`;
    let p = this.facts.get(key);
    if (!p) {
      p = this.vet(world, world.byPath.get(path)!, archives, true, []).then((r) => r.vetx);
      this.facts.set(key, p);
    }
    return p;
  }

  private async vet(world: VetWorld, pkg: LoadedPackage, archives: Map<string, string>, vetxOnly: boolean, ignored: string[]) {
    const { ctx, tb } = this;
    const vetx = new Map<string, string>();
    for (const imp of pkg.imports) {
      if (imp === 'unsafe') continue;
      const f = await this.factsOf(world, imp, archives);
      if (f) vetx.set(imp, f);
    }
    const dir = packageDir(pkg, DEFAULT_LAYOUT);
    const outDir = `${VET_ROOT}/${++this.runs}`;
    const std = ctx.manifest.std[ctx.target]!;
    const cfg = vetConfig({
      ImportPath: pkg.importPath,
      Dir: dir,
      GoFiles: pkg.goFiles.map((f) => `${dir}/${f}`),
      NonGoFiles: pkg.sFiles.map((f) => `${dir}/${f}`),
      IgnoredFiles: ignored.map((f) => `${dir}/${f}`),
      ModulePath: ctx.gomod.module,
      VetxOnly: vetxOnly,
      VetxOutput: `${outDir}/vet.out`,
      Stdout: `${outDir}/vet.stdout`,
      GoVersion: `go${ctx.gomod.go ?? DEFAULT_GO_MOD_VERSION}`,
    });
    const files: MemFiles = new Map();
    const keyText = new KeyText().add('gofn-vet-v1').add('vet', ctx.manifest.files['bin/vet.wasm']!.sha256).add('target', ctx.target).add('flags', ...this.opts.flags);
    for (const f of [...cfg.GoFiles, ...cfg.NonGoFiles, ...cfg.IgnoredFiles]) {
      const data = this.source(world, f);
      files.set(f, typeof data === 'string' ? enc.encode(data) : data);
      keyText.addFile('file', f, files.get(f)!);
    }
    for (const imp of pkg.imports) {
      cfg.ImportMap[imp] = imp;
      if (!world.byPath.has(imp)) cfg.Standard[imp] = true;
      const archive = world.byPath.has(imp) ? archives.get(imp) : std[imp] && `${DEFAULT_LAYOUT.goroot}/${std[imp].archive}`;
      if (archive) {
        cfg.PackageFile[imp] = archive;
        const data = world.byPath.has(imp) ? this.vfs.get(archive)! : await tb.bundleFile(ctx.manifest, archive.slice(DEFAULT_LAYOUT.goroot.length + 1));
        files.set(archive, data);
        keyText.add('export', imp, exportDataHash(data));
      }
      const f = vetx.get(imp);
      if (f) {
        cfg.PackageVetx[imp] = f;
        const data = f.startsWith(VET_ROOT) ? this.vfs.get(f)! : await tb.bundleFile(ctx.manifest, f.slice(DEFAULT_LAYOUT.goroot.length + 1));
        files.set(f, data);
        keyText.addFile('facts', imp, data);
      }
    }
    keyText.add('config', formatVetConfig({ ...cfg, VetxOutput: '', Stdout: '' }), String(vetxOnly));
    const cacheKey = hex(sha256(keyText.toString()));
    const t0 = performance.now();
    let outputs = await tb.cache.get(cacheKey);
    const cached = outputs !== undefined;
    if (!outputs) {
      if (this.signal) await yieldToEvents();
      this.signal?.throwIfAborted();
      files.set(`${outDir}/vet.cfg`, enc.encode(formatVetConfig(cfg)));
      const [goos, goarch] = ctx.target.split('/') as [string, string];
      const res = await tb.run(ctx.manifest, 'vet', {
        args: ['vet', ...this.opts.flags, `${outDir}/vet.cfg`], env: { GOOS: goos, GOARCH: goarch, TERM: 'dumb' }, files, cwd: dir, dirs: [outDir],
      });
      outputs = new Map([
        ['vet.out', res.written.get(cfg.VetxOutput) ?? new Uint8Array(0)],
        ['stdout', res.written.get(cfg.Stdout) ?? res.stdout],
        ['stderr', res.stderr],
        ['exit', enc.encode(String(res.exitCode))],
      ]);
      await tb.cache.put(cacheKey, outputs);
    }
    this.timings.push({ step: 'analyze', label: `vet ${pkg.importPath}${vetxOnly ? ' (facts)' : ''}`, ms: performance.now() - t0, cached });
    this.vfs.set(cfg.VetxOutput, outputs.get('vet.out')!);
    return {
      vetx: cfg.VetxOutput,
      exitCode: Number(dec.decode(outputs.get('exit'))),
      stdout: dec.decode(outputs.get('stdout')),
      stderr: dec.decode(outputs.get('stderr')),
    };
  }

  private source(world: VetWorld, abs: string): string | Uint8Array {
    const rel = abs.slice(DEFAULT_LAYOUT.src.length + 1);
    const data = world.files[rel] ?? this.ctx.files[rel];
    if (data === undefined) throw new Error(`vet: the project has no ${rel}`);
    return data;
  }
}
