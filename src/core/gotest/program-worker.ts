// The worker half of running a program: the shim over in-memory files, with
// a poll_oneoff that sleeps (tests wait on timers, and on go's own test
// timeout alarm), output posted as it is written. Hosts wrap it in a Web
// Worker (workers/program.worker.ts) or a worker thread (src/node/program-host.ts).
import { ShimRunner } from '../wasi/shim.ts';
import type { ProgramMessage, ProgramStart } from './program-protocol.ts';

export interface ProgramPort {
  postMessage(message: ProgramMessage): void;
  onMessage(listener: (message: ProgramStart) => void): void;
}

export function runProgramWorker(port: ProgramPort): void {
  let started = false;
  port.onMessage((message) => {
    if (message.type !== 'start' || started) return;
    started = true;
    const out = (stream: 'stdout' | 'stderr') => (bytes: Uint8Array) => port.postMessage({ type: 'output', stream, bytes: bytes.slice() });
    new ShimRunner({ sleep: true })
      .run({ module: message.module, args: message.args, env: message.env, files: new Map(message.files), cwd: message.cwd, dirs: message.dirs, onStdout: out('stdout'), onStderr: out('stderr') })
      .then(
        (r) => port.postMessage({ type: 'exit', code: r.exitCode }),
        (e: unknown) => port.postMessage({ type: 'crash', message: e instanceof Error ? e.message : String(e) }),
      );
  });
}
