// The program worker as a Node worker thread (see program-host.ts).
import { parentPort } from 'node:worker_threads';
import { runProgramWorker } from '../core/gotest/program-worker.ts';
import type { ProgramStart } from '../core/gotest/program-protocol.ts';

const port = parentPort;
if (!port) throw new Error('program-worker.ts runs as a worker thread; create it with nodeProgramWorkers()');
runProgramWorker({
  postMessage: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (message: ProgramStart) => listener(message)),
});
