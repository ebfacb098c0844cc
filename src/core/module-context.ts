// What go vet and go test start from: the project's Go version and bundle,
// its go.mod, and every package of the module with its test files
// (gofn-helper list), with bracketed route names made buildable as builds
// make them (load/safe-paths.ts).
import { listProject, type ListedPackage } from './load/list.ts';
import { safePath, safeSegment, withSafePaths } from './load/safe-paths.ts';
import { projectGoMod, synthesizedGoMod } from './project/gomod.ts';
import { chooseVersion } from './project/versions.ts';
import type { Toolbox } from './toolbox.ts';
import { DiagnosticError, type BundleManifest, type Diagnostic, type GoModInfo, type ProgressEvent, type ProjectFiles, type Target } from './types.ts';

export interface ModuleContext {
  goVersion: string;
  manifest: BundleManifest;
  target: Target;
  gomod: GoModInfo;
  /** The project's files under build names, go.mod included (synthesized when missing). */
  files: ProjectFiles;
  /** Dependencies first; roots are the packages ./... names. */
  packages: ListedPackage[];
  /** Build path → project path, for positions in output. */
  original: Map<string, string>;
}

export type ModuleLoad = { ok: true; ctx: ModuleContext } | { ok: false; goVersion?: string; diagnostics: Diagnostic[] };

export async function loadModule(
  tb: Toolbox,
  projectFiles: ProjectFiles,
  target: Target,
  onProgress?: (e: ProgressEvent) => void,
  signal?: AbortSignal,
): Promise<ModuleLoad> {
  const mod = projectGoMod(projectFiles);
  if (mod.diagnostics.length) return { ok: false, diagnostics: mod.diagnostics };
  const required = requiresModules(projectFiles['go.mod']);
  if (required) {
    return {
      ok: false,
      diagnostics: [{
        source: 'module',
        message: `go vet and go test do not load dependency modules yet, and go.mod requires ${required}; gofn build and the preview do`,
        location: { file: 'go.mod', line: 0, column: 0 },
      }],
    };
  }
  let goVersion: string | undefined;
  try {
    const choice = chooseVersion(mod.info, await tb.available());
    if ('error' in choice) return { ok: false, diagnostics: [choice.error] };
    goVersion = choice.version;
    const gomod = mod.info.synthesized ? { ...mod.info, go: goVersion.split('.').slice(0, 2).join('.') } : mod.info;
    const files: ProjectFiles = mod.info.synthesized ? { ...projectFiles, 'go.mod': synthesizedGoMod(goVersion) } : projectFiles;
    const manifest = await tb.bundles.manifest(goVersion);
    const std = manifest.std[target];
    if (!std) return { ok: false, goVersion, diagnostics: [{ source: 'toolchain', message: `the go${goVersion} bundle has no standard library for ${target}` }] };
    await tb.bundles.ensure(manifest, ['bin/gofn-helper.wasm'], onProgress, signal);
    const [goos, goarch] = target.split('/') as [string, string];
    const listed = await listProject((r) => tb.run(manifest, 'gofn-helper', r), (await tb.program(manifest, 'gofn-helper')).module, files, {
      modulePath: gomod.module, goos, goarch, goVersion: gomod.go, std: Object.keys(std),
    });
    if (!listed.ok) return { ok: false, goVersion, diagnostics: listed.diagnostics };
    const safe = withSafePaths(files, listed.packages, [], gomod.module);
    if (safe.clash) return { ok: false, goVersion, diagnostics: [safe.clash] };
    const importPath = (p: string) => (p === gomod.module || p.startsWith(gomod.module + '/') ? safePath(p) : p);
    const packages = listed.packages.map((p, i): ListedPackage => ({
      ...p,
      ...safe.packages[i]!,
      ignoredFiles: p.ignoredFiles.map(safeSegment),
      testGoFiles: p.testGoFiles.map(safeSegment),
      xtestGoFiles: p.xtestGoFiles.map(safeSegment),
      testImports: p.testImports.map(importPath),
      xtestImports: p.xtestImports.map(importPath),
      testEmbedFiles: mapValues(p.testEmbedFiles, safePath),
      xtestEmbedFiles: mapValues(p.xtestEmbedFiles, safePath),
    }));
    return { ok: true, ctx: { goVersion, manifest, target, gomod, files: safe.files, packages, original: safe.original } };
  } catch (e) {
    if (signal?.aborted) throw e;
    if (e instanceof DiagnosticError) return { ok: false, goVersion, diagnostics: e.diagnostics };
    throw e;
  }
}

/** The first module go.mod requires, if any (a quick look; the build's helper reads go.mod for real). */
function requiresModules(gomod: string | Uint8Array | undefined): string | undefined {
  if (gomod === undefined) return undefined;
  const text = typeof gomod === 'string' ? gomod : new TextDecoder().decode(gomod);
  const m = /^require\s*(?:\(\s*(?:\/\/[^\n]*\s*)*)?([^\s()]+)/m.exec(text);
  return m?.[1];
}

function mapValues(m: Record<string, string[]>, f: (s: string) => string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map(f)]));
}

/** The Go minor version of a bundle ("1.26.8" → 26). */
export function goMinor(goVersion: string): number {
  return Number(goVersion.split('.')[1] ?? 0);
}
