// What the engine's stages share once a host made an engine: the bundles, the
// action cache, and running a bundled program. engine.ts makes one; the vet
// and test stages take it rather than reaching into the engine.
import type { ActionCache } from './run/action-cache.ts';
import type { ToolchainBundles } from './bundles/bundle.ts';
import type { BuildPlan, Tool } from './plan/plan-types.ts';
import type { ExecHost } from './run/executor.ts';
import { archiveBuildId } from './run/build-id.ts';
import type { BundleManifest } from './types.ts';
import type { WasiRunRequest, WasiRunResult } from './wasi/runner.ts';

/** Every program of a toolchain bundle (bin/<name>.wasm). */
export type Program = Tool | 'gofmt' | 'gofn-helper' | 'vet';

export interface Toolbox {
  bundles: ToolchainBundles;
  cache: ActionCache;
  /** Versions the toolchain server offers (cached ones offline). */
  available(): Promise<string[]>;
  bundleFile(manifest: BundleManifest, path: string): Promise<Uint8Array>;
  /** A program's compiled module; its bytes too unless it came from the host's compiled-code cache (only @wasmer/sdk needs them). */
  program(manifest: BundleManifest, name: Program): Promise<{ module: WebAssembly.Module; bytes?: Uint8Array }>;
  run(manifest: BundleManifest, name: Program, req: Omit<WasiRunRequest, 'module'>): Promise<WasiRunResult>;
}

/** The executor's host over a toolbox, for one bundle. */
export function execHost(tb: Toolbox, manifest: BundleManifest): ExecHost {
  return {
    prepareTool: async (tool) => void (await tb.program(manifest, tool)),
    bundleBuildId: (p) => tb.bundles.buildIdOf(manifest, p, archiveBuildId),
    runTool: (tool, r) => tb.run(manifest, tool, r),
    bundleFile: (p) => tb.bundleFile(manifest, p),
    bundleDir: (prefix) => Object.keys(manifest.files).filter((p) => p.startsWith(prefix)),
    cache: tb.cache,
  };
}

/** Bundle files a plan's actions read (std archives), to download before running it. */
export function planBundleFiles(plan: BuildPlan): string[] {
  const prefix = `${plan.layout.goroot}/`;
  const paths = new Set<string>();
  for (const s of plan.steps) for (const a of s.actions) for (const p of a.inputs) if (p.startsWith(prefix)) paths.add(p.slice(prefix.length));
  return [...paths];
}

/** The bundle's tools a plan runs (pack runs in process), with the assembler's headers when it runs asm: fetched when first needed. */
export function planToolFiles(manifest: BundleManifest, plan: BuildPlan): string[] {
  const tools = new Set(plan.steps.flatMap((s) => s.actions.map((a) => a.tool)).filter((t) => t !== 'pack'));
  const out = [...tools].map((t) => `bin/${t}.wasm`);
  if (tools.has('asm')) out.push(...Object.keys(manifest.files).filter((p) => p.startsWith('pkg/include/')));
  return out;
}
