// Which standard-library archives a build needs, from a bundle's import graph.
import type { BundleManifest, Target } from '../types.ts';

/** Packages every program links even when no source imports them (cmd/go's LinkerDeps without cgo, race, cover). */
export const linkerDeps = ['runtime'];

/** The compiler provides unsafe itself; it has no archive. ("C" is absent: cgo is off.) */
const builtin = new Set(['unsafe']);

export interface StdClosure {
  /**
   * Std packages reachable from the imports plus the linker's own deps, in
   * breadth-first order from the roots (the order cmd/go's importcfg.link lists them).
   */
  packages: string[];
  /** Archive path in the bundle for each of packages, same order. */
  archives: string[];
  /** Roots that are not standard-library packages of this target. */
  missing: string[];
}

export function stdClosure(manifest: BundleManifest, target: Target, imports: Iterable<string>, withLinkerDeps = true): StdClosure {
  const graph = manifest.std[target];
  if (!graph) throw new Error(`the go${manifest.goVersion} bundle has no standard library for ${target}`);
  const roots = [...imports, ...(withLinkerDeps ? linkerDeps : [])];
  const seen = new Set<string>();
  const packages: string[] = [];
  const missing: string[] = [];
  const queue: string[] = [];
  for (const root of roots) {
    if (builtin.has(root) || seen.has(root)) continue;
    if (!graph[root]) {
      if (!missing.includes(root)) missing.push(root);
      continue;
    }
    seen.add(root);
    queue.push(root);
  }
  for (let i = 0; i < queue.length; i++) {
    const path = queue[i]!;
    packages.push(path);
    for (const imp of graph[path]!.imports) {
      if (seen.has(imp) || builtin.has(imp)) continue;
      seen.add(imp);
      queue.push(imp);
    }
  }
  return { packages, archives: packages.map((p) => graph[p]!.archive), missing };
}

/** True for std packages a module may import: not internal, not std's vendored copies. */
export function isImportableStd(manifest: BundleManifest, target: Target, path: string): boolean {
  if (builtin.has(path)) return true;
  if (!manifest.std[target]?.[path]) return false;
  return !path.startsWith('vendor/') && !/(^|\/)internal(\/|$)/.test(path);
}
