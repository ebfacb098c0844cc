// Warm preview instances, one controller per route, each instance in its own
// worker (src/core/preview). A controller starts its instance on the route's
// first request; the instance keeps its state until the module or env changes.

import { createPreviewController, type PreviewController, type PreviewRequestOptions } from '../core/preview/controller.ts';
import { webPreviewWorker } from '../core/preview/web-worker.ts';
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

export class PreviewPool {
  private env: Record<string, string> = {};
  private live = new Map<string, { sha: string; controller: Promise<PreviewController> }>();

  /** New modules or env: instances whose module or env changed are stopped; they start again on demand. */
  update(routes: BuiltRoute[], env: Record<string, string>): void {
    const envChanged = JSON.stringify(env) !== JSON.stringify(this.env);
    this.env = env;
    const next = new Map(routes.map((r) => [r.route, r]));
    for (const [route, inst] of this.live) {
      if (envChanged || next.get(route)?.sha256 !== inst.sha) this.stop(route);
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

  async send(route: BuiltRoute, req: PreviewRequest, opts?: PreviewRequestOptions): Promise<PreviewResponse> {
    let inst = this.live.get(route.route);
    if (!inst) {
      const c = createPreviewController({ createWorker });
      const entry = { sha: route.sha256, controller: c.start(route.binary, this.env).then(() => c) };
      entry.controller.catch(() => this.live.get(route.route) === entry && this.live.delete(route.route));
      this.live.set(route.route, entry);
      inst = entry;
    }
    return (await inst.controller).request(req, opts);
  }
}
