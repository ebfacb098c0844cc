// Compiling packages without linking them (what go vet needs: the export data
// of a vetted package's imports). The plan is planBuild's for a generated main
// that imports the packages; that main's compile and the link are dropped, so
// the steps are exactly the ones a build of those packages runs.
import { parseBuildArgs } from './flags.ts';
import { planBuild } from './planner.ts';
import type { BuildPlan, LoadedPackage, PlanInput } from './plan-types.ts';
import type { Diagnostic } from '../types.ts';

const STUB_DIR = '_gofn/compile';

export type CompileSet =
  | { ok: true; plan: BuildPlan; archives: Map<string, string> }
  | { ok: false; diagnostics: Diagnostic[] };

/** input.packages is every module package the roots may reach; roots are module import paths. */
export function planCompileSet(input: Omit<PlanInput, 'main' | 'flags'>, roots: string[]): CompileSet {
  const stub: LoadedPackage = {
    importPath: `${input.gomod.module}/${STUB_DIR}`,
    dir: STUB_DIR,
    name: 'main',
    goFiles: ['main.go'],
    sFiles: [],
    hFiles: [],
    imports: [...new Set(roots)].sort(),
    embedPatterns: [],
    embedFiles: {},
  };
  const flags = parseBuildArgs([]);
  if (!flags.ok) return flags;
  const planned = planBuild({
    ...input,
    flags: flags.flags,
    packages: [...input.packages, stub],
    main: stub.importPath,
    files: { ...input.files, [`${STUB_DIR}/main.go`]: 'package main\n' },
  });
  if (!planned.ok) return planned;
  const steps = planned.plan.steps.filter((s) => s.kind === 'package' && s.importPath !== stub.importPath);
  const archives = new Map(steps.map((s) => [s.importPath, s.output]));
  return { ok: true, plan: { ...planned.plan, steps, binary: '' }, archives };
}
