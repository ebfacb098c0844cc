// The engine in a worker thread. The WASI tools run synchronously on the
// thread that calls them, so `gofn dev` builds here to keep its server
// answering (streaming answers, other routes, request logs) during a
// rebuild; and ending the thread gives back everything a build held (tool
// instances, bundle files), which `gofn invoke` does before its handler runs.
import { expose, wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { BuildRequest, BuildResult, ProjectFiles } from '../core/types.ts';
import { nodeEngine } from './engine-host.ts';

const api = {
  build: (req: BuildRequest): Promise<BuildResult> => engine.build(req),
  chooseVersion: (files: ProjectFiles) => engine.chooseVersion(files),
};
export type EngineThreadApi = typeof api;

const engine = isMainThread ? undefined! : nodeEngine();
if (!isMainThread && parentPort) expose(api, nodeEndpoint(parentPort));

export interface EngineThread {
  api: Remote<EngineThreadApi>;
  close(): Promise<void>;
}

export function startEngineThread(): EngineThread {
  const worker = new Worker(new URL('./engine-thread.mjs', import.meta.url));
  return { api: wrap<EngineThreadApi>(nodeEndpoint(worker)), close: async () => void (await worker.terminate()) };
}
