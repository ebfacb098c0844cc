// Runs a BuildPlan with the WASI toolchain: each step's actions in order over
// an in-memory file system assembled from the project, the toolchain bundle
// and earlier steps' outputs, skipping steps whose key is in the action cache.
// Every output gets cmd/go's build ID: the tools run with the placeholder,
// then the content ID is stamped in (build-id.ts). A compile's cache key
// leaves out its dependencies' build IDs (only their export data counts), so
// an archive taken from the cache is stamped again with the current ID.
import type { ActionCache } from './action-cache.ts';
import { stepKey } from '../plan/actionid.ts';
import { BUILD_ID_ARG, type BuildPlan, type Layout, type PlannedAction, type PlanStep, type Tool } from '../plan/plan-types.ts';
import type { Diagnostic, ProjectFiles, StepTiming } from '../types.ts';
import type { MemFiles, WasiRunResult } from '../wasi/runner.ts';
import { toolDiagnostics } from './tool-output.ts';
import { packAppend } from './pack.ts';
import { archiveBuildId, stampBuildId } from './build-id.ts';
import { StepIds, stampedId } from './step-ids.ts';
import { yieldToEvents } from './yield-events.ts';

export interface ExecHost {
  /** Makes a tool ready to run (its WebAssembly module compiled), so that a run's timing is the tool's own. */
  prepareTool?(tool: Tool): Promise<void>;
  /** The build ID a bundle archive carries, from a record of them rather than the archive's bytes (which it may not need to read). */
  bundleBuildId?(path: string): Promise<string | undefined>;
  /** Runs one tool of the bundle to completion. */
  runTool(tool: Tool, req: { args: string[]; env: Record<string, string>; cwd: string; files: MemFiles; dirs: string[] }): Promise<WasiRunResult>;
  /** A bundle file (path relative to the bundle root, e.g. "pkg/linux_amd64/fmt.a"). */
  bundleFile(path: string): Promise<Uint8Array>;
  /** Bundle paths under a folder (for asm's -I directories). */
  bundleDir(prefix: string): string[];
  cache: ActionCache;
}

export type ExecResult =
  /**
   * outputs: every file the steps wrote (archives by objdir), for plans that compile without linking;
   * buildId: the binary's, as `go tool buildid` prints it (absent when linked with -buildid=).
   */
  | { ok: true; binary: Uint8Array; timings: StepTiming[]; outputs: MemFiles; buildId?: string }
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

  const ids = new StepIds(read, (path) => (path.startsWith(gorootPrefix) ? host.bundleBuildId?.(path.slice(gorootPrefix.length)) : undefined));
  const timed = async <T>(kind: 'hash' | 'cache' | 'store' | 'tools', label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings.push({ step: kind, label, ms: performance.now() - t0, cached: false });
    }
  };
  let buildId: string | undefined;
  for (const step of plan.steps) {
    signal?.throwIfAborted();
    const { id, key } = await timed('hash', `key ${step.importPath}`, async () => {
      const id = await ids.of(step);
      // A link's output depends on every input its action ID hashes; a compile's does not depend on its dependencies' IDs.
      const key = stepKey(step, (p) => {
        const data = work.get(p);
        if (!data) throw new Error(`executor: step ${step.importPath} reads ${p}, which no earlier step wrote`);
        return data;
      }, step.kind === 'link' ? id.actionId : undefined);
      return { id, key };
    });
    const hit = await timed('cache', `lookup ${step.importPath}`, () => host.cache.get(key));
    if (hit) {
      for (const [name, data] of hit) work.set(step.objdir + name, data);
      const out = work.get(step.output)!;
      if (step.kind === 'link') buildId = stampedId(out, id.prefix);
      else work.set(step.output, (await timed('hash', `stamp ${step.importPath}`, () => stampBuildId(out, archiveBuildId(out) ?? '', id.prefix))).data);
      timings.push({ step: step.kind === 'link' ? 'link' : 'compile', label: step.importPath, ms: 0, cached: true });
      continue;
    }
    // Before a step that runs tools, a cancel sent meanwhile gets its turn.
    if (signal) await yieldToEvents();
    signal?.throwIfAborted();
    const before = new Set(work.keys());
    for (const action of step.actions) {
      signal?.throwIfAborted();
      if (action.tool !== 'pack' && host.prepareTool) await timed('tools', action.tool, () => host.prepareTool!(action.tool));
      const t0 = performance.now();
      const result = await runAction({ ...action, argv: action.argv.map((a) => a.replaceAll(BUILD_ID_ARG, id.placeholder)) }, layout, read, host, work);
      timings.push({ step: action.tool === 'pack' ? 'compile' : action.tool === 'asm' ? 'asm' : action.tool, label: action.label, ms: performance.now() - t0, cached: false });
      if (result.exitCode !== 0) {
        return { ok: false, diagnostics: toolDiagnostics(action.tool, result, layout, modulePath), timings };
      }
    }
    const stamped = await timed('hash', `stamp ${step.importPath}`, () => stampBuildId(work.get(step.output)!, id.placeholder, id.prefix));
    work.set(step.output, stamped.data);
    if (step.kind === 'link') buildId = stamped.id;
    await timed('store', step.importPath, () => host.cache.put(key, stepOutputs(step, work, before)));
  }
  // A plan with no binary only compiles (go vet's dependencies).
  const binary = plan.binary === '' ? new Uint8Array(0) : work.get(plan.binary);
  if (!binary) throw new Error(`executor: the link step did not write ${plan.binary}`);
  return { ok: true, binary, timings, outputs: work, ...(buildId ? { buildId } : {}) };
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
