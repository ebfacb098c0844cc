// The standard library of one target, compiled by `go list -export`. That
// runs the very compile actions `go build -trimpath` runs (same flags, DWARF
// kept), so the export files it reports are the archives a native build links;
// README.md records how that was checked.
import type { StdPackage, Target } from '../src/core/types.ts';
import { GoCommand, parseJsonStream } from './go-command.ts';

export interface ListedPackage {
  ImportPath: string;
  Dir?: string;
  GoFiles?: string[];
  SFiles?: string[];
  Export?: string;
  Imports?: string[];
  ImportMap?: Record<string, string>;
  Standard?: boolean;
  Error?: { Err: string };
}

export interface StdTarget {
  target: Target;
  /** Import path → package, as the manifest records it. */
  packages: Record<string, StdPackage>;
  /** Bundle path → export file in the Go build cache. */
  sources: Map<string, string>;
  /** What go list printed for each package with an archive, dependencies first (std-vetx.ts reads their sources). */
  listed: ListedPackage[];
}

export const targets: Target[] = ['linux/amd64', 'linux/arm64', 'wasip1/wasm'];

export function archiveDir(target: Target): string {
  return `pkg/${target.replace('/', '_')}`;
}

export async function listStd(go: GoCommand, target: Target, cwd: string): Promise<StdTarget> {
  const [goos, goarch] = target.split('/') as [string, string];
  const out = await go.run({
    args: ['list', '-e', '-trimpath', '-export', '-deps', '-json=ImportPath,Dir,GoFiles,SFiles,Export,Imports,ImportMap,Standard,Error', 'std'],
    cwd,
    env: { GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0' },
  });
  const listed = parseJsonStream<ListedPackage>(out.toString());
  const packages: Record<string, StdPackage> = {};
  const sources = new Map<string, string>();
  const kept: ListedPackage[] = [];
  // Packages with only test files (internal/copyright, …) list without an
  // export file; unsafe has none because the compiler provides it.
  for (const p of listed) {
    if (!p.Standard) throw new Error(`go list std reported non-standard package ${p.ImportPath}`);
    if (!p.Export) continue;
    if (p.Error) throw new Error(`std package ${p.ImportPath} for ${target}: ${p.Error.Err}`);
    const archive = `${archiveDir(target)}/${p.ImportPath}.a`;
    // Imports are already resolved through ImportMap ("vendor/golang.org/x/…"),
    // which is how both the archives and the link importcfg name them.
    packages[p.ImportPath] = { archive, imports: (p.Imports ?? []).filter((i) => i !== 'unsafe') };
    sources.set(archive, p.Export);
    kept.push(p);
  }
  for (const [path, pkg] of Object.entries(packages)) {
    for (const imp of pkg.imports) {
      if (!packages[imp]) throw new Error(`std package ${path} for ${target} imports ${imp}, which has no archive`);
    }
  }
  return { target, packages: sortRecord(packages), sources, listed: kept };
}

export function sortRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
