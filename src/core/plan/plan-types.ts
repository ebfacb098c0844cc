// The build plan's shape: what planner.ts produces and an executor (WASI
// tools in the browser or Node, or native tools in tests) runs in order.
import type { BuildInfo } from './buildinfo.ts';
import type { BuildFlags } from './flags.ts';
import type { ActionIdRecipe, ToolIds } from './go-action-id.ts';
import type { LoadedPackage, PackageModule } from '../load/packages.ts';
import type { BundleFile, GodebugSetting, GoModInfo, NativeInvocation, ProjectFiles, StdPackage, Target } from '../types.ts';

/** Roots of the virtual file system every action's paths live in. */
export interface Layout {
  /** The project's files: project-relative "api/x.go" is "/src/api/x.go". */
  src: string;
  /** The toolchain bundle: "pkg/linux_amd64/fmt.a" is "/goroot/pkg/linux_amd64/fmt.a", headers in pkg/include. */
  goroot: string;
  /** Per-package object directories "/work/b001/", as cmd/go's $WORK. */
  work: string;
}

export const DEFAULT_LAYOUT: Layout = { src: '/src', goroot: '/goroot', work: '/work' };

export type Tool = 'compile' | 'asm' | 'pack' | 'link';

/**
 * Stands for the build ID in a planned argv ("-buildid", BUILD_ID_ARG or
 * "-buildid=" + BUILD_ID_ARG): cmd/go's placeholder derives from the action
 * ID, which needs the dependencies' content IDs, so the executor fills it in.
 */
export const BUILD_ID_ARG = '\u0000buildid\u0000';

/** A file the executor writes before running an action: given contents, or a copy of a source file. */
export type GeneratedFile = { path: string; contents: string } | { path: string; copyOf: string };

export interface PlannedAction {
  tool: Tool;
  /** Short description for logs, e.g. "asm -gensymabis example.com/m/asmpkg". */
  label: string;
  /** argv[0] is the tool name. */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** Files read: project sources under layout.src, toolchain files under layout.goroot, earlier outputs under layout.work. */
  inputs: string[];
  /** Directories read as a whole (asm's -I include path). */
  inputDirs: string[];
  generated: GeneratedFile[];
  outputs: string[];
}

export interface StepKeyInputs {
  /** Canonical text of everything fixed at plan time: toolchain, target, argv, env, generated files, source hashes. */
  text: string;
  /** sha256 (hex) of text; the build IDs handed to the tools derive from it. */
  staticHash: string;
  /** Outputs of earlier steps this result depends on: a dependency's export data for compiles, whole archives for the link. */
  workInputs: { path: string; use: 'export' | 'content' }[];
}

export interface PlanStep {
  kind: 'package' | 'link';
  importPath: string;
  /** Object directory with trailing slash, e.g. "/work/b002/". */
  objdir: string;
  /** The package archive (objdir + "_pkg_.a") or the linked binary. */
  output: string;
  actions: PlannedAction[];
  /** Module packages whose step outputs this step reads. */
  deps: string[];
  key: StepKeyInputs;
  /** How cmd/go hashes this step's action ID. */
  actionId: ActionIdRecipe;
}

export interface BuildPlan {
  goVersion: string;
  target: Target;
  layout: Layout;
  /** Dependencies before dependents; the link step is last. */
  steps: PlanStep[];
  /** Path of the linked binary. */
  binary: string;
  buildInfo: BuildInfo;
  /** BuildInfo as `go version -m` reads it back (without the go line). */
  modinfo: string;
  defaultGodebug: string;
  native: NativeInvocation;
}

export interface PlanInput {
  /** Toolchain version, "1.26.8". */
  goVersion: string;
  target: Target;
  gomod: GoModInfo;
  /** Extra go.mod data cmd/go uses: `godebug` directives (Go 1.23+). */
  modGodebug?: { key: string; value: string }[];
  /**
   * The module's packages reachable from main, including main itself (the generated wrapper).
   * A package's dir is project-relative, or absolute ("/gomod/…") for packages outside the
   * project (dependency modules); files then holds their sources under the same absolute paths.
   */
  packages: LoadedPackage[];
  /** Import path → module, for packages of dependency modules. */
  modules?: Record<string, PackageModule>;
  /** Import path of the package main to link. */
  main: string;
  /** //go:debug lines of the main package (before its package clause). */
  mainDirectives?: string[];
  /** BundleManifest.std[target]. */
  std: Record<string, StdPackage>;
  /** BundleManifest.godebugs. */
  godebugs: GodebugSetting[];
  /** BundleManifest.toolIds[target]: each tool's -V=full line; a release's version strings when absent. */
  toolIds?: ToolIds;
  /** BundleManifest.files; when given, std archive hashes become part of the step keys. */
  bundleFiles?: Record<string, BundleFile>;
  flags: BuildFlags;
  /** Project files by project-relative path (sources, embedded files, headers). */
  files: ProjectFiles;
  /** Project-relative directory holding go.mod ("" = project root). */
  moduleDir?: string;
  layout?: Layout;
  /** compile -c=N. Measured not to change any output; omitted (1) by default as wasm runs one thread. */
  compileConcurrency?: number;
  /** For the native invocation: where the kept sources live and the output file name. */
  keepSourcesDir?: string;
  outputName?: string;
}

export type PlanResult = { ok: true; plan: BuildPlan } | { ok: false; diagnostics: import('../types.ts').Diagnostic[] };

export type { BuildFlags, LoadedPackage, PackageModule };
