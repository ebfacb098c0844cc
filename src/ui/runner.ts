// Build & run: chooses the Go version, makes sure the toolchain is cached,
// builds the preview modules and sends the current request. A newer run
// (an edit, Ctrl+Enter) aborts the one in flight. Views listen to events.

import type { BuiltRoute, Diagnostic, ModulesReport, PreviewRequest, PreviewResponse, ProgressEvent, VersionChoice } from '../core/types.ts';
import { BuildBridge, isAbort } from './build-bridge.ts';
import type { PreviewRequestOptions } from '../core/preview/controller.ts';
import type { PreviewPool } from './preview-pool.ts';
import { RunTrace, whenShown } from './run-trace.ts';
import { matchRoute } from '../core/project/router.ts';
import { readVercelConfig } from '../core/project/vercel-config.ts';
import type { NameValue, RequestDraft, Workspace } from './workspace.ts';

export type Phase = 'idle' | 'version' | 'download' | 'build' | 'request' | 'done' | 'failed';

export interface Exchange {
  id: number;
  at: number;
  draft: RequestDraft;
  request: PreviewRequest;
  route?: string;
  response?: PreviewResponse;
  /** Why no response came (no route matched, the runtime failed). */
  error?: string;
  /** The instance was started for this request. */
  cold: boolean;
  /** Set on the partial exchanges sent while a response is still streaming. */
  streaming?: boolean;
}

export interface RunnerEvents {
  phase: { phase: Phase; message: string };
  progress: ProgressEvent;
  version: VersionChoice | { error: Diagnostic };
  diagnostics: Diagnostic[];
  routes: BuiltRoute[];
  /** What the module stage reported: warnings, and a go.mod/go.sum change the build needs. */
  modules: ModulesReport | undefined;
  exchange: Exchange;
  /** A response still being written (http.Flusher): what arrived so far, at most once a frame. */
  partial: Exchange;
  /** go vet of the last build started, finished (findings shown) or gave way to a newer build. */
  vet: 'running' | 'done' | 'stopped';
}

/** How long go vet waits for the preview's response before it starts anyway. */
const VET_DELAY_MS = 1000;

export const envRecord = (vars: NameValue[]): Record<string, string> =>
  Object.fromEntries(vars.filter((v) => v.enabled && v.name.trim()).map((v) => [v.name.trim(), v.value]));

export class Runner extends EventTarget {
  routes: BuiltRoute[] = [];
  choice?: VersionChoice;
  private current?: AbortController;
  private vetting?: AbortController;
  private inFlight?: { key: string; done: Promise<void> };
  private builtKey = '';
  private vettable = true;
  private exchangeId = 0;

  constructor(
    readonly ws: Workspace,
    readonly bridge: BuildBridge,
    private readonly pool: PreviewPool,
  ) {
    super();
  }

  on<K extends keyof RunnerEvents>(type: K, fn: (detail: RunnerEvents[K]) => void): void {
    this.addEventListener(type, (e) => fn((e as CustomEvent<RunnerEvents[K]>).detail));
  }

  emit<K extends keyof RunnerEvents>(type: K, detail: RunnerEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Version as go.mod asks for it; cheap, so it runs as the user types. */
  async detectVersion(): Promise<void> {
    try {
      const choice = await this.bridge.call(undefined, 'chooseVersion', { ...this.ws.files });
      if (!('error' in choice)) this.choice = choice;
      this.emit('version', choice);
    } catch (e) {
      this.emit('version', { error: { source: 'toolchain', message: errorText(e) } });
    }
  }

  /** Abandons the run in flight (its build is stale once the files change). */
  cancel(): void {
    this.inFlight = undefined;
    if (!this.current) return;
    this.current.abort();
    this.current = undefined;
    this.phase('idle', 'Edited: the build in flight was cancelled');
  }

  /** Builds (unless nothing changed since the last build) and sends the current request. */
  run(force = false): Promise<void> {
    const files = { ...this.ws.files };
    const env = envRecord(this.ws.buildEnv);
    const key = JSON.stringify([files, env, this.ws.request]);
    // Asking again for what is already being built (a second Ctrl+Enter) must not restart it.
    if (!force && this.inFlight && this.inFlight.key === key) return this.inFlight.done;
    const done = this.runOnce(files, env, force);
    this.inFlight = { key, done };
    void done.finally(() => this.inFlight?.done === done && (this.inFlight = undefined));
    return done;
  }

  private async runOnce(files: Record<string, string>, env: Record<string, string>, force: boolean): Promise<void> {
    this.current?.abort();
    const ctrl = new AbortController();
    this.current = ctrl;
    const { signal } = ctrl;
    const buildKey = JSON.stringify([files, env]);
    const trace = new RunTrace();
    try {
      if (force || buildKey !== this.builtKey) {
        // go vet of an older build gives way: it stops at its next step.
        this.vetting?.abort();
        this.phase('version', 'Choosing the Go version…');
        const chosen = await this.bridge.callTimed(signal, 'chooseVersion', files);
        trace.call('version', chosen);
        const choice = chosen.value;
        this.emit('version', choice);
        if ('error' in choice) return this.fail([choice.error]);
        this.choice = choice;
        this.ws.setGoVersion(choice.version);
        this.phase('download', `Loading go${choice.version}…`);
        trace.call('toolchain', await this.bridge.callTimed(signal, 'ensureToolchain', choice.version, ['wasip1/wasm'], (e: ProgressEvent) => this.emit('progress', e)));
        this.phase('build', 'Building…');
        const built = await this.bridge.callTimed(signal, 'build', { files, target: 'wasip1/wasm', env }, (e: ProgressEvent) =>
          this.emit('progress', e),
        );
        const result = built.value;
        trace.build(built, result.timings);
        this.emit('modules', result.modules);
        if (!result.ok) return this.fail(result.diagnostics);
        this.builtKey = buildKey;
        this.routes = result.routes;
        this.pool.update(result.routes, envRecord(this.ws.previewEnv), readVercelConfig(files).config.functions);
        this.emit('diagnostics', []);
        this.emit('routes', result.routes);
        // go vet does not load dependency modules yet; it runs for projects without them.
        this.vettable = (result.modules?.buildList.length ?? 1) <= 1;
      } else {
        // Back to the sources of the last good build (an undo): its clean state applies again.
        this.emit('diagnostics', []);
      }
      const sent = this.send(signal, trace);
      // go vet once the response is on screen (or after a second, for a slow handler): it would share the CPU,
      // and its tool's download the network, with the preview's start and the response's rendering.
      const onScreen = sent.then((ex) => whenShown(ex.id, VET_DELAY_MS), () => undefined);
      void Promise.race([onScreen, new Promise((r) => setTimeout(r, VET_DELAY_MS))]).then(() => {
        if (!signal.aborted && this.vettable) void this.vet(files, buildKey);
      });
      await sent;
    } catch (e) {
      if (isAbort(e)) return;
      this.phase('failed', errorText(e));
      this.emit('diagnostics', [{ source: 'toolchain', message: errorText(e) }]);
    } finally {
      if (this.current === ctrl) this.current = undefined;
    }
  }

  /**
   * go vet after a good build: its findings are warnings, shown when they
   * arrive, never in the way of the preview. The next build stops it at its
   * next step (the worker stays warm); findings for sources that changed
   * meanwhile are dropped.
   */
  private async vet(files: Record<string, string>, buildKey: string): Promise<void> {
    if (buildKey !== this.builtKey) return;
    const ctrl = new AbortController();
    this.vetting = ctrl;
    this.emit('vet', 'running');
    let state: 'done' | 'stopped' = 'stopped';
    try {
      const r = await this.bridge.call(ctrl.signal, 'vet', { files, target: 'wasip1/wasm' });
      if (buildKey !== this.builtKey) return;
      const findings = r.ok ? r.findings : r.diagnostics.map((d) => ({ ...d, severity: 'warning' as const }));
      this.emit('diagnostics', findings);
      state = 'done';
    } catch (e) {
      // A bundle built before vet existed: the build is fine, vet just cannot run.
      if (!isAbort(e)) console.warn('go vet did not run:', errorText(e));
    } finally {
      if (this.vetting === ctrl) {
        this.vetting = undefined;
        this.emit('vet', state);
      }
    }
  }

  /** Sends the request in the request builder to the last build. */
  async send(signal?: AbortSignal, trace = new RunTrace()): Promise<Exchange> {
    const draft = structuredClone(this.ws.request);
    const query = new URLSearchParams(draft.query.filter((q) => q.enabled && q.name).map((q) => [q.name, q.value])).toString();
    const headers = draft.headers.filter((h) => h.enabled && h.name.trim()).map((h): [string, string] => [h.name.trim(), h.value]);
    const hasBody = !['GET', 'HEAD'].includes(draft.method) && draft.body !== '';
    const request: PreviewRequest = { method: draft.method, url: draft.path + (query ? '?' + query : ''), headers, body: hasBody ? draft.body : undefined };
    const ex: Exchange = { id: ++this.exchangeId, at: Date.now(), draft, request, cold: false };
    const matched = matchRoute(this.routes, request.url);
    const route = matched && this.routes.find((r) => r.route === matched.route.route);
    if (!matched || !route) {
      ex.error = this.routes.length
        ? `No route matches ${draft.path}. Routes: ${this.routes.map((r) => r.route).join(', ')}.`
        : 'Nothing is built yet: press Run (Ctrl+Enter).';
      this.phase('failed', ex.error);
    } else {
      ex.route = route.route;
      ex.request = { ...request, url: matched.url };
      ex.cold = !this.pool.isWarm(route.route);
      this.phase('request', `${draft.method} ${request.url}…`);
      try {
        ex.response = await this.pool.send(route, ex.request, this.streamer(ex), (phase, ms) => trace.add(phase, ms));
        if (signal?.aborted) return ex;
        // The runtime notes each instance start in the logs: a restart after a panic is a cold start too.
        ex.cold ||= ex.response.logs.some((l) => l.stream === 'system' && /new instance/i.test(l.text));
        this.phase('done', `${ex.response.status} in ${Math.round(ex.response.ms)} ms`);
      } catch (e) {
        ex.error = errorText(e);
        this.phase('failed', ex.error);
      }
    }
    trace.end(ex.id);
    this.emit('exchange', ex);
    return ex;
  }

  /** Shows a flushed response as it arrives, so streaming handlers can be watched. */
  private streamer(ex: Exchange): PreviewRequestOptions {
    const started = performance.now();
    let head: { status: number; headers: [string, string][] } | undefined;
    const chunks: Uint8Array[] = [];
    let frame = 0;
    const show = (): void => {
      frame = 0;
      if (ex.response || !head) return;
      const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      chunks.reduce((off, c) => (body.set(c, off), off + c.length), 0);
      this.emit('partial', { ...ex, streaming: true, response: { ...head, body, chunks: chunks.length, logs: [], ms: performance.now() - started } });
    };
    return {
      onHead: (status, headers) => {
        head = { status, headers };
      },
      onChunk: (c) => {
        chunks.push(c);
        frame ||= requestAnimationFrame(show);
      },
    };
  }

  /** Stops the warm instances: the next request is a cold start (state lost, as on a new deployment). */
  restartInstances(): void {
    this.pool.update(this.routes, envRecord(this.ws.previewEnv), readVercelConfig(this.ws.files).config.functions);
    this.pool.stop();
  }

  private fail(diagnostics: Diagnostic[]): void {
    this.emit('diagnostics', diagnostics);
    const n = diagnostics.length;
    this.phase('failed', `Build failed: ${n} problem${n === 1 ? '' : 's'}`);
  }

  private phase(phase: Phase, message: string): void {
    this.emit('phase', { phase, message });
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
