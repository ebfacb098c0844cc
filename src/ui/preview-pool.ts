// Warm preview instances, one controller per route, each instance in its own
// worker (src/core/preview). A controller starts its instance on the route's
// first request; the instance keeps its state until the module or env changes.

import { createPreviewController, type PreviewController, type PreviewRequestOptions } from '../core/preview/controller.ts';
import { webPreviewWorker } from '../core/preview/web-worker.ts';
import { limitsOf, type PlatformLimits } from '../core/preview/limits.ts';
import { functionSettings, type FunctionConfig } from '../core/project/function-config.ts';
import type { BuiltRoute, PreviewRequest, PreviewResponse } from '../core/types.ts';

const spawn = (): Worker => new Worker(new URL('../../workers/preview.worker.ts', import.meta.url), { type: 'module', name: 'gofn-preview' });

// An edit restarts the instance with the new module; a worker already loaded
// saves that restart the worker's own start-up.
let spare: Worker | undefined;
const createWorker = () => {
  const worker = spare ?? spawn();
  spare = spawn();
  return webPreviewWorker(worker);
};

type Timing = (phase: 'module' | 'start' | 'request', ms: number) => void;

export class PreviewPool {
  /** onMemory: an instance's memory grew past another 256 MiB. */
  constructor(private readonly onMemory?: (bytes: number) => void) {}

  private env: Record<string, string> = {};
  private timing?: Timing;
  private functions: Record<string, FunctionConfig> = {};
  private live = new Map<string, { key: string; controller: Promise<PreviewController> }>();

  /** maxDuration and memory of a route, from vercel.json "functions" (Vercel's defaults otherwise). */
  limits(route: BuiltRoute): PlatformLimits {
    return limitsOf(functionSettings(this.functions, route.entry));
  }

  private key(route: BuiltRoute): string {
    return JSON.stringify([route.sha256, this.limits(route)]);
  }

  /** New modules, env or limits: instances whose module, env or limits changed are stopped; they start again on demand. */
  update(routes: BuiltRoute[], env: Record<string, string>, functions: Record<string, FunctionConfig> = {}): void {
    const envChanged = JSON.stringify(env) !== JSON.stringify(this.env);
    this.env = env;
    this.functions = functions;
    const next = new Map(routes.map((r) => [r.route, r]));
    for (const [route, inst] of this.live) {
      const built = next.get(route);
      if (envChanged || !built || this.key(built) !== inst.key) this.stop(route);
    }
  }

  /** Stops one route's instance (or all), so the next request is a cold start. */
  stop(route?: string): void {
    for (const [key, inst] of this.live) {
      if (route !== undefined && key !== route) continue;
      this.live.delete(key);
      void inst.controller.then((c) => c.stop(), () => undefined);
    }
  }

  isWarm(route: string): boolean {
    return this.live.has(route);
  }

  /** onTiming: where this request's time went (module compile, instance start, request), as the controller reports it. */
  async send(route: BuiltRoute, req: PreviewRequest, opts?: PreviewRequestOptions, onTiming?: Timing): Promise<PreviewResponse> {
    this.timing = onTiming;
    let inst = this.live.get(route.route);
    if (!inst) {
      const { maxDurationMs, memoryMb } = this.limits(route);
      const c = createPreviewController({
        createWorker, timeoutMs: maxDurationMs, memoryMb, host: location.host, onMemory: this.onMemory,
        onTiming: (phase, ms) => this.timing?.(phase, ms),
      });
      const entry = { key: this.key(route), controller: c.start(route.binary, this.env).then(() => c) };
      entry.controller.catch(() => this.live.get(route.route) === entry && this.live.delete(route.route));
      this.live.set(route.route, entry);
      inst = entry;
    }
    return (await inst.controller).request(req, opts);
  }
}
