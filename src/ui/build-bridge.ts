// The main thread's typed bridge to the build worker (Comlink). Calls run one
// at a time; each takes an AbortSignal first. Running wasm cannot be
// interrupted, so aborting the running call asks the worker to stop it at its
// next step (keeping the worker's compiled tools and caches warm), and
// terminates the worker only when that does not happen soon. An idle worker is
// stopped after a while.

import { proxy, wrap, type Remote } from 'comlink';
import type { BuildWorkerApi } from '../../workers/build.worker.ts';

type Api = BuildWorkerApi;
type Method = Exclude<keyof Api, 'init' | 'cancel'>;
type Result<M extends Method> = Awaited<ReturnType<Api[M]>>;

const IDLE_MS = 10 * 60_000;
/** How long a cancelled call may take to reach its next step before the worker is terminated instead. */
const CANCEL_GRACE_MS = 10_000;

type Timed<T> = { value: T; waitMs: number; runMs: number };

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
  private grace?: ReturnType<typeof setTimeout>;
  private crashed?: (e: Error) => void;
  private pending = 0;
  /** Counts worker starts, so the UI (and tests) can tell a restart happened. */
  starts = 0;

  constructor(private readonly toolchainBase: string) {}

  call<M extends Method>(signal: AbortSignal | undefined, method: M, ...args: Parameters<Api[M]>): Promise<Result<M>> {
    return this.callTimed(signal, method, ...args).then((r) => r.value);
  }

  /**
   * call, with how long it waited for the calls ahead of it and how long it
   * ran (messages included). Aborting rejects at once; a call already running
   * in the worker is cancelled there at its next step, and the next call
   * starts when it has stopped (the worker is terminated only if it does not
   * stop within CANCEL_GRACE_MS).
   */
  callTimed<M extends Method>(signal: AbortSignal | undefined, method: M, ...args: Parameters<Api[M]>): Promise<Timed<Result<M>>> {
    this.pending++;
    const queuedAt = performance.now();
    let settle!: { resolve: (v: Timed<Result<M>>) => void; reject: (e: unknown) => void };
    const caller = new Promise<Timed<Result<M>>>((resolve, reject) => (settle = { resolve, reject }));
    const run = async (): Promise<void> => {
      if (signal?.aborted) return settle.reject(abortError());
      const startedAt = performance.now();
      const onAbort = (): void => this.cancelRunning();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const value = await this.invoke(method, args);
        settle.resolve({ value, waitMs: startedAt - queuedAt, runMs: performance.now() - startedAt });
      } catch (e) {
        settle.reject(signal?.aborted ? abortError() : e);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(this.grace);
      }
    };
    const queued = this.queue.then(run, run);
    void queued.finally(() => this.pending--);
    this.queue = queued.catch(() => undefined);
    signal?.addEventListener('abort', () => settle.reject(abortError()), { once: true });
    return caller;
  }

  /** Runs one call in the worker; settles when the worker is done with it (or gone). */
  private invoke<M extends Method>(method: M, args: Parameters<Api[M]>): Promise<Result<M>> {
    clearTimeout(this.idle);
    const remote = this.start();
    const fn = remote[method] as unknown as (...a: unknown[]) => Promise<Result<M>>;
    const call = fn(...args.map((a) => (typeof a === 'function' ? proxy(a) : a)));
    return new Promise<Result<M>>((resolve, reject) => {
      this.crashed = reject;
      call.then(resolve, reject).finally(() => {
        this.crashed = undefined;
        this.idle = setTimeout(() => this.stop(), IDLE_MS);
      });
    });
  }

  /** Asks the worker to stop the running call; terminates it if that takes too long. */
  private cancelRunning(): void {
    void this.remote?.cancel();
    clearTimeout(this.grace);
    this.grace = setTimeout(() => this.stop(), CANCEL_GRACE_MS);
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

  /** Starts the worker now, so that its script loads while the page sets itself up rather than on the first build. */
  warmUp(): void {
    this.start();
  }

  /** Terminates the worker (a call it was running rejects); the next call starts a fresh one. */
  stop(reason: Error = abortError()): void {
    clearTimeout(this.idle);
    clearTimeout(this.grace);
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    const crashed = this.crashed;
    this.crashed = undefined;
    crashed?.(reason);
  }

  private start(): Remote<Api> {
    if (this.remote) return this.remote;
    const worker = new Worker(new URL('../../workers/build.worker.ts', import.meta.url), { type: 'module', name: 'gofn-build' });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.stop(new Error(`The build worker stopped: ${e.message || 'it failed to load'}. The next build starts a new one.`));
    });
    this.worker = worker;
    this.remote = wrap<Api>(worker);
    this.starts++;
    // localStorage gofn.codeCache=off compiles the tools from IndexedDB's bytes only (to compare the two).
    const codeCaching = localStorage.getItem('gofn.codeCache') !== 'off';
    void this.remote.init(this.toolchainBase, new URL('_gofn/goproxy', document.baseURI).href, new URL('_gofn/git/', document.baseURI).href, codeCaching);
    return this.remote;
  }
}
