// One small interface for running a WASI (preview 1) command to completion.
// Implementations live next to this file; which one runs which tool is
// decided in select.ts from measurements (see README "WASI runtimes").

/** Absolute POSIX paths ("/goroot/pkg/…") to file contents. Directories are implied. */
export type MemFiles = Map<string, Uint8Array>;

export interface WasiRunRequest {
  module: WebAssembly.Module;
  /**
   * The module's bytes. Runners that compile modules themselves need them
   * (@wasmer/sdk takes bytes, not a WebAssembly.Module); the shim ignores them.
   */
  wasm?: Uint8Array;
  /** argv, including argv[0]. */
  args: string[];
  env: Record<string, string>;
  /** Files the program may read. Not modified by the runner. */
  files: MemFiles;
  /** Working directory (absolute). Created if no file implies it. */
  cwd: string;
  /** Empty directories to create before the run, e.g. where outputs go ("/work/b001"). */
  dirs?: string[];
  stdin?: Uint8Array;
  /** Called with output as it arrives (for logs); the full output is returned too. */
  onStdout?: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
}

export interface WasiRunResult {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** Files created or changed by the program (absolute paths). */
  written: MemFiles;
}

export interface WasiRunner {
  readonly name: string;
  run(req: WasiRunRequest): Promise<WasiRunResult>;
}
