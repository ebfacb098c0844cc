// Messages between a host and the worker that runs one WASI program to its
// end (a test binary): the program's output as it is written, then how it ended.

export interface ProgramStart {
  type: 'start';
  module: WebAssembly.Module;
  args: string[];
  env: Record<string, string>;
  /** Absolute path → contents; the program may read and write them (writes stay in the worker). */
  files: [string, Uint8Array][];
  cwd: string;
  /** Empty directories to create (a writable /tmp). */
  dirs: string[];
}

export type ProgramMessage =
  | { type: 'output'; stream: 'stdout' | 'stderr'; bytes: Uint8Array }
  | { type: 'exit'; code: number }
  | { type: 'crash'; message: string };

/** A worker running program-worker.ts, whatever the host's worker API looks like. */
export interface ProgramWorker {
  postMessage(message: ProgramStart): void;
  listen(onMessage: (message: ProgramMessage) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

export type ProgramWorkerFactory = () => ProgramWorker;
