// The preview worker in the browser. No Comlink here: once started, the
// worker sits inside the Go instance (blocked in Atomics.wait between
// requests), so it could never answer an RPC; it only posts messages.
import { runPreviewWorker } from '../src/core/preview/worker-main.ts';
import type { StartMessage } from '../src/core/preview/protocol.ts';

runPreviewWorker({
  postMessage: (message, transfer) => self.postMessage(message, { transfer }),
  onMessage: (listener) => self.addEventListener('message', (event: MessageEvent<StartMessage>) => listener(event.data)),
});
