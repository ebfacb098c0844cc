// The main thread's typed bridge to the build worker (Comlink). Calls run one
// at a time; each takes an AbortSignal first. Running wasm cannot be
// interrupted, so aborting the running call terminates the worker, and the
// next call starts a fresh one. An idle worker is stopped after a while.

import { proxy, wrap, type Remote } from 'comlink';
import type { BuildWorkerApi } from '../../workers/build.worker.ts';

type Api = BuildWorkerApi;
type Method = Exclude<keyof Api, 'init'>;
type Result<M extends Method> = Awaited<ReturnType<Api[M]>>;

const IDLE_MS = 10 * 60_000;

export function abortError(): DOMException {
  return new DOMException('Superseded by a newer request', 'AbortError');
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export class BuildBridge {
  private worker?: Worker;
  private remote?: Remote<Api>;
  private queue: Promise<unknown> = Promise.resolve();
  private idle?: ReturnType<typeof setTimeout>;
  private crashed?: (e: Error) => void;
  private pending = 0;
  /** Counts worker starts, so the UI (and tests) can tell a restart happened. */
  starts = 0;

  constructor(private readonly toolchainBase: string) {}

  call<M extends Method>(signal: AbortSignal | undefined, method: M, ...args: Parameters<Api[M]>): Promise<Result<M>> {
    this.pending++;
    const run = (): Promise<Result<M>> => {
      if (signal?.aborted) return Promise.reject(abortError());
      clearTimeout(this.idle);
      const remote = this.start();
      const fn = remote[method] as unknown as (...a: unknown[]) => Promise<Result<M>>;
      const call = fn(...args.map((a) => (typeof a === 'function' ? proxy(a) : a)));
      return new Promise<Result<M>>((resolve, reject) => {
        const onAbort = (): void => {
          this.stop();
          reject(abortError());
        };
        this.crashed = reject;
        signal?.addEventListener('abort', onAbort, { once: true });
        call.then(resolve, reject).finally(() => {
          signal?.removeEventListener('abort', onAbort);
          this.crashed = undefined;
          this.idle = setTimeout(() => this.stop(), IDLE_MS);
        });
      });
    };
    const queued = this.queue.then(run, run);
    void queued.catch(() => undefined).finally(() => this.pending--);
    this.queue = queued.catch(() => undefined);
    if (!signal) return queued;
    // A call still waiting its turn is dropped at once when aborted.
    return Promise.race([
      queued,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(abortError());
        signal.addEventListener('abort', () => reject(abortError()), { once: true });
      }),
    ]);
  }

  /**
   * Stops the worker if no call is running or waiting: its compiled tools and
   * file caches hold a few hundred MB that a growing preview instance in the
   * same tab may need more. The next call starts it again.
   */
  releaseIfIdle(): boolean {
    if (this.pending > 0 || !this.worker) return false;
    this.stop();
    return true;
  }

  /** Terminates the worker; the next call starts a fresh one. */
  stop(): void {
    clearTimeout(this.idle);
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }

  private start(): Remote<Api> {
    if (this.remote) return this.remote;
    const worker = new Worker(new URL('../../workers/build.worker.ts', import.meta.url), { type: 'module', name: 'gofn-build' });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.stop();
      this.crashed?.(new Error(`The build worker stopped: ${e.message || 'it failed to load'}. The next build starts a new one.`));
    });
    this.worker = worker;
    this.remote = wrap<Api>(worker);
    this.starts++;
    void this.remote.init(this.toolchainBase, new URL('_gofn/goproxy', document.baseURI).href, new URL('_gofn/git/', document.baseURI).href);
    return this.remote;
  }
}
