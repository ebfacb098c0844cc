// Node's worker factory for the preview controller: each instance runs in a
// worker thread executing preview-worker.mjs (→ preview-worker.ts).
import type { PreviewWorkerFactory } from '../core/preview/instance.ts';
import type { StartMessage, WorkerMessage } from '../core/preview/protocol.ts';
import { threadWorkers } from './worker-pool.ts';

export function nodePreviewWorkers(): PreviewWorkerFactory {
  return threadWorkers<StartMessage, WorkerMessage>(new URL('./preview-worker.mjs', import.meta.url));
}
