// A planner fixture written to disk, loaded with `go list` and ready to plan
// on any layout: what the planner and action-ID tests start from.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGodebugs } from '../../toolchain/godebugs.ts';
import { parseBuildFlags } from '../../src/core/plan/flags.ts';
import { parseGoMod, projectGoMod, synthesizedGoMod } from '../../src/core/project/gomod.ts';
import { planBuild, type BuildPlan, type Layout, type PlanInput } from '../../src/core/plan/planner.ts';
import type { Target } from '../../src/core/types.ts';
import type { PlannerFixture } from './planner-fixtures.ts';
import { goroot, loadWithGoList, writeTree } from './planner-native.ts';

/** Writes the fixture (into reuse when given, else a new directory it adds to cleanup) and loads it. */
export async function prepare(fx: PlannerFixture, version: string, target: Target, cleanup: string[], reuse?: string) {
  const files = { ...fx.files };
  if (fx.noGoMod) files['go.mod'] = synthesizedGoMod(version);
  const dir = reuse ?? writeTree(files);
  if (reuse) for (const [path, contents] of Object.entries(files)) writeFileSync(join(reuse, path), contents);
  else cleanup.push(dir);
  const parsed = parseBuildFlags(fx.flags);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  const flags = parsed.flags;
  const loaded = loadWithGoList(version, dir, fx.main, target, flags.tags);
  const gomod = fx.noGoMod ? projectGoMod(fx.files).info : parseGoMod(files['go.mod']!).info;
  const main = loaded.packages.find((p) => p.dir === fx.main)!;
  const godebugs = await readGodebugs(goroot(version));
  const input = (layout: Layout): PlanInput => ({
    goVersion: version,
    target,
    gomod,
    modGodebug: fx.modGodebug,
    packages: loaded.packages,
    modules: loaded.modules,
    main: main.importPath,
    std: loaded.std,
    godebugs,
    flags,
    files: { ...files, ...loaded.outside },
    layout,
    outputName: 'ref.bin',
  });
  const plan = (layout: Layout): BuildPlan => {
    const r = planBuild(input(layout));
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    return r.plan;
  };
  return { dir, flags, loaded, plan, input };
}
