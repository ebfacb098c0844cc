// The preview worker as a Node worker thread (see preview-host.ts).
import { parentPort } from 'node:worker_threads';
import { runPreviewWorker } from '../core/preview/worker-main.ts';
import type { StartMessage } from '../core/preview/protocol.ts';

const port = parentPort;
if (!port) throw new Error('preview-worker.ts runs as a worker thread; create it with nodePreviewWorkers()');
runPreviewWorker({
  postMessage: (message, transfer) => port.postMessage(message, transfer),
  onMessage: (listener) => port.on('message', (message: StartMessage) => listener(message)),
});
