// Starts the bench worker and hands it to the Playwright driver as
// `window.wasiBench` (test/browser/wasi-bench.ts).
import * as Comlink from 'comlink';
import type { BenchWorker } from './worker.ts';

declare global {
  interface Window {
    wasiBench: Comlink.Remote<BenchWorker>;
  }
}

window.wasiBench = Comlink.wrap<BenchWorker>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
