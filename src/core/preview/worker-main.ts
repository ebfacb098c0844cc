// The worker half of the preview: runs one instance of a preview module until
// it exits or the host terminates the worker. Hosts wrap this in a Web Worker
// (workers/preview.worker.ts) or a Node worker thread (src/node/preview-host.ts).
import { Directory, File, OpenFile, PreopenDirectory, WASI, WASIProcExit } from '@bjorn3/browser_wasi_shim';
import { channelIn, channelOut, outputFd } from './guest-io.ts';
import { pollOneoff } from '../wasi/poll-oneoff.ts';
import { OnceReader, PipeReader } from './pipe.ts';
import { CHANNEL_DIR, CHANNEL_IN, CHANNEL_OUT, MEMORY_REPORT_STEP, type StartMessage, type WorkerMessage } from './protocol.ts';

/** The two things a worker global offers, whatever the host calls them. */
export interface WorkerPort {
  postMessage(message: WorkerMessage, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: StartMessage) => void): void;
}

export function runPreviewWorker(port: WorkerPort): void {
  let started = false;
  port.onMessage((message) => {
    if (message.type !== 'start' || started) return;
    started = true;
    void run(message, port).then((result) => port.postMessage(result, []));
  });
}

async function run(start: StartMessage, port: WorkerPort): Promise<WorkerMessage> {
  const post = (message: WorkerMessage) => {
    const transfer = 'bytes' in message ? [message.bytes.buffer as ArrayBuffer] : [];
    port.postMessage(message, transfer);
  };
  // The shim hands each write over as a fresh copy, so transferring it is safe.
  const log = (stream: 'stdout' | 'stderr') => outputFd((bytes) => post({ type: 'log', stream, bytes }));
  const pipe = start.pipe ? new PipeReader(start.pipe, () => post({ type: 'want' })) : new OnceReader(start.input ?? new Uint8Array(0));
  const channel = new PreopenDirectory(
    CHANNEL_DIR,
    new Map([
      [CHANNEL_IN, channelIn(pipe)],
      [CHANNEL_OUT, channelOut((bytes) => post({ type: 'out', bytes }))],
    ]),
  );
  // Lambda gives functions a writable /tmp; so does the preview, in memory.
  const tmp = new PreopenDirectory('/tmp', new Map<string, File | Directory>());
  const fds = [new OpenFile(new File(new Uint8Array(0))), log('stdout'), log('stderr'), channel, tmp];
  const wasi = new WASI(['handler'], start.env, fds, { debug: false });
  wasi.wasiImport.poll_oneoff = pollOneoff(() => wasi.inst.exports.memory);
  reportGrowth(wasi.wasiImport, () => wasi.inst?.exports.memory as WebAssembly.Memory | undefined, (size) => post({ type: 'memory', size }));
  try {
    const instance = await WebAssembly.instantiate(start.module, { wasi_snapshot_preview1: wasi.wasiImport });
    const exports = instance.exports as { memory: WebAssembly.Memory; _start: () => unknown };
    return { type: 'exit', code: wasi.start({ exports }) };
  } catch (e) {
    if (e instanceof WASIProcExit) return { type: 'exit', code: e.code };
    return { type: 'crash', message: describe(e) };
  }
}

/**
 * Running wasm cannot be asked how big it is, but Go calls the clock and the
 * poller all the time (its GC reads the clock on every cycle), so those calls
 * are where growth is noticed and reported, one step at a time: the host may
 * make room (the app stops an idle build worker) before the handler reaches
 * its limit.
 */
function reportGrowth(imports: Record<string, unknown>, memory: () => WebAssembly.Memory | undefined, report: (bytes: number) => void): void {
  let next = MEMORY_REPORT_STEP;
  const check = () => {
    const bytes = memory()?.buffer.byteLength ?? 0;
    if (bytes < next) return;
    next = (Math.floor(bytes / MEMORY_REPORT_STEP) + 1) * MEMORY_REPORT_STEP;
    report(bytes);
  };
  for (const name of ['clock_time_get', 'poll_oneoff', 'fd_write']) {
    const original = imports[name] as (...args: number[]) => number;
    imports[name] = (...args: number[]) => {
      check();
      return original(...args);
    };
  }
}

function describe(e: unknown): string {
  if (e instanceof WebAssembly.RuntimeError) return `WebAssembly trap: ${e.message}`;
  if (e instanceof WebAssembly.LinkError) return `the module is not a WASI preview 1 command (${e.message})`;
  if (e instanceof Error) return e.message;
  return String(e);
}
