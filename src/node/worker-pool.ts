// Worker threads for a worker entry (preview instances, test binaries), one
// booted thread always kept in reserve. Booting a thread costs about two
// seconds, nearly all of it registering the TypeScript loader, so a new
// instance takes the reserve and another starts booting. The reserve is
// unref'd so it never keeps a process alive.
import { Worker } from 'node:worker_threads';

export interface ThreadWorker<In, Out> {
  postMessage(message: In): void;
  listen(onMessage: (message: Out) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

const reserves = new Map<string, Worker>();

function boot(entry: URL): Worker {
  const worker = new Worker(entry);
  worker.unref();
  // A reserve that died before being taken is replaced rather than handed out.
  worker.once('exit', () => {
    if (reserves.get(entry.href) === worker) reserves.delete(entry.href);
  });
  return worker;
}

export function threadWorkers<In, Out>(entry: URL): () => ThreadWorker<In, Out> {
  if (!reserves.has(entry.href)) reserves.set(entry.href, boot(entry));
  return () => {
    const worker = reserves.get(entry.href) ?? boot(entry);
    reserves.set(entry.href, boot(entry));
    worker.ref();
    let terminated = false;
    return {
      postMessage: (message) => worker.postMessage(message),
      listen(onMessage, onFailure) {
        worker.on('message', (message: Out) => onMessage(message));
        worker.on('error', (err) => onFailure(err instanceof Error ? err.message : String(err)));
        worker.on('exit', (code) => {
          if (!terminated) onFailure(`the worker thread exited with code ${code}`);
        });
      },
      terminate() {
        terminated = true;
        void worker.terminate();
      },
    };
  };
}
