// The preview runtime: one warm instance of a handler's preview module,
// requests served one at a time (as one Lambda instance does), a deadline per
// request, and a fresh instance after a timeout, a panic or a crash.
import type { LogLine, PreviewRequest, PreviewResponse } from '../types.ts';
import { headerPairs, invocationFailed, textResponse, toBridgeRequest, type BridgeHead } from './bridge.ts';
import { PreviewInstance, type PreviewWorkerFactory } from './instance.ts';
import { canBlock } from './pipe.ts';
import { LogLines } from './log-lines.ts';
import { concat, encodeFrame, FrameKind, type Frame } from './protocol.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Lambda gives a function's initialization its own 10 s, apart from the invocation's. */
export const START_TIMEOUT_MS = 10_000;

export interface PreviewControllerOptions {
  createWorker: PreviewWorkerFactory;
  /**
   * Per request, from the moment a started instance receives it to its last
   * byte (default 10 s, like a Vercel function's maxDuration). Starting an
   * instance, package init functions included, has its own START_TIMEOUT_MS.
   */
  timeoutMs?: number;
  /** Every log line as it is written, including lines written between requests. */
  onLog?: (line: LogLine) => void;
  /**
   * Keep one instance between requests (default: where SharedArrayBuffer exists).
   * Without it, every request starts a new instance: state does not carry over.
   */
  warm?: boolean;
}

export const ONE_SHOT_NOTE =
  'Starting a new instance for this request: without SharedArrayBuffer (this page is not cross-origin isolated) an instance cannot wait for the next request, so state does not carry over between requests.';

export interface PreviewRequestOptions {
  onHead?: (status: number, headers: [string, string][]) => void;
  /** Each flushed chunk as it arrives, before the response completes. */
  onChunk?: (chunk: Uint8Array) => void;
  signal?: AbortSignal;
}

export interface PreviewController {
  /** Loads a new preview module; the running instance (if any) is stopped. Instances start on demand. */
  start(module: Uint8Array | WebAssembly.Module, env?: Record<string, string>): Promise<void>;
  request(req: PreviewRequest, options?: PreviewRequestOptions): Promise<PreviewResponse>;
  stop(): void;
}

interface Exchange {
  head?: { status: number; headers: [string, string][] };
  chunks: Uint8Array[];
  logs: LogLine[];
  options: PreviewRequestOptions;
  started: number;
  done(response: PreviewResponse): void;
  timer?: ReturnType<typeof setTimeout>;
}

export function createPreviewController(options: PreviewControllerOptions): PreviewController {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let module: WebAssembly.Module | undefined;
  let env: string[] = [];
  let instance: PreviewInstance | undefined;
  let current: Exchange | undefined;
  // Lines written while no request runs (a panic's aftermath, a dying instance) go to the next response.
  let idleLogs: LogLine[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const logs = new LogLines((line) => {
    (current ? current.logs : idleLogs).push(line);
    options.onLog?.(line);
  });

  function finish(ex: Exchange, answer: { status: number; headers: [string, string][]; body?: Uint8Array }, error?: string): void {
    if (current !== ex) return;
    if (error) logs.system(error);
    logs.flush();
    clearTimeout(ex.timer);
    current = undefined;
    ex.done({
      status: answer.status,
      headers: answer.headers,
      body: answer.body ?? concat(ex.chunks),
      chunks: ex.chunks.length,
      logs: ex.logs,
      ms: performance.now() - ex.started,
      ...(error ? { error } : {}),
    });
  }

  /** A failure after the head went out cannot change the status; the client keeps what it got. */
  function fail(ex: Exchange, error: string, synthesized: () => { status: number; headers: [string, string][]; body: Uint8Array }): void {
    finish(ex, ex.head ?? synthesized(), error);
  }

  function onFrame(frame: Frame): void {
    const ex = current;
    if (!ex) return;
    const json = () => JSON.parse(new TextDecoder().decode(frame.payload)) as unknown;
    switch (frame.kind) {
      case FrameKind.Head: {
        const head = json() as BridgeHead;
        ex.head = { status: head.statusCode, headers: headerPairs(head.headers) };
        ex.options.onHead?.(ex.head.status, ex.head.headers);
        return;
      }
      case FrameKind.Body:
        ex.chunks.push(frame.payload);
        ex.options.onChunk?.(frame.payload);
        return;
      case FrameKind.End:
        finish(ex, ex.head ?? { status: 200, headers: [] });
        // A one-request instance is done; the next request starts another.
        if (instance && !instance.warm) stopInstance();
        return;
      case FrameKind.Panic: {
        const { errorMessage } = json() as { errorMessage?: string };
        stopInstance();
        fail(ex, `The handler panicked: ${errorMessage ?? 'unknown value'}. The instance was stopped, as on Vercel, and will restart on the next request.`, invocationFailed);
        return;
      }
    }
  }

  /** The request deadline runs from the moment an instance that is up can read the request. */
  function arm(ex: Exchange): void {
    clearTimeout(ex.timer);
    ex.timer = setTimeout(() => {
      stopInstance();
      const message = `The handler did not answer within ${seconds(timeoutMs)} s; the instance was stopped and will restart on the next request.`;
      fail(ex, message, () => textResponse(504, `${message}\n`));
    }, timeoutMs);
  }

  function armStart(ex: Exchange): void {
    ex.timer = setTimeout(() => {
      stopInstance();
      const message = `The instance did not finish starting within ${seconds(START_TIMEOUT_MS)} s (is a package init function stuck?); it was stopped and will restart on the next request.`;
      fail(ex, message, () => textResponse(504, `${message}\n`));
    }, START_TIMEOUT_MS);
  }

  function onReady(): void {
    if (current) arm(current);
  }

  function onEnded(reason: string): void {
    instance = undefined;
    const message = `The instance ${reason}`;
    if (current) fail(current, `${message} before answering; the next request starts a fresh instance.`, invocationFailed);
    else logs.system(`${message}; the next request starts a fresh instance.`);
  }

  function stopInstance(): void {
    instance?.kill();
    instance = undefined;
  }

  function ensureInstance(): PreviewInstance {
    if (instance?.alive) return instance;
    const warm = options.warm ?? canBlock();
    logs.system(warm ? 'Starting a new instance.' : ONE_SHOT_NOTE);
    instance = new PreviewInstance(options.createWorker, module!, env, {
      ready: onReady,
      frame: onFrame,
      log: (stream, bytes) => logs.push(stream, bytes),
      ended: onEnded,
    }, warm);
    return instance;
  }

  function serve(req: PreviewRequest, opts: PreviewRequestOptions): Promise<PreviewResponse> {
    return new Promise((resolve, reject) => {
      if (!module) return reject(new Error('Call start() with a preview module before sending requests.'));
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      const ex: Exchange = { chunks: [], logs: idleLogs, options: opts, started: performance.now(), done: resolve };
      idleLogs = [];
      current = ex;
      opts.signal?.addEventListener('abort', () => {
        if (current !== ex) return;
        stopInstance();
        clearTimeout(ex.timer);
        current = undefined;
        logs.system('The request was cancelled; the instance was stopped.');
        reject(opts.signal!.reason);
      });
      const payload = new TextEncoder().encode(JSON.stringify(toBridgeRequest(req)));
      const target = ensureInstance();
      if (target.greeted) arm(ex);
      else armStart(ex);
      target.send(encodeFrame(FrameKind.Request, payload));
    });
  }

  function halt(why: string): void {
    stopInstance();
    if (current) finish(current, { status: 503, headers: [] }, why);
  }

  return {
    async start(bytes, environment = {}) {
      halt('The preview module was replaced while this request ran.');
      module = bytes instanceof WebAssembly.Module ? bytes : await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
      env = Object.entries(environment).map(([k, v]) => `${k}=${v}`);
    },
    request(req, opts = {}) {
      const run = queue.then(() => serve(req, opts));
      queue = run.catch(() => undefined);
      return run;
    },
    stop() {
      halt('The preview was stopped.');
    },
  };
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
