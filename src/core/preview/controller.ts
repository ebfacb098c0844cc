// The preview runtime: one warm instance of a handler's preview module,
// requests served one at a time (as one Lambda instance does), the
// platform's limits (maxDuration, memory, 4.5 MB bodies) enforced with its
// error answers, and a fresh instance after a timeout, a panic or a crash.
import type { LogLine, PreviewRequest, PreviewResponse } from '../types.ts';
import { headerPairs, invocationFailed, toBridgeRequest, type BridgeHead, type PlatformResponse } from './bridge.ts';
import { PreviewInstance, type PreviewWorkerFactory } from './instance.ts';
import { BODY_LIMIT, DEFAULT_LIMITS } from './limits.ts';
import { canBlock } from './pipe.ts';
import { LogLines } from './log-lines.ts';
import { capMemory } from './memory-cap.ts';
import { platformError } from './platform-errors.ts';
import { DEFAULT_HOST, platformEnv } from './platform-request.ts';
import { concat, encodeFrame, FrameKind, type Frame } from './protocol.ts';
import { RuntimeTrace } from './runtime-trace.ts';

/** Vercel's default maxDuration. */
export const DEFAULT_TIMEOUT_MS = DEFAULT_LIMITS.maxDurationMs;
/** Lambda gives a function's initialization its own 10 s, apart from the invocation's. */
export const START_TIMEOUT_MS = 10_000;

export interface PreviewControllerOptions {
  createWorker: PreviewWorkerFactory;
  /**
   * maxDuration: per request, from the moment a started instance receives it
   * to its last byte (default 300 s, Vercel's). Starting an instance, package
   * init functions included, has its own START_TIMEOUT_MS.
   */
  timeoutMs?: number;
  /** The function's memory in MB (default 2048): the instance's linear memory is capped at it. */
  memoryMb?: number;
  /** The host clients use, for VERCEL_URL (default localhost:3000). */
  host?: string;
  /** Every log line as it is written, including lines written between requests. */
  onLog?: (line: LogLine) => void;
  /** The instance's memory grew past another 256 MiB (a host may make room for it). */
  onMemory?: (bytes: number) => void;
  /**
   * Keep one instance between requests (default: where SharedArrayBuffer exists).
   * Without it, every request starts a new instance: state does not carry over.
   */
  warm?: boolean;
  /**
   * Where a response's time went: module (compiling the preview module),
   * start (an instance's start, package init included, up to its greeting),
   * request (from the request reaching a started instance to its last byte).
   */
  onTiming?: (phase: 'module' | 'start' | 'request', ms: number) => void;
}

export const ONE_SHOT_NOTE =
  'Starting a new instance for this request: without SharedArrayBuffer (this page is not cross-origin isolated) an instance cannot wait for the next request, so state does not carry over between requests.';

export interface PreviewRequestOptions {
  /** complete: the handler has returned, so the whole body follows at once (nothing was flushed early). */
  onHead?: (status: number, headers: [string, string][], complete: boolean) => void;
  /** Each flushed chunk as it arrives, before the response completes. */
  onChunk?: (chunk: Uint8Array) => void;
  signal?: AbortSignal;
}

export interface PreviewController {
  /** Loads a new preview module (bytes get their memory capped; a Module is used as is); the running instance (if any) is stopped. Instances start on demand. */
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
  /** When a new instance finished starting for this request (greeted). */
  ready?: number;
  done(response: PreviewResponse): void;
  timer?: ReturnType<typeof setTimeout>;
}

export function createPreviewController(options: PreviewControllerOptions): PreviewController {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = options.memoryMb ?? DEFAULT_LIMITS.memoryMb;
  let module: WebAssembly.Module | undefined;
  let env: string[] = [];
  let instance: PreviewInstance | undefined;
  let current: Exchange | undefined;
  // Lines written while no request runs (a panic's aftermath, a dying instance) go to the next response.
  let idleLogs: LogLine[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const record = (line: LogLine) => {
    (current ? current.logs : idleLogs).push(line);
    options.onLog?.(line);
  };
  const trace = new RuntimeTrace(
    record,
    () => `Out of memory: the instance used up its ${memoryMb} MB ("memory" in vercel.json functions) and Go's runtime stopped it; the next request starts a fresh instance.`,
  );
  const logs = new LogLines((line) => trace.line(line));

  function finish(ex: Exchange, answer: { status: number; headers: [string, string][]; body?: Uint8Array }, error?: string): void {
    if (current !== ex) return;
    options.onTiming?.('request', performance.now() - (ex.ready ?? ex.started));
    if (error && error !== trace.reason) logs.system(error);
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
  function fail(ex: Exchange, error: string, synthesized: () => PlatformResponse): void {
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
        ex.options.onHead?.(ex.head.status, ex.head.headers, head.final === true);
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
      case FrameKind.TooLarge: {
        const { bytes } = json() as { bytes?: number };
        stopInstance();
        const size = bytes === undefined ? 'over 4.5 MB' : `${bytes} bytes and counting, over the 4.5 MB (${BODY_LIMIT} bytes) limit`;
        fail(ex, `The response body is ${size}: FUNCTION_PAYLOAD_TOO_LARGE. The instance was stopped and will restart on the next request.`, () =>
          platformError('FUNCTION_PAYLOAD_TOO_LARGE'),
        );
        return;
      }
    }
  }

  /** The request deadline runs from the moment an instance that is up can read the request. */
  function arm(ex: Exchange): void {
    clearTimeout(ex.timer);
    ex.timer = setTimeout(() => {
      stopInstance();
      const message = `The handler did not answer within ${seconds(timeoutMs)} s (maxDuration): FUNCTION_INVOCATION_TIMEOUT. The instance was stopped and will restart on the next request.`;
      fail(ex, message, () => platformError('FUNCTION_INVOCATION_TIMEOUT'));
    }, timeoutMs);
  }

  function armStart(ex: Exchange): void {
    ex.timer = setTimeout(() => {
      stopInstance();
      const message = `The instance did not finish starting within ${seconds(START_TIMEOUT_MS)} s (is a package init function stuck?); it was stopped and will restart on the next request.`;
      fail(ex, message, () => platformError('FUNCTION_INVOCATION_TIMEOUT'));
    }, START_TIMEOUT_MS);
  }

  function onReady(): void {
    if (!current) return;
    current.ready = performance.now();
    options.onTiming?.('start', current.ready - current.started);
    arm(current);
  }

  function onEnded(reason: string): void {
    instance = undefined;
    logs.flush();
    const message = trace.reason ?? `The instance ${reason}`;
    if (current) fail(current, trace.reason ?? `${message} before answering; the next request starts a fresh instance.`, invocationFailed);
    else if (!trace.reason) logs.system(`${message}; the next request starts a fresh instance.`);
    trace.end();
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
      memory: options.onMemory,
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
      const bodySize = typeof req.body === 'string' ? new TextEncoder().encode(req.body).length : (req.body?.length ?? 0);
      if (bodySize > BODY_LIMIT) {
        // The platform refuses it before any instance sees it.
        return finish(ex, platformError('FUNCTION_PAYLOAD_TOO_LARGE'), `The request body is ${bodySize} bytes, over the 4.5 MB (${BODY_LIMIT} bytes) limit: FUNCTION_PAYLOAD_TOO_LARGE.`);
      }
      opts.signal?.addEventListener('abort', () => {
        if (current !== ex) return;
        stopInstance();
        clearTimeout(ex.timer);
        current = undefined;
        logs.system('The request was cancelled; the instance was stopped.');
        reject(opts.signal!.reason);
      });
      const target = ensureInstance();
      if (target.greeted) arm(ex);
      else armStart(ex);
      target.send(encodeFrame(FrameKind.Request, new TextEncoder().encode(JSON.stringify(toBridgeRequest(req)))));
    });
  }

  function halt(why: string): void {
    stopInstance();
    if (current) finish(current, { status: 503, headers: [] }, why);
  }

  return {
    async start(bytes, environment = {}) {
      halt('The preview module was replaced while this request ran.');
      const t0 = performance.now();
      module = bytes instanceof WebAssembly.Module ? bytes : await compilePreviewModule(bytes, memoryMb);
      options.onTiming?.('module', performance.now() - t0);
      // The platform's variables win over the project's, as on Vercel.
      env = Object.entries({ ...environment, ...platformEnv(options.host ?? DEFAULT_HOST, memoryMb) }).map(([k, v]) => `${k}=${v}`);
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

/** The module with its memory capped at memoryMb, compiled; a Module given to start() is taken as capped already. */
export function compilePreviewModule(bytes: Uint8Array, memoryMb: number): Promise<WebAssembly.Module> {
  return WebAssembly.compile(capMemory(bytes, memoryMb) as Uint8Array<ArrayBuffer>);
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
