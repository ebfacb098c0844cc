// Loading a project: run the Go helper program (toolchain/helper, built per
// Go version for wasip1) over the project's files to learn its packages,
// build-constrained file lists, embeds and entrypoint handlers, worded and
// decided exactly as that Go version's go/build would.
import type { LoadResult } from './packages.ts';
import type { ProjectFiles } from '../types.ts';
import type { MemFiles, WasiRunRequest, WasiRunResult } from '../wasi/runner.ts';
import { HELPER_PROTOCOL, parseLoadAnswer } from './load-answer.ts';

/** Where the project is mounted for the helper; it never appears in results. */
export const PROJECT_ROOT = '/src';

export interface LoadOptions {
  /** go.mod's module path (or the synthesized one). */
  modulePath: string;
  goos: string;
  goarch: string;
  /** The user's -tags. */
  tags?: string[];
  /**
   * The toolchain's tool tags for the target (goexperiment.*, amd64.v1, …), as
   * `go list -f '{{context.ToolTags}}'` prints them. Without them the helper
   * derives them from its own, which agrees for default toolchain settings.
   */
  toolTags?: string[];
  /** go.mod's go line, informational. */
  goVersion?: string;
  /** Project-relative entry files, e.g. "api/users/[id].go". */
  entries: string[];
  /** The standard library's import paths for the target. */
  std: string[];
  /** Shown in "package x is not in std (GOROOT/src/x)"; default "$GOROOT". */
  goroot?: string;
}

/** Module mode's part of the request (toolchain/helper/protocol.go ModulesRequest). */
export interface HelperModulesRequest {
  goMod: string;
  env: Record<string, string>;
  downloads: string;
  sumdbDir: string;
  treeRoot: string;
  trees: Record<string, string>;
  tidy: boolean;
  listOnly: boolean;
  toolchain: string;
}

export type RunWasi = (req: WasiRunRequest) => Promise<WasiRunResult>;

/**
 * Runs `gofn-helper load` and returns its answer. Problems in the project are
 * diagnostics ({ ok: false }); a helper that crashes or answers something
 * unreadable is a bug and throws.
 */
export async function loadProject(run: RunWasi, module: WebAssembly.Module, files: ProjectFiles, opts: LoadOptions): Promise<LoadResult> {
  const answer = parseLoadAnswer(await runHelper(run, module, 'load', files, helperRequest(opts)), PROJECT_ROOT);
  if ('need' in answer) throw new Error('gofn-helper load asked for downloads without module mode');
  return answer;
}

/** The JSON request every helper command reads on stdin; modules turns on module mode (load). */
export function helperRequest(opts: Omit<LoadOptions, 'entries'> & { entries?: string[] }, modules?: HelperModulesRequest): Record<string, unknown> {
  return {
    protocol: HELPER_PROTOCOL,
    root: PROJECT_ROOT,
    modulePath: opts.modulePath,
    goos: opts.goos,
    goarch: opts.goarch,
    tags: opts.tags ?? [],
    ...(opts.toolTags ? { toolTags: opts.toolTags } : {}),
    ...(opts.goVersion ? { goVersion: opts.goVersion } : {}),
    ...(opts.goroot ? { goroot: opts.goroot } : {}),
    entries: opts.entries ?? [],
    std: opts.std,
    ...(modules ? { modules } : {}),
  };
}

/** Runs one helper command over the mounted project and returns its stdout; a failed run throws with its stderr. */
export async function runHelper(run: RunWasi, module: WebAssembly.Module, command: string, files: ProjectFiles, request: Record<string, unknown>): Promise<string> {
  return (await runHelperMounted(run, module, command, mountProject(files, PROJECT_ROOT), request)).stdout;
}

/**
 * runHelper over files already mounted (the project and, in module mode,
 * downloads and module trees); written are the files the run created.
 */
export async function runHelperMounted(
  run: RunWasi,
  module: WebAssembly.Module,
  command: string,
  files: MemFiles,
  request: Record<string, unknown>,
): Promise<{ stdout: string; written: MemFiles }> {
  const result = await run({
    module,
    args: ['gofn-helper', command],
    env: {},
    files,
    // The helper only uses absolute paths; "/" exists even for an empty project.
    cwd: '/',
    stdin: new TextEncoder().encode(JSON.stringify(request)),
  });
  if (result.exitCode !== 0) {
    const stderr = new TextDecoder().decode(result.stderr).trim();
    throw new Error(`gofn-helper ${command} exited with code ${result.exitCode}${stderr ? `: ${stderr}` : ''}`);
  }
  return { stdout: new TextDecoder().decode(result.stdout), written: result.written };
}

/** The project's files as absolute paths under root, text encoded as UTF-8. */
export function mountProject(files: ProjectFiles, root: string): MemFiles {
  const out: MemFiles = new Map();
  const enc = new TextEncoder();
  for (const [path, content] of Object.entries(files)) {
    if (path === '' || path.startsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..')) {
      throw new Error(`project file path ${JSON.stringify(path)} is not a clean relative path`);
    }
    out.set(`${root}/${path}`, typeof content === 'string' ? enc.encode(content) : content);
  }
  return out;
}
