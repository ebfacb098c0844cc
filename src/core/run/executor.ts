// Runs a BuildPlan with the WASI toolchain: each step's actions in order over
// an in-memory file system assembled from the project, the toolchain bundle
// and earlier steps' outputs, skipping steps whose key is in the action cache.
import type { ActionCache } from './action-cache.ts';
import { stepKey } from '../plan/actionid.ts';
import type { BuildPlan, Layout, PlannedAction, PlanStep, Tool } from '../plan/plan-types.ts';
import type { Diagnostic, ProjectFiles, StepTiming } from '../types.ts';
import type { MemFiles, WasiRunResult } from '../wasi/runner.ts';
import { toolDiagnostics } from './tool-output.ts';
import { packAppend } from './pack.ts';

export interface ExecHost {
  /** Runs one tool of the bundle to completion. */
  runTool(tool: Tool, req: { args: string[]; env: Record<string, string>; cwd: string; files: MemFiles; dirs: string[] }): Promise<WasiRunResult>;
  /** A bundle file (path relative to the bundle root, e.g. "pkg/linux_amd64/fmt.a"). */
  bundleFile(path: string): Promise<Uint8Array>;
  /** Bundle paths under a folder (for asm's -I directories). */
  bundleDir(prefix: string): string[];
  cache: ActionCache;
}

export type ExecResult =
  | { ok: true; binary: Uint8Array; timings: StepTiming[] }
  | { ok: false; diagnostics: Diagnostic[]; timings: StepTiming[] };

function text(v: string | Uint8Array): Uint8Array {
  return typeof v === 'string' ? new TextEncoder().encode(v) : v;
}

export async function executePlan(plan: BuildPlan, files: ProjectFiles, host: ExecHost, signal?: AbortSignal, modulePath?: string): Promise<ExecResult> {
  const { layout } = plan;
  const work: MemFiles = new Map();
  const timings: StepTiming[] = [];
  const srcPrefix = layout.src + '/';
  const gorootPrefix = layout.goroot + '/';

  const read = async (path: string): Promise<Uint8Array> => {
    const fromWork = work.get(path);
    if (fromWork) return fromWork;
    // Dependency modules' sources are keyed by their absolute tree paths.
    const outside = files[path];
    if (outside !== undefined) return text(outside);
    if (path.startsWith(srcPrefix)) {
      const f = files[path.slice(srcPrefix.length)];
      if (f === undefined) throw new Error(`executor: the plan reads ${path}, which the project does not have`);
      return text(f);
    }
    if (path.startsWith(gorootPrefix)) return host.bundleFile(path.slice(gorootPrefix.length));
    throw new Error(`executor: the plan reads ${path} before any step wrote it`);
  };

  for (const step of plan.steps) {
    signal?.throwIfAborted();
    const key = stepKey(step, (p) => {
      const data = work.get(p);
      if (!data) throw new Error(`executor: step ${step.importPath} reads ${p}, which no earlier step wrote`);
      return data;
    });
    const hit = await host.cache.get(key);
    if (hit) {
      for (const [name, data] of hit) work.set(step.objdir + name, data);
      timings.push({ step: step.kind === 'link' ? 'link' : 'compile', label: step.importPath, ms: 0, cached: true });
      continue;
    }
    const before = new Set(work.keys());
    for (const action of step.actions) {
      signal?.throwIfAborted();
      const t0 = performance.now();
      const result = await runAction(action, layout, read, host, work);
      timings.push({ step: action.tool === 'pack' ? 'compile' : action.tool === 'asm' ? 'asm' : action.tool, label: action.label, ms: performance.now() - t0, cached: false });
      if (result.exitCode !== 0) {
        return { ok: false, diagnostics: toolDiagnostics(action.tool, result, layout, modulePath), timings };
      }
    }
    await host.cache.put(key, stepOutputs(step, work, before));
  }
  const binary = work.get(plan.binary);
  if (!binary) throw new Error(`executor: the link step did not write ${plan.binary}`);
  return { ok: true, binary, timings };
}

/** What a step leaves for later steps, relative to its object directory. */
function stepOutputs(step: PlanStep, work: MemFiles, before: Set<string>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [path, data] of work) {
    if (!before.has(path) && path.startsWith(step.objdir) && (path === step.output || step.actions.some((a) => a.outputs.includes(path)))) {
      out.set(path.slice(step.objdir.length), data);
    }
  }
  return out;
}

async function runAction(
  action: PlannedAction,
  layout: Layout,
  read: (path: string) => Promise<Uint8Array>,
  host: ExecHost,
  work: MemFiles,
): Promise<WasiRunResult> {
  const fs: MemFiles = new Map();
  for (const g of action.generated) {
    const data = 'contents' in g ? new TextEncoder().encode(g.contents) : await read(g.copyOf);
    fs.set(g.path, data);
    work.set(g.path, data);
  }
  for (const p of action.inputs) if (!fs.has(p)) fs.set(p, await read(p));
  for (const dir of action.inputDirs) {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    if (prefix.startsWith(layout.goroot + '/')) {
      for (const rel of host.bundleDir(prefix.slice(layout.goroot.length + 1))) fs.set(`${layout.goroot}/${rel}`, await host.bundleFile(rel));
    } else {
      for (const [p, data] of work) if (p.startsWith(prefix)) fs.set(p, data);
    }
  }
  if (action.tool === 'pack') return packInProcess(action, read, work);
  const dirs = [...new Set(action.outputs.map((o) => o.slice(0, o.lastIndexOf('/')) || '/'))];
  const result = await host.runTool(action.tool, { args: action.argv, env: action.env, cwd: action.cwd, files: fs, dirs });
  for (const out of action.outputs) {
    const data = result.written.get(out);
    if (data) work.set(out, data);
    else if (result.exitCode === 0) throw new Error(`executor: ${action.label} exited 0 without writing ${out}`);
  }
  return result;
}

/** `pack r archive objects…` is a byte append (pack.ts); doing it here saves a tool download and a wasm start. */
async function packInProcess(action: PlannedAction, read: (path: string) => Promise<Uint8Array>, work: MemFiles): Promise<WasiRunResult> {
  const [, op, archive, ...objects] = action.argv;
  if (op !== 'r' || !archive) throw new Error(`executor: unsupported pack invocation ${action.argv.join(' ')}`);
  const parts = await Promise.all(objects.map(async (o) => ({ name: o.slice(o.lastIndexOf('/') + 1), data: await read(o) })));
  work.set(archive, packAppend(await read(archive), parts));
  return { exitCode: 0, stdout: new Uint8Array(0), stderr: new Uint8Array(0), written: new Map() };
}
