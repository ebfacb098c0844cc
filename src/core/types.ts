// The engine's public contract. Hosts (browser workers, the Node CLI, the
// server endpoint) are typed against this file only; everything else in
// src/core is an implementation detail behind it.

import type { ListedModule, ModProposal } from './load/packages.ts';

export type { ListedModule, ModProposal };

/** A project lives in memory: forward-slash relative paths to contents. */
export type ProjectFiles = Record<string, string | Uint8Array>;

export type NativeTarget = 'linux/amd64' | 'linux/arm64';
export type Target = NativeTarget | 'wasip1/wasm';

export interface Location {
  file: string;
  /** 1-based; 0 when the problem is about the file as a whole. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
}

export type DiagnosticSource =
  | 'routes'
  | 'gomod'
  | 'version'
  | 'analyze'
  | 'load'
  | 'compile'
  | 'asm'
  | 'link'
  | 'flags'
  | 'toolchain'
  | 'runtime'
  | 'module'
  | 'security'
  | 'vet'
  | 'test';

/** Build problems are data, not exceptions: the UI underlines them, the CLI prints them. */
export interface Diagnostic {
  source: DiagnosticSource;
  /** Absent means error. Warnings (go vet's findings) never fail a build. */
  severity?: 'error' | 'warning';
  message: string;
  location?: Location;
  notes?: string[];
}

export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const loc = d.location;
  if (!loc) return d.message;
  const pos = loc.line > 0 ? `:${loc.line}${loc.column > 0 ? `:${loc.column}` : ''}` : '';
  return `${loc.file}${pos}: ${d.message}`;
}

/** One api/ entrypoint and the URL pattern it answers, as Vercel's zero-config routing makes it. */
export interface Route {
  /** e.g. "/api/users/[id]" */
  route: string;
  /** e.g. "api/users/[id].go" */
  entry: string;
  /** Anchored regular expression source, e.g. "^/api/users/([^/]+)$" */
  pattern: string;
  /** Dynamic segment names in order, e.g. ["id"] */
  params: string[];
}

/**
 * go.mod directives the engine needs before a toolchain is loaded (to pick
 * one). Everything else in go.mod — requirements, replacements, exclusions,
 * retractions, and every error go.mod can have — is read by the Go helper
 * with golang.org/x/mod/modfile, the parser go itself uses.
 */
export interface GoModInfo {
  module: string;
  /** "1.22" or "1.22.3"; undefined when go.mod has no go line. */
  go?: string;
  /** "1.23.4" (without the "go" prefix); undefined when absent. */
  toolchain?: string;
  /** Lines of the go and toolchain directives, for located errors. */
  goLine?: number;
  toolchainLine?: number;
  /** `godebug key=value` directives (Go 1.23+), in order. */
  godebug?: { key: string; value: string }[];
  /** True when no go.mod exists and one was synthesized. */
  synthesized: boolean;
}

export interface VersionChoice {
  /** Bundled version used, e.g. "1.26.8". */
  version: string;
  /** What go.mod asks for, without "go": its toolchain line, else its go line; absent when it names none. */
  requested?: string;
  /** Which go.mod line `requested` comes from. */
  from?: 'toolchain' | 'go';
  /** exact: that release is bundled; patch: a newer patch of its line; newer: a newer line; default: go.mod names no version. */
  how: 'exact' | 'patch' | 'newer' | 'default';
  /** Short form for a chip: "go.mod asks for go 1.22.2 → using go1.24.11, the closest bundled". */
  reason: string;
  /** The whole sentence for tooltips and logs: what was asked, what Vercel would run, what is used and how to add it. */
  note: string;
}

/** A toolchain bundle's manifest, as written by toolchain/bundle.ts. */
export interface BundleManifest {
  format: 1;
  goVersion: string;
  /** Host Go version and builder details, informational. */
  builtBy: string;
  files: Record<string, BundleFile>;
  /** Per target, the standard library's packages; imports are resolved ("vendor/golang.org/x/…") and unsafe, which has no archive, is not listed. */
  std: Record<Target, Record<string, StdPackage>>;
  /** Default GODEBUG settings table (internal/godebugs), newest change last. */
  godebugs: GodebugSetting[];
  /**
   * Per target, what `go tool compile|asm|link -V=full` prints: cmd/go hashes
   * these lines into every action ID. Bundles built before build IDs were
   * reproduced lack it; a release's "compile version go1.X.Y" is assumed then.
   */
  toolIds?: Partial<Record<Target, { compile: string; asm: string; link: string }>>;
}

export interface BundleFile {
  sha256: string;
  size: number;
  /** Size of the gzip object stored at objects/<sha256>.gz. */
  gzSize: number;
}

export interface StdPackage {
  /** Path of the archive inside the bundle, e.g. "pkg/linux_amd64/net/http.a". */
  archive: string;
  imports: string[];
}

export interface GodebugSetting {
  name: string;
  /** Go minor version where the default changed, e.g. 21 for go1.21; 0 if never. */
  changed: number;
  old: string;
}

/** The `go build` invocation that, in the kept sources, makes the same binary. */
export interface NativeInvocation {
  cwd: string;
  env: Record<string, string>;
  args: string[];
}

/**
 * One timed part of a build. Tool runs are load, compile, asm, link, analyze
 * (vet); the engine's own work around them is setup (manifest, downloads
 * checked), tools (waiting for a tool's WebAssembly module to compile), hash
 * (action keys, build IDs, output digests), cache (action-cache lookups) and
 * store (action-cache writes).
 */
export interface StepTiming {
  step: 'load' | 'compile' | 'asm' | 'link' | 'fetch' | 'analyze' | 'setup' | 'tools' | 'hash' | 'cache' | 'store';
  label: string;
  ms: number;
  cached: boolean;
}

export interface BuiltRoute extends Route {
  handler: string;
  target: Target;
  binary: Uint8Array;
  sha256: string;
  /** cmd/go's build ID of the binary, as `go tool buildid` prints it; absent when linked with -buildid=. */
  buildId?: string;
  native?: NativeInvocation;
  timings: StepTiming[];
}

export interface BuildRequest {
  files: ProjectFiles;
  target: Target;
  /** Build env (GO_BUILD_FLAGS, …); vercel.json build.env is merged under it by the engine. */
  env?: Record<string, string>;
  /** Only these entry files (default: all). */
  entries?: string[];
  /** Relative root under which kept sources are described (for NativeInvocation.cwd). */
  keepSourcesDir?: string;
  /**
   * Apply what `go mod tidy` would add (missing requirements, go.sum lines)
   * and build; without it such a build fails with go's error and the change
   * is proposed in `modules.proposal`.
   */
  tidy?: boolean;
}

/** What the module stage did, for display and for the "second build fetches nothing" check. */
export interface ModulesReport {
  /** `go list -m all`, main module first. */
  buildList: ListedModule[];
  /** Network requests and bytes this build made to module proxies and checksum databases. */
  fetched: { requests: number; bytes: number };
  /** Helper runs it took (each waits for the downloads the previous one asked for). */
  rounds: number;
  /** go.mod/go.sum changes the build needs (applied when tidy was requested). */
  proposal?: ModProposal;
  warnings: Diagnostic[];
  vendor: boolean;
}

export type BuildResult =
  | { ok: true; goVersion: string; version: VersionChoice; target: Target; routes: BuiltRoute[]; keptSources?: ProjectFiles; timings: StepTiming[]; modules?: ModulesReport }
  | { ok: false; goVersion?: string; version?: VersionChoice; target: Target; diagnostics: Diagnostic[]; timings: StepTiming[]; modules?: ModulesReport };

/** `go list -m all` of a project, as Engine.listModules answers it. */
export type ModuleListResult =
  | { ok: true; goVersion: string; modules: ModulesReport }
  | { ok: false; goVersion?: string; diagnostics: Diagnostic[]; modules?: ModulesReport };

/** `go vet ./...` over a project: every package, its tests included. */
export interface VetRequest {
  files: ProjectFiles;
  /** The target vet checks for (GOOS/GOARCH); default linux/amd64, where functions run. */
  target?: Target;
}

export type VetResult =
  | {
      ok: true;
      goVersion: string;
      target: Target;
      /** go vet's stderr, project-relative paths. */
      output: string;
      /** go vet's exit status. */
      exitCode: 0 | 1;
      /** Findings as warnings (source 'vet'). */
      findings: Diagnostic[];
      timings: StepTiming[];
    }
  | { ok: false; goVersion?: string; target: Target; diagnostics: Diagnostic[]; timings: StepTiming[] };

/** Building what `go test ./...` runs: one wasip1 test binary per package with tests. */
export interface TestBuildRequest {
  files: ProjectFiles;
}

export interface TestPackageBuild {
  importPath: string;
  /** Project-relative directory, where the binary runs (as go test runs it in the package's source directory). */
  dir: string;
  /** none: no test files; failed: vet or the build failed (output says why); built: binary is set. */
  status: 'built' | 'none' | 'failed';
  binary?: Uint8Array;
  /** What go test prints on stderr for the package before running it: vet's findings, compiler errors. */
  output: string;
  diagnostics: Diagnostic[];
}

export type TestBuildResult =
  | { ok: true; goVersion: string; packages: TestPackageBuild[]; timings: StepTiming[] }
  | { ok: false; goVersion?: string; diagnostics: Diagnostic[]; timings: StepTiming[] };

/** A simulated HTTP request for the preview, and what the handler answered. */
export interface PreviewRequest {
  method: string;
  /** Path with query, e.g. "/api/users/42?x=1" */
  url: string;
  headers: [string, string][];
  body?: Uint8Array | string;
  /** The client as the platform sees it; defaults to a local client. */
  client?: ClientContext;
}

export interface ClientContext {
  /** The client's address (default 127.0.0.1). */
  ip?: string;
  /** The scheme the client used (default http, as `vercel dev` sends). */
  proto?: 'http' | 'https';
  /** x-vercel-id; a fresh one when absent. */
  requestId?: string;
}

export interface PreviewResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  /** Chunks as the handler flushed them (http.Flusher), concatenated in body too. */
  chunks: number;
  logs: LogLine[];
  ms: number;
  /** Set when the instance failed (timeout, crash); the response is then synthesized. */
  error?: string;
}

export interface LogLine {
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}

/** Host services the engine needs; injected so tests and hosts can swap them. */
export interface BlobStore {
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  keys(prefix?: string): Promise<string[]>;
}

/** fetch as the engine uses it: GET only; headers carry a proxy's credentials, redirect 'manual' keeps them to its origin. */
export type Fetcher = (
  url: string,
  init?: { signal?: AbortSignal; headers?: Record<string, string>; redirect?: RequestRedirect; method?: string; body?: Uint8Array<ArrayBuffer> },
) => Promise<Response>;

export interface ProgressEvent {
  kind: 'download' | 'build';
  file?: string;
  /** Bytes of `file` received so far, and its (compressed) size. */
  fileLoaded?: number;
  fileTotal?: number;
  loaded: number;
  total: number;
  message?: string;
}

/** What the toolchain index (toolchains/index.json) lists. */
export interface ToolchainIndexEntry {
  version: string;
  /** Path of the manifest relative to the toolchain base URL, e.g. "go1.26.8/manifest.json". */
  manifest: string;
  /** sha256 of the manifest file, so a cached manifest can be trusted offline. */
  sha256: string;
}

export interface CachedToolchain {
  version: string;
  bytes: number;
  files: number;
}

/** The engine as hosts see it: one object per host, made by createEngine (engine.ts). */
export interface Engine {
  /** Versions the toolchain server offers (falls back to cached ones offline). */
  available(): Promise<string[]>;
  chooseVersion(files: ProjectFiles): Promise<VersionChoice | { error: Diagnostic }>;
  /**
   * Downloads (or reuses) what building for these targets needs: the tools
   * every build runs and the common std archives; with everything, every
   * tool of the bundle too (go vet, gofmt, asm), for offline use.
   */
  ensureToolchain(version: string, targets: Target[], onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal, opts?: { everything?: boolean }): Promise<void>;
  cached(): Promise<CachedToolchain[]>;
  evict(version: string): Promise<void>;
  build(req: BuildRequest, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<BuildResult>;
  /** The project's module graph as `go list -m all` prints it, without building. */
  listModules(req: { files: ProjectFiles; env?: Record<string, string> }, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<ModuleListResult>;
  /** `go vet ./...` with the bundled vet tool. */
  vet(req: VetRequest, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<VetResult>;
  /** Builds (and vets, as go test does) the test binaries of every package; gotest/run-tests.ts runs them. */
  buildTests(req: TestBuildRequest, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<TestBuildResult>;
  /** gofmt with the bundled formatter; diagnostics on syntax errors. */
  format(version: string, file: string, source: string): Promise<{ ok: true; source: string } | { ok: false; diagnostics: Diagnostic[] }>;
}
