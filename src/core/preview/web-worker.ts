// Adapts a Web Worker running workers/preview.worker.ts to the controller's
// PreviewWorker. Typed structurally so that src/core names no DOM type; the
// app calls it as webPreviewWorker(new Worker(url, { type: 'module' })).
import type { PreviewWorker } from './instance.ts';
import type { StartMessage, WorkerMessage } from './protocol.ts';

export interface WebWorkerLike {
  postMessage(message: StartMessage): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerMessage }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export function webPreviewWorker(worker: WebWorkerLike): PreviewWorker {
  return {
    postMessage: (message) => worker.postMessage(message),
    listen(onMessage, onFailure) {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('error', (event) => onFailure(event.message ?? 'the worker script failed to load'));
      worker.addEventListener('messageerror', () => onFailure('a message could not be read by the worker'));
    },
    terminate: () => worker.terminate(),
  };
}
