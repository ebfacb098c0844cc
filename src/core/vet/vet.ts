// `go vet ./...`: list the module, vet each package and its tests with the
// bundle's vet tool, and print what go vet prints.
import { goMinor, loadModule, type ModuleContext } from '../module-context.ts';
import { DEFAULT_LAYOUT } from '../plan/plan-types.ts';
import type { Toolbox } from '../toolbox.ts';
import type { ProgressEvent, VetRequest, VetResult } from '../types.ts';
import { vetReport, type PathMapper } from './vet-output.ts';
import { VetRun, type CompileFailure, type VetRunOutput } from './vet-run.ts';
import { vetUnits, type VetUnit } from './vet-units.ts';

export async function vetProject(tb: Toolbox, req: VetRequest, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<VetResult> {
  const target = req.target ?? 'linux/amd64';
  const loaded = await loadModule(tb, req.files, target, onProgress, signal);
  if (!loaded.ok) return { ok: false, goVersion: loaded.goVersion, target, diagnostics: loaded.diagnostics, timings: [] };
  const { ctx } = loaded;
  // From Go 1.26 on, go vet asks vet for JSON and prints the findings itself.
  const json = goMinor(ctx.goVersion) >= 26;
  const units = vetUnits(ctx.packages, ctx.gomod.module);
  const run = new VetRun(tb, ctx, { flags: json ? ['-json'] : [] }, signal);
  const results: (VetRunOutput | CompileFailure)[] = [];
  // A world that did not compile is reported once, as go reports a failed compile once.
  for (const { result } of await vetAll(run, units, onProgress)) if (!results.includes(result)) results.push(result);
  const report = vetReport(results, json, projectPaths(ctx));
  return { ok: true, goVersion: ctx.goVersion, target, output: report.text, exitCode: report.exitCode, findings: report.findings, timings: run.timings };
}

/** Runs every unit in order. */
export async function vetAll(run: VetRun, units: VetUnit[], onProgress?: (e: ProgressEvent) => void): Promise<{ unit: VetUnit; result: VetRunOutput | CompileFailure }[]> {
  await run.prepare(units, onProgress);
  const results: { unit: VetUnit; result: VetRunOutput | CompileFailure }[] = [];
  for (const [i, unit] of units.entries()) {
    onProgress?.({ kind: 'build', loaded: i, total: units.length, message: `vet ${unit.pkg.importPath}` });
    results.push({ unit, result: await run.unit(unit) });
  }
  return results;
}

/** "/src/api/x.go" → the project's own name for the file. */
export function projectPaths(ctx: ModuleContext): PathMapper {
  const prefix = `${DEFAULT_LAYOUT.src}/`;
  return (file) => {
    const rel = file.startsWith(prefix) ? file.slice(prefix.length) : file;
    return ctx.original.get(rel) ?? rel;
  };
}
