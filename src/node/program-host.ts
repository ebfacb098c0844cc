// Node's worker factory for test binaries: each runs in a worker thread
// executing program-worker.mjs (→ program-worker.ts), so one that hangs can be killed.
import type { ProgramMessage, ProgramStart, ProgramWorkerFactory } from '../core/gotest/program-protocol.ts';
import { threadWorkers } from './worker-pool.ts';

export function nodeProgramWorkers(): ProgramWorkerFactory {
  return threadWorkers<ProgramStart, ProgramMessage>(new URL('./program-worker.mjs', import.meta.url));
}
