// Building what `go test ./...` runs (cmd/go/internal/test: builderTest):
// for every package, vet with go test's analyzers (a finding fails the
// package, "[build failed]"), then the test binary for wasip1 — or, for a
// package without test files, just its compile. gotest/run-tests.ts runs them.
import { formatDiagnostic, type Diagnostic, type ProgressEvent, type TestBuildRequest, type TestBuildResult, type TestPackageBuild } from '../types.ts';
import { loadModule, type ModuleContext } from '../module-context.ts';
import { planCompileSet } from '../plan/compile-set.ts';
import { planTestBinary } from '../plan/test-binary.ts';
import type { PlanInput } from '../plan/plan-types.ts';
import { executePlan } from '../run/executor.ts';
import { execHost, planBundleFiles, planToolFiles, type Toolbox } from '../toolbox.ts';
import { vetReport } from '../vet/vet-output.ts';
import { VetRun } from '../vet/vet-run.ts';
import { vetUnits } from '../vet/vet-units.ts';
import { projectPaths, vetAll } from '../vet/vet.ts';
import type { ListedPackage } from '../load/list.ts';
import { strip, testWorld } from './test-packages.ts';
import { hasModulePathVar } from './testmain.ts';
import type { StepTiming } from '../types.ts';

/** go test's vet analyzers (cmd/go/internal/test: defaultVetFlags; the same in Go 1.24 and 1.26). */
export const TEST_VET_FLAGS = ['-atomic', '-bool', '-buildtags', '-directive', '-errorsas', '-ifaceassert', '-nilfunc', '-printf', '-slog', '-stringintconv', '-tests'];

export async function buildTests(tb: Toolbox, req: TestBuildRequest, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<TestBuildResult> {
  const loaded = await loadModule(tb, req.files, 'wasip1/wasm', onProgress, signal);
  if (!loaded.ok) return { ok: false, goVersion: loaded.goVersion, diagnostics: loaded.diagnostics, timings: [] };
  const { ctx } = loaded;
  const timings: StepTiming[] = [];
  const roots = ctx.packages.filter((p) => p.root).sort((a, b) => (a.importPath < b.importPath ? -1 : a.importPath > b.importPath ? 1 : 0));

  const vet = new VetRun(tb, ctx, { flags: TEST_VET_FLAGS }, signal);
  const units = vetUnits(ctx.packages, ctx.gomod.module);
  const vetResults = await vetAll(vet, units, onProgress);
  timings.push(...vet.timings);
  const paths = projectPaths(ctx);

  const out: TestPackageBuild[] = [];
  for (const [i, root] of roots.entries()) {
    signal?.throwIfAborted();
    onProgress?.({ kind: 'build', loaded: i, total: roots.length, message: `building the test binary of ${root.importPath}` });
    const base = { importPath: root.importPath, dir: ctx.original.get(root.dir) ?? root.dir };
    const report = vetReport(vetResults.filter((r) => r.unit.root === root.importPath).map((r) => r.result), false, paths);
    if (report.exitCode !== 0) {
      out.push({ ...base, status: 'failed', output: report.text, diagnostics: report.findings });
      continue;
    }
    const built = root.tests ? await buildBinary(tb, ctx, root, signal) : await compileOnly(tb, ctx, root, signal);
    timings.push(...built.timings);
    if (!built.ok) out.push({ ...base, status: 'failed', output: built.output, diagnostics: built.diagnostics });
    else if (!root.tests) out.push({ ...base, status: 'none', output: '', diagnostics: [] });
    else out.push({ ...base, status: 'built', binary: built.binary, output: '', diagnostics: [] });
  }
  onProgress?.({ kind: 'build', loaded: roots.length, total: roots.length, message: 'done' });
  return { ok: true, goVersion: ctx.goVersion, packages: out, timings };
}

type Built = { ok: true; binary: Uint8Array; timings: StepTiming[] } | { ok: false; output: string; diagnostics: Diagnostic[]; timings: StepTiming[] };

function planInput(ctx: ModuleContext): Omit<PlanInput, 'main' | 'flags' | 'packages' | 'files'> {
  return {
    goVersion: ctx.goVersion, target: ctx.target, gomod: ctx.gomod, modGodebug: ctx.gomod.godebug,
    std: ctx.manifest.std[ctx.target]!, godebugs: ctx.manifest.godebugs, bundleFiles: ctx.manifest.files,
  };
}

async function buildBinary(tb: Toolbox, ctx: ModuleContext, root: ListedPackage, signal?: AbortSignal): Promise<Built> {
  const testdeps = ctx.manifest.std[ctx.target]!['testing/internal/testdeps']!.archive;
  await tb.bundles.ensure(ctx.manifest, [testdeps], undefined, signal);
  const world = testWorld(ctx.packages, root, ctx.gomod.module, hasModulePathVar(await tb.bundleFile(ctx.manifest, testdeps)));
  const files = { ...ctx.files, ...world.files };
  const planned = planTestBinary({ ...planInput(ctx), packages: world.packages, files, testmain: world.testmain! });
  if (!planned.ok) return { ok: false, output: planned.diagnostics.map(formatDiagnostic).join('\n') + '\n', diagnostics: planned.diagnostics, timings: [] };
  await tb.bundles.ensure(ctx.manifest, [...planBundleFiles(planned.plan), ...planToolFiles(ctx.manifest, planned.plan)], undefined, signal);
  const result = await executePlan(planned.plan, files, execHost(tb, ctx.manifest), signal, ctx.gomod.module);
  if (result.ok) return { ok: true, binary: result.binary, timings: result.timings };
  // go names the failed package as cmd/go's Desc does: test variants carry " [p.test]".
  const failed = result.timings.at(-1)?.label.replace(/^\w+ /, '') ?? root.importPath;
  const variant = failed === root.importPath ? world.ptestIsVariant : failed === `${root.importPath}_test`;
  const header = `# ${failed}${variant ? ` [${root.importPath}.test]` : ''}`;
  return { ok: false, ...compileErrors(header, result.diagnostics, ctx), timings: result.timings };
}

async function compileOnly(tb: Toolbox, ctx: ModuleContext, root: ListedPackage, signal?: AbortSignal): Promise<Built> {
  const files = ctx.files;
  const set = planCompileSet({ ...planInput(ctx), packages: ctx.packages.map(strip), files }, [root.importPath]);
  if (!set.ok) return { ok: false, output: set.diagnostics.map(formatDiagnostic).join('\n') + '\n', diagnostics: set.diagnostics, timings: [] };
  await tb.bundles.ensure(ctx.manifest, [...planBundleFiles(set.plan), ...planToolFiles(ctx.manifest, set.plan)], undefined, signal);
  const result = await executePlan(set.plan, files, execHost(tb, ctx.manifest), signal, ctx.gomod.module);
  if (result.ok) return { ok: true, binary: new Uint8Array(0), timings: result.timings };
  const failed = result.timings.at(-1)?.label.replace(/^\w+ /, '') ?? root.importPath;
  return { ok: false, ...compileErrors(`# ${failed}`, result.diagnostics, ctx), timings: result.timings };
}

function compileErrors(header: string, diagnostics: Diagnostic[], ctx: ModuleContext): { output: string; diagnostics: Diagnostic[] } {
  const mapped = diagnostics.map((d) => (d.location ? { ...d, location: { ...d.location, file: ctx.original.get(d.location.file) ?? d.location.file } } : d));
  return { output: [header, ...mapped.map(formatDiagnostic)].join('\n') + '\n', diagnostics: mapped };
}
