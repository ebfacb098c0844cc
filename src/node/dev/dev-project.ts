// The project behind `gofn dev`: read from disk, each route built for
// wasip1 by the engine (in its own thread) and kept warm in a pool of
// instances. A change marks every route stale and rebuilds them one by one
// in the background; a request for a stale route moves its build to the
// front and waits for it, so it waits for its own route only. The action
// cache makes each build recompile just what the change touched, and a
// route whose module, limits and env come out the same keeps its instances.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { createInstancePool, type InstancePool } from '../../core/preview/instance-pool.ts';
import { limitsOf } from '../../core/preview/limits.ts';
import { functionSettings, type FunctionSettings } from '../../core/project/function-config.ts';
import { discoverRoutes } from '../../core/project/routes.ts';
import { readVercelConfig } from '../../core/project/vercel-config.ts';
import { formatDiagnostic, type BuildResult, type BuiltRoute, type Diagnostic, type LogLine, type ProjectFiles, type Route } from '../../core/types.ts';
import { nodePreviewWorkers } from '../preview-host.ts';
import { readProject } from '../project.ts';
import { BuildQueue } from './build-queue.ts';
import type { EngineThread } from '../engine-thread.ts';

export interface DevFunction {
  route: Route;
  settings: FunctionSettings;
  /** The running function, or why it could not be built. */
  pool?: InstancePool;
  diagnostics?: Diagnostic[];
}

export interface DevProjectOptions {
  dir: string;
  engine: Pick<EngineThread, 'api' | 'release'>;
  /** Instances per route at most. */
  instances: number;
  /** Env from the command line; .env in the project is read under it. */
  env: Record<string, string>;
  host: string;
  onLog(route: string, instance: number, line: LogLine): void;
  onInfo(text: string): void;
}

/** The project as last read from disk. */
interface View {
  generation: number;
  files: ProjectFiles;
  env: Record<string, string>;
  routes: Route[];
  settings: Map<string, FunctionSettings>;
}

interface RouteState {
  /** Generation of the files the current function was built from (-1: never built). */
  generation: number;
  fn?: DevFunction;
  pool?: InstancePool;
  settingsKey?: string;
  moduleKey?: string;
}

export class DevProject {
  private view: Promise<View>;
  private begin!: () => void;
  private generation = 0;
  private rereading = false;
  private readonly states = new Map<string, RouteState>();
  private readonly queue: BuildQueue;
  private round = { started: 0, built: new Set<string>() };
  private closed = false;

  constructor(private readonly opts: DevProjectOptions) {
    const started = new Promise<void>((go) => (this.begin = go));
    this.view = started.then(() => this.read());
    this.queue = new BuildQueue(
      (entry) => this.buildRoute(entry),
      (entry, e) => opts.onInfo(`building ${entry} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`),
    );
  }

  /** Reads the project and builds every route; requests that arrive before wait for their route. */
  start(): void {
    this.begin();
  }

  /** Files changed: read them again (changes during a read fold into the next one) and rebuild in the background. */
  changed(): void {
    if (this.rereading) return;
    this.rereading = true;
    this.view = this.view.catch(() => undefined).then(() => {
      this.rereading = false;
      return this.read();
    });
  }

  /** The routes as the files on disk make them now. */
  async routes(): Promise<Route[]> {
    return (await this.view).routes;
  }

  /** The function of a route, built from the files as they are now (waiting for that build if needed). */
  async function(entry: string): Promise<DevFunction> {
    for (;;) {
      const view = await this.view;
      const state = this.states.get(entry);
      if (state?.fn && state.generation >= view.generation) return state.fn;
      await this.queue.build(entry, true);
    }
  }

  close(): void {
    this.closed = true;
    for (const s of this.states.values()) s.pool?.stop();
    this.states.clear();
  }

  private async read(): Promise<View> {
    const generation = ++this.generation;
    const files = await readProject(this.opts.dir);
    const env = { ...(await dotEnv(this.opts.dir)), ...this.opts.env };
    const { routes } = discoverRoutes(Object.keys(files));
    const { config } = readVercelConfig(files);
    const settings = new Map(routes.map((r) => [r.entry, functionSettings(config.functions, r.entry)]));
    for (const [entry, state] of this.states) {
      if (settings.has(entry)) continue;
      state.pool?.stop();
      this.states.delete(entry);
    }
    if (routes.length === 0) this.opts.onInfo('no routes: add a Go file under api/ (for example api/index.go)');
    this.round = { started: performance.now(), built: new Set() };
    for (const r of routes) void this.queue.build(r.entry, false);
    return { generation, files, env, routes, settings };
  }

  private async buildRoute(entry: string): Promise<void> {
    if (this.closed) return;
    const view = await this.view;
    const route = view.routes.find((r) => r.entry === entry);
    if (!route) return;
    const state = this.states.get(entry) ?? { generation: -1 };
    this.states.set(entry, state);
    if (state.generation >= view.generation) return;
    const t0 = performance.now();
    const settings = view.settings.get(entry)!;
    // A build that could not run (the engine thread died) is reported like one that failed.
    const result = await this.opts.engine.api
      .build({ files: view.files, target: 'wasip1/wasm', entries: [entry] })
      .catch((e: unknown): BuildResult => ({ ok: false, target: 'wasip1/wasm', timings: [], diagnostics: [{ source: 'toolchain', message: e instanceof Error ? e.message : String(e) }] }));
    const built = result.ok ? result.routes.find((r) => r.entry === entry) : undefined;
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (!built) {
      const diagnostics = result.ok ? [{ source: 'routes' as const, message: `the build made no function for ${entry}` }] : result.diagnostics;
      state.pool?.stop();
      Object.assign(state, { generation: view.generation, fn: { route, settings, diagnostics }, pool: undefined, settingsKey: undefined, moduleKey: undefined });
      this.opts.onInfo(`${route.route} (${entry}) does not build:`);
      for (const d of diagnostics) this.opts.onInfo(`  ${formatDiagnostic(d)}`);
    } else {
      if (this.closed) return;
    const fresh = await this.run(state, route, settings, built, view.env);
      state.generation = view.generation;
      state.fn = { route, settings, pool: state.pool };
      const steps = built.timings.filter((t) => !t.cached && ['compile', 'asm', 'link'].includes(t.step)).length;
      this.opts.onInfo(`${route.route}: built in ${secs} s (${steps} step${steps === 1 ? '' : 's'} run, the rest cached); ${fresh ? 'new instances' : 'unchanged, instances kept warm'}`);
    }
    this.round.built.add(entry);
    if (this.queue.idle || this.round.built.size === view.routes.length) this.summary(view);
  }

  /** Keeps the warm pool when nothing it depends on changed; else loads the new module (a new generation of instances). */
  private async run(state: RouteState, route: Route, settings: FunctionSettings, built: BuiltRoute, env: Record<string, string>): Promise<boolean> {
    const settingsKey = JSON.stringify(settings);
    const moduleKey = JSON.stringify([built.sha256, env]);
    if (state.pool && state.settingsKey === settingsKey && state.moduleKey === moduleKey) return false;
    if (!state.pool || state.settingsKey !== settingsKey) {
      state.pool?.stop();
      const { maxDurationMs, memoryMb } = limitsOf(settings);
      state.pool = createInstancePool({
        createWorker: nodePreviewWorkers(),
        timeoutMs: maxDurationMs,
        memoryMb,
        host: this.opts.host,
        maxInstances: this.opts.instances,
        onLog: (line, instance) => this.opts.onLog(route.route, instance, line),
        // An instance past 1 GiB gets the memory an idle engine thread holds (one process, one budget).
        onMemory: (bytes) => {
          if (bytes < 1024 ** 3 || !this.queue.idle || !this.opts.engine.release()) return;
          this.opts.onInfo(`${route.route} passed ${(bytes / 1024 ** 3).toFixed(2)} GiB: the idle engine thread was stopped to give it room (the next build starts it again)`);
        },
      });
      state.settingsKey = settingsKey;
    }
    await state.pool.start(built.binary, env);
    state.moduleKey = moduleKey;
    return true;
  }

  private summary(view: View): void {
    if (this.round.built.size === 0 || view.generation !== this.generation) return;
    const ok = view.routes.filter((r) => this.states.get(r.entry)?.fn?.pool).length;
    const secs = ((performance.now() - this.round.started) / 1000).toFixed(1);
    this.opts.onInfo(`built ${ok} of ${view.routes.length} route${view.routes.length === 1 ? '' : 's'} in ${secs} s`);
    this.round.built.clear();
  }
}

/** .env in the project, as `vercel dev` reads it; absent is empty. */
async function dotEnv(dir: string): Promise<Record<string, string>> {
  const text = await readFile(join(dir, '.env'), 'utf8').catch(() => '');
  return Object.fromEntries(Object.entries(parseEnv(text)).filter((e): e is [string, string] => e[1] !== undefined));
}
