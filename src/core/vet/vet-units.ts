// What go vet runs the vet tool on (cmd/go/internal/vet: run): for every
// package ./... names, the package with its internal test files ("ptest"),
// and the external test package when there is one. Each unit belongs to a
// "world": the module's packages as that unit's dependencies were compiled
// (a package's test variant replaces it in its own test world).
import type { ListedPackage } from '../load/list.ts';
import type { LoadedPackage } from '../load/packages.ts';
import { strip, testWorld } from '../gotest/test-packages.ts';
import type { ProjectFiles } from '../types.ts';

export interface VetWorld {
  /** "" for the module as built; a package's import path for its test world. */
  key: string;
  packages: LoadedPackage[];
  byPath: Map<string, LoadedPackage>;
  /** Generated files the world's packages read. */
  files: ProjectFiles;
}

export interface VetUnit {
  /** The package ./... named that this unit vets (with its tests). */
  root: string;
  world: VetWorld;
  pkg: LoadedPackage;
  /** cmd/go shows test variants as "# p" then "# [p]". */
  variant: boolean;
  ignoredFiles: string[];
}

export function vetUnits(listed: ListedPackage[], modulePath: string): VetUnit[] {
  const plainPackages = listed.map(strip);
  const plain: VetWorld = { key: '', packages: plainPackages, byPath: new Map(plainPackages.map((p) => [p.importPath, p])), files: {} };
  const units: VetUnit[] = [];
  const roots = listed.filter((p) => p.root).sort((a, b) => (a.importPath < b.importPath ? -1 : a.importPath > b.importPath ? 1 : 0));
  for (const root of roots) {
    const hasTests = root.testGoFiles.length + root.xtestGoFiles.length > 0;
    const t = hasTests ? testWorld(listed, root, modulePath) : undefined;
    const world: VetWorld = t ? { key: root.importPath, packages: t.packages, byPath: new Map(t.packages.map((p) => [p.importPath, p])), files: t.files } : plain;
    const ptest = t?.ptest ?? world.byPath.get(root.importPath)!;
    if (ptest.goFiles.length > 0) units.push({ root: root.importPath, world, pkg: ptest, variant: t?.ptestIsVariant ?? false, ignoredFiles: root.ignoredFiles });
    if (t?.pxtest) units.push({ root: root.importPath, world, pkg: t.pxtest, variant: true, ignoredFiles: [] });
  }
  return units;
}
