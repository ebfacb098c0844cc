// Node's worker factory for the preview controller: each instance runs in a
// worker thread executing preview-worker.mjs (→ preview-worker.ts).
//
// Booting a thread costs about two seconds, nearly all of it registering the
// TypeScript loader, so one booted thread is always kept in reserve: a new
// instance (first request, or after a timeout, panic or crash) takes it and
// another starts booting. The reserve is unref'd so it never keeps a process alive.
import { Worker } from 'node:worker_threads';
import type { PreviewWorker, PreviewWorkerFactory } from '../core/preview/instance.ts';
import type { WorkerMessage } from '../core/preview/protocol.ts';

const entry = new URL('./preview-worker.mjs', import.meta.url);
let reserve: Worker | undefined;

function boot(): Worker {
  const worker = new Worker(entry);
  worker.unref();
  // A reserve that died before being taken is replaced rather than handed out.
  worker.once('exit', () => {
    if (reserve === worker) reserve = undefined;
  });
  return worker;
}

function take(): Worker {
  const worker = reserve ?? boot();
  reserve = boot();
  worker.ref();
  return worker;
}

export function nodePreviewWorkers(): PreviewWorkerFactory {
  reserve ??= boot();
  return (): PreviewWorker => {
    const worker = take();
    let terminated = false;
    return {
      postMessage: (message) => worker.postMessage(message),
      listen(onMessage, onFailure) {
        worker.on('message', (message: WorkerMessage) => onMessage(message));
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
