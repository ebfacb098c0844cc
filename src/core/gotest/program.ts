// Running a program to its end in a worker of its own, so that one which
// never ends can be stopped: running wasm cannot be interrupted, its worker
// can be terminated.
import { concatBytes } from '../bytes/concat.ts';
import type { ProgramStart, ProgramWorkerFactory } from './program-protocol.ts';

export interface ProgramRunOptions {
  /** Terminate the worker after this long (ms); Infinity never. */
  killAfterMs: number;
  /** stdout and stderr as written, interleaved as go test interleaves them (one buffer). */
  onOutput?: (bytes: Uint8Array, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

export interface ProgramRun {
  /** Undefined when the program was killed or crashed. */
  exitCode?: number;
  killed: boolean;
  crash?: string;
  /** stdout and stderr together, in the order written. */
  output: Uint8Array;
  ms: number;
}

export function runProgram(createWorker: ProgramWorkerFactory, start: Omit<ProgramStart, 'type'>, opts: ProgramRunOptions): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const chunks: Uint8Array[] = [];
    const worker = createWorker();
    let done = false;
    const finish = (r: Omit<ProgramRun, 'output' | 'ms'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.terminate();
      resolve({ ...r, output: concatBytes(chunks), ms: performance.now() - t0 });
    };
    const timer = Number.isFinite(opts.killAfterMs) ? setTimeout(() => finish({ killed: true }), opts.killAfterMs) : undefined;
    opts.signal?.addEventListener('abort', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.terminate();
      reject(opts.signal!.reason);
    });
    worker.listen(
      (m) => {
        if (done) return;
        if (m.type === 'output') {
          chunks.push(m.bytes);
          opts.onOutput?.(m.bytes, m.stream);
        } else if (m.type === 'exit') finish({ exitCode: m.code, killed: false });
        else finish({ killed: false, crash: m.message });
      },
      (message) => finish({ killed: false, crash: message }),
    );
    worker.postMessage({ type: 'start', ...start });
  });
}
