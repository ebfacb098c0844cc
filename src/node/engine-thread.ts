// The engine in a worker thread. The WASI tools run synchronously on the
// thread that calls them, so `gofn dev` builds here to keep its server
// answering (streaming answers, other routes, request logs) during a
// rebuild; and ending the thread gives back everything a build held (tool
// instances, bundle files), which `gofn invoke` does before its handler runs.
import { expose, wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { BuildRequest, BuildResult, Engine, ProjectFiles } from '../core/types.ts';
import { nodeEngine } from './engine-host.ts';

const api = {
  build: (req: BuildRequest): Promise<BuildResult> => engine.build(req),
  chooseVersion: (files: ProjectFiles) => engine.chooseVersion(files),
};
export type EngineThreadApi = typeof api;

const engine = isMainThread ? undefined! : nodeEngine();
if (!isMainThread && parentPort) expose(api, nodeEndpoint(parentPort));

export interface EngineThread {
  api: {
    build(req: BuildRequest): Promise<BuildResult>;
    chooseVersion(files: ProjectFiles): ReturnType<Engine['chooseVersion']>;
  };
  /** Ends the thread if it is idle, giving back what builds held; the next call starts a new one. True when it did. */
  release(): boolean;
  close(): Promise<void>;
}

/**
 * A call in flight when the thread dies (a crash, running out of memory)
 * fails with a sentence instead of waiting for ever; the next call starts a
 * new thread.
 */
export function startEngineThread(): EngineThread {
  let current: { worker: Worker; remote: Remote<EngineThreadApi>; died: Promise<never> } | undefined;
  let closed = false;
  const thread = () => {
    if (closed) throw new Error('the engine thread was closed');
    if (current) return current;
    const worker = new Worker(new URL('./engine-thread.mjs', import.meta.url));
    let failure = '';
    worker.on('error', (e) => (failure = `: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    const died = new Promise<never>((_, reject) =>
      worker.once('exit', (code) => {
        if (current?.worker === worker) current = undefined;
        reject(new Error(`the engine thread stopped (exit code ${code})${failure}${closed ? '' : '; the next build starts a new one'}`));
      }),
    );
    died.catch(() => undefined);
    current = { worker, remote: wrap<EngineThreadApi>(nodeEndpoint(worker)), died };
    return current;
  };
  let running = 0;
  const run = async <T>(call: (remote: Remote<EngineThreadApi>) => Promise<T>): Promise<T> => {
    const t = thread();
    running++;
    try {
      return await Promise.race([call(t.remote), t.died]);
    } finally {
      running--;
    }
  };
  return {
    // Comlink's Remote spreads a union result over several promises; awaiting joins it again.
    api: {
      build: (req) => run(async (r): Promise<BuildResult> => await r.build(req)),
      chooseVersion: (files) => run(async (r): ReturnType<Engine['chooseVersion']> => await r.chooseVersion(files)),
    },
    release() {
      if (running > 0 || !current) return false;
      const { worker } = current;
      current = undefined;
      void worker.terminate();
      return true;
    },
    async close() {
      closed = true;
      await current?.worker.terminate();
    },
  };
}
