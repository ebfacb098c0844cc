// The build worker: a thin Comlink shell around the engine (src/core). It
// owns the engine instance so toolchain modules and build caches stay warm
// between builds; the main thread cancels a build through cancel() (it stops
// at its next step), and terminates the worker only as a last resort.

import { expose } from 'comlink';
import { createEngine } from '../src/core/engine.ts';
import type { BuildRequest, Engine, Fetcher, ProgressEvent, ProjectFiles, Target, TestBuildRequest, VetRequest } from '../src/core/types.ts';
import { createIdbBlobStore } from '../src/ui/idb-store.ts';
import { wasmCodeCache, type WasmCodeCache } from '../src/ui/wasm-code-cache.ts';

let toolchainBase = '';
let goproxy = '';
let gitPassThrough = '';
let engine: Engine | undefined;
let codeCache: WasmCodeCache | undefined;

function getEngine(): Engine {
  if (!toolchainBase) throw new Error('build worker used before init(toolchainBase)');
  const fetcher: Fetcher = (url, init) => fetch(url, init);
  engine ??= createEngine({
    fetcher, store: createIdbBlobStore(), toolchainBase, goproxy, gitPassThrough, writeBehind: true,
    ...(codeCache ? { compileProgram: (version, sha256, bytes) => codeCache!.compile(version, sha256, bytes) } : {}),
  });
  return engine;
}

// The bridge sends one call at a time; the one running can be cancelled. Its
// signal stops the engine at the next step (between two tool runs), which
// keeps this worker and its compiled tools, rather than terminating it.
let running: AbortController | undefined;

function cancellable<R>(fn: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const ctrl = new AbortController();
  running = ctrl;
  return fn(ctrl.signal).finally(() => {
    if (running === ctrl) running = undefined;
  });
}

function isQuotaError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'QuotaExceededError' || /quota/i.test(e.message));
}

const api = {
  /**
   * toolchainBase must be absolute: relative URLs would resolve against this
   * script's URL. goproxyBase is the app's same-origin module proxy
   * pass-through, the default GOPROXY (browsers cannot read proxy.golang.org);
   * gitBase the git pass-through private modules are fetched through.
   */
  init(base: string, goproxyBase: string, gitBase: string, codeCaching = true): void {
    toolchainBase = base;
    // Cache Storage is there only in secure contexts (and loopback).
    codeCache = codeCaching && typeof caches !== 'undefined' ? wasmCodeCache(base) : undefined;
    // As go's default GOPROXY ends in ",direct": what the proxy does not have comes from its repository.
    goproxy = `${goproxyBase},direct`;
    gitPassThrough = gitBase;
  },
  /** Stops the running call at its next step; it then rejects with an AbortError. */
  cancel(): void {
    running?.abort(new DOMException('Superseded by a newer request', 'AbortError'));
  },
  async available(): Promise<string[]> {
    return getEngine().available();
  },
  async chooseVersion(files: ProjectFiles) {
    return getEngine().chooseVersion(files);
  },
  /** When storage is full, other cached versions are evicted one by one and the download retried. */
  async ensureToolchain(version: string, targets: Target[], onProgress?: (e: ProgressEvent) => void, everything = false): Promise<{ evicted: string[] }> {
    const e = getEngine();
    const evicted: string[] = [];
    for (;;) {
      try {
        await cancellable((signal) => e.ensureToolchain(version, targets, onProgress, signal, { everything }));
        return { evicted };
      } catch (err) {
        const victim = isQuotaError(err) ? (await e.cached()).find((c) => c.version !== version) : undefined;
        if (!victim) throw err;
        await codeCache?.evict(victim.version);
        await e.evict(victim.version);
        evicted.push(victim.version);
      }
    }
  },
  async cached() {
    return getEngine().cached();
  },
  async evict(version: string): Promise<void> {
    await codeCache?.evict(version);
    return getEngine().evict(version);
  },
  async build(req: BuildRequest, onProgress?: (e: ProgressEvent) => void) {
    return cancellable((signal) => getEngine().build(req, onProgress, signal));
  },
  async vet(req: VetRequest, onProgress?: (e: ProgressEvent) => void) {
    return cancellable((signal) => getEngine().vet(req, onProgress, signal));
  },
  async buildTests(req: TestBuildRequest, onProgress?: (e: ProgressEvent) => void) {
    return cancellable((signal) => getEngine().buildTests(req, onProgress, signal));
  },
  async format(version: string, file: string, source: string) {
    return getEngine().format(version, file, source);
  },
};

export type BuildWorkerApi = typeof api;
expose(api);
