// Runs one program (a test binary) to its end in the browser; the page
// terminates the worker when the program outlives its timeout.
import { runProgramWorker } from '../src/core/gotest/program-worker.ts';
import type { ProgramStart } from '../src/core/gotest/program-protocol.ts';

runProgramWorker({
  postMessage: (message) => self.postMessage(message),
  onMessage: (listener) => self.addEventListener('message', (event: MessageEvent<ProgramStart>) => listener(event.data)),
});
