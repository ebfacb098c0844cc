// Adapts a Web Worker to the worker interfaces of the preview controller and
// the test runner. Typed structurally so that src/core names no DOM type; the
// app calls e.g. webPreviewWorker(new Worker(url, { type: 'module' })).
import type { PreviewWorker } from './instance.ts';
import type { StartMessage, WorkerMessage } from './protocol.ts';

export interface WebWorkerLike<In, Out> {
  postMessage(message: In): void;
  addEventListener(type: 'message', listener: (event: { data: Out }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export interface HostedWorker<In, Out> {
  postMessage(message: In): void;
  listen(onMessage: (message: Out) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

export function webWorker<In, Out>(worker: WebWorkerLike<In, Out>): HostedWorker<In, Out> {
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

export function webPreviewWorker(worker: WebWorkerLike<StartMessage, WorkerMessage>): PreviewWorker {
  return webWorker(worker);
}
