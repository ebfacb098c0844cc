// One running preview instance as the host sees it: a worker, the pipe into
// it, and the frames coming out of it. Lifecycle policy (timeouts, restarts,
// what a response looks like) is the controller's; this file only reports.
import { canBlock, createPipeBuffer, PipeWriter } from './pipe.ts';
import { FrameKind, FrameParser, PREVIEW_PROTOCOL, type Frame, type StartMessage, type WorkerMessage } from './protocol.ts';

/** A worker running worker-main.ts, whatever the host's worker API looks like. */
export interface PreviewWorker {
  postMessage(message: StartMessage): void;
  /** onFailure: the worker itself failed (script error, unexpected termination). */
  listen(onMessage: (message: WorkerMessage) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

export type PreviewWorkerFactory = () => PreviewWorker;

export interface InstanceEvents {
  /** The module greeted with the right protocol: it is past package initialization and reads requests. */
  ready(): void;
  frame(frame: Frame): void;
  log(stream: 'stdout' | 'stderr', bytes: Uint8Array): void;
  /** The instance's linear memory grew past another step. */
  memory?(bytes: number): void;
  /** The instance is gone; reason completes "The instance …", e.g. "exited with code 2". */
  ended(reason: string): void;
}

export class PreviewInstance {
  private readonly worker: PreviewWorker;
  /** Undefined for a one-request instance (no SharedArrayBuffer): its worker starts with the request. */
  private readonly pipe?: PipeWriter;
  private readonly parser = new FrameParser();
  greeted = false;
  alive = true;

  constructor(
    createWorker: PreviewWorkerFactory,
    private readonly module: WebAssembly.Module,
    private readonly env: string[],
    private readonly events: InstanceEvents,
    /** Warm instances read requests from a shared pipe; without one, each instance serves one request. */
    readonly warm = canBlock(),
  ) {
    this.worker = createWorker();
    this.worker.listen(
      (message) => this.onMessage(message),
      (message) => this.end(`failed to run (${message})`),
    );
    if (!warm) return;
    const buffer = createPipeBuffer();
    this.pipe = new PipeWriter(buffer);
    this.worker.postMessage({ type: 'start', module, env, pipe: buffer });
  }

  send(bytes: Uint8Array): void {
    if (this.pipe) return this.pipe.write(bytes);
    if (this.started) throw new Error('preview: a one-request instance was sent a second request');
    this.started = true;
    this.worker.postMessage({ type: 'start', module: this.module, env: this.env, input: bytes });
  }

  private started = false;

  /** Stops the worker; running wasm cannot be interrupted any other way. No event follows. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    this.worker.terminate();
  }

  private onMessage(message: WorkerMessage): void {
    if (!this.alive) return;
    switch (message.type) {
      case 'want':
        this.pipe?.want();
        return;
      case 'log':
        this.events.log(message.stream, message.bytes);
        return;
      case 'memory':
        this.events.memory?.(message.size);
        return;
      case 'out':
        for (const frame of this.parser.push(message.bytes)) {
          if (!this.alive) return;
          if (this.greeted) this.events.frame(frame);
          else this.greet(frame);
        }
        return;
      case 'exit':
        this.end(`exited with code ${message.code}${this.greeted ? '' : ' during start-up (before opening the preview channel)'}`);
        return;
      case 'crash':
        this.end(`crashed: ${message.message}`);
        return;
    }
  }

  /** The first frame says which protocol the module speaks; a mismatch is a rebuild, not a bug. */
  private greet(frame: Frame): void {
    let protocol: unknown;
    if (frame.kind === FrameKind.Hello) {
      try {
        protocol = (JSON.parse(new TextDecoder().decode(frame.payload)) as { protocol?: unknown }).protocol;
      } catch {
        protocol = undefined;
      }
    }
    if (protocol === PREVIEW_PROTOCOL) {
      this.greeted = true;
      this.events.ready();
      return;
    }
    this.end(
      protocol === undefined
        ? 'is not a gofn preview module (it wrote no greeting on the preview channel)'
        : `speaks preview protocol ${String(protocol)} but this host speaks ${PREVIEW_PROTOCOL}; rebuild the preview module with this version of gofn`,
    );
  }

  private end(reason: string): void {
    if (!this.alive) return;
    this.kill();
    this.events.ended(reason);
  }
}
