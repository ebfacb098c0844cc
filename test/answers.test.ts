// Every corpus project, built by the engine with the wasm toolchain twice —
// the linux/amd64 bootstrap and the wasip1 preview — answers its requests the
// same way: the bootstrap under a Lambda Runtime API server on loopback, the
// preview through the preview controller. Both must also meet case.json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPreviewController } from '../src/core/preview/controller.ts';
import { matchRoute } from '../src/core/project/router.ts';
import { formatDiagnostic, type BuiltRoute, type PreviewRequest } from '../src/core/types.ts';
import { nodeEngine } from '../src/node/engine-host.ts';
import { nodePreviewWorkers } from '../src/node/preview-host.ts';
import { listProjects, loadCase, loadProject } from './support/corpus.ts';
import { checkResponse } from './support/expect.ts';
import { startBootstrap } from './support/lambda-server.ts';

const scratch = mkdtempSync(join(tmpdir(), 'gofn-answers-'));
// The CLI's store: the differential test builds the same bootstraps and previews, and whichever runs second reuses them.
const engine = nodeEngine();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function buildAll(name: string, target: 'linux/amd64' | 'wasip1/wasm'): Promise<{ routes: BuiltRoute[]; goVersion: string }> {
  const { files } = loadProject('ok', name);
  const result = await engine.build({ files, target });
  if (!result.ok) throw new Error(`${name} (${target}) did not build:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return { routes: result.routes, goVersion: result.goVersion };
}

describe.each(listProjects('ok'))('%s', (name) => {
  it('answers the same natively (Lambda) and in the preview', async () => {
    const spec = loadCase(name);
    const native = await buildAll(name, 'linux/amd64');
    const natives = native.routes;
    const previews = (await buildAll(name, 'wasip1/wasm')).routes;
    if (spec.goVersion) expect(native.goVersion).toBe(spec.goVersion);
    const running = new Map<string, Awaited<ReturnType<typeof startBootstrap>>>();
    const controllers = new Map<string, ReturnType<typeof createPreviewController>>();
    const logs = new Map<string, string[]>();
    try {
      for (const req of spec.requests) {
        const match = matchRoute(natives, req.url);
        expect(match, `a route for ${req.url}`).toBeDefined();
        const entry = match!.route.entry;
        if (!running.has(entry)) {
          const bin = join(scratch, `${name}-${entry.replace(/\W/g, '_')}`);
          writeFileSync(bin, natives.find((r) => r.entry === entry)!.binary, { mode: 0o755 });
          running.set(entry, await startBootstrap(bin));
          const lines: string[] = [];
          logs.set(entry, lines);
          const c = createPreviewController({ createWorker: nodePreviewWorkers(), onLog: (l) => lines.push(l.text) });
          await c.start(previews.find((r) => r.entry === entry)!.binary);
          controllers.set(entry, c);
        }
        const preq: PreviewRequest = { method: req.method, url: match!.url, headers: req.headers ?? [], body: req.body };
        const lambda = await running.get(entry)!.invoke(preq);
        const preview = await controllers.get(entry)!.request(preq);
        const ctx = { goVersion: native.goVersion };
        const problems = [
          ...checkResponse(req.expect, lambda, { ...ctx, goos: 'linux' }).map((p) => `lambda: ${p}`),
          ...checkResponse(req.expect, { ...preview, logs: logs.get(entry)!.join('\n') }, { ...ctx, goos: 'wasip1' }).map((p) => `preview: ${p}`),
        ];
        expect(problems, `${req.method} ${req.url}`).toEqual([]);
        expect(preview.status, `${req.method} ${req.url}: status`).toBe(lambda.status);
        expect(preview.headers, `${req.method} ${req.url}: headers`).toEqual(lambda.headers);
        if (!req.expect.bodyByGoos) {
          expect(new TextDecoder().decode(preview.body), `${req.method} ${req.url}: body`).toBe(new TextDecoder().decode(lambda.body));
        }
      }
    } finally {
      for (const r of running.values()) await r.close();
      for (const c of controllers.values()) c.stop();
    }
  });
});
