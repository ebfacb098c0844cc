// Real modules through the real module proxy (proxy.golang.org, which also
// proxies sum.golang.org): handlers importing chi, uuid, x/text, klauspost's
// compress (assembly on amd64 and arm64) and gin, with the go.mod/go.sum in
// test/fixtures/modules. Each is built for linux/amd64 and linux/arm64 with
// `-buildid=` added, as the differential tests do, and must be
// byte-identical to native `go build` of the kept sources with the same
// go.mod/go.sum, with equal `go version -m`; its preview must answer as the
// linux bootstrap does under a Lambda server. Skipped, saying so, when the
// proxy cannot be reached.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { createPreviewController } from '../src/core/preview/controller.ts';
import { formatDiagnostic, type BuildResult, type NativeTarget, type ProjectFiles } from '../src/core/types.ts';
import { nodeEngine } from '../src/node/engine-host.ts';
import { nodePreviewWorkers } from '../src/node/preview-host.ts';
import { repoRoot } from './support/corpus.ts';
import { startBootstrap } from './support/lambda-server.ts';
import { goVersionM, nativeBuild } from './support/native.ts';

const minutes = 60_000;
const fixtures = join(repoRoot, 'test', 'fixtures', 'modules');
const scratch = mkdtempSync(join(tmpdir(), 'gofn-modproxy-'));
const engine = nodeEngine({ cacheDir: join(repoRoot, '.cache', 'test-modules-store') });
const env = { GOPROXY: 'https://proxy.golang.org', GOSUMDB: 'sum.golang.org' };
const targets: NativeTarget[] = ['linux/amd64', 'linux/arm64'];
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let reachable: string | undefined;
beforeAll(async () => {
  try {
    const res = await fetch('https://proxy.golang.org/github.com/google/uuid/@v/list', { signal: AbortSignal.timeout(15_000) });
    reachable = res.ok ? undefined : `proxy.golang.org answered ${res.status}`;
  } catch (e) {
    reachable = `proxy.golang.org is not reachable (${e instanceof Error ? e.message : String(e)})`;
  }
});

function skipOffline(ctx: { skip: (note?: string) => void }): void {
  if (reachable) ctx.skip(`skipped: these tests need the real module proxy, and ${reachable}`);
}

function readTree(dir: string): ProjectFiles {
  const out: ProjectFiles = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = new Uint8Array(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function writeTree(dir: string, files: ProjectFiles): void {
  for (const [p, d] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), d);
  }
}

const nativeEnv = { GOPROXY: 'https://proxy.golang.org', GOSUMDB: 'sum.golang.org', GONOSUMDB: '', GOFLAGS: '-buildvcs=false' };

const projects: { name: string; query: string }[] = [
  { name: 'chi', query: '/api?name=gofn' },
  { name: 'uuid', query: '/api?x=1' },
  { name: 'xtext', query: '/api?q=hallo welt' },
  { name: 'compress', query: '/api?s=gofn' },
  { name: 'gin', query: '/api?q=modules' },
];

function ok(result: BuildResult): Extract<BuildResult, { ok: true }> {
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result;
}

describe.each(projects)('$name', ({ name, query }) => {
  const files = readTree(join(fixtures, name));

  test.for(targets)('byte-identical to native go build for %s, with the same go version -m', { timeout: 30 * minutes }, async (target: NativeTarget, ctx: TestContext) => {
    skipOffline(ctx);
    const keep = join(scratch, name, target.replace('/', '-'));
    const built = ok(await engine.build({ files, target, env: { ...env, GO_BUILD_FLAGS: "-ldflags='-s -w -buildid='" }, keepSourcesDir: keep }));
    writeTree(keep, built.keptSources!);
    const route = built.routes[0]!;
    const native = await nativeBuild({ dir: route.native!.cwd, goVersion: built.goVersion, env: { ...route.native!.env, ...nativeEnv }, args: route.native!.args });
    writeFileSync(join(keep, 'gofn-bootstrap'), route.binary);
    writeFileSync(join(keep, 'native-bootstrap'), native);
    expect(await goVersionM(join(keep, 'gofn-bootstrap'))).toEqual(await goVersionM(join(keep, 'native-bootstrap')));
    expect(Buffer.compare(Buffer.from(route.binary), Buffer.from(native)), `${name} ${target}: gofn and native go build differ`).toBe(0);
  });

  test('the preview answers as the linux bootstrap does', async (ctx) => {
    skipOffline(ctx);
    const linux = ok(await engine.build({ files, target: 'linux/amd64', env })).routes[0]!;
    const preview = ok(await engine.build({ files, target: 'wasip1/wasm', env })).routes[0]!;
    const bin = join(scratch, `${name}-bootstrap`);
    writeFileSync(bin, linux.binary, { mode: 0o755 });
    const lambda = await startBootstrap(bin);
    const controller = createPreviewController({ createWorker: nodePreviewWorkers() });
    try {
      await controller.start(preview.binary);
      const req = { method: 'GET', url: query, headers: [] as [string, string][] };
      const a = await lambda.invoke(req);
      const b = await controller.request(req);
      expect(b.status).toBe(200);
      expect(b.status).toBe(a.status);
      expect(new TextDecoder().decode(b.body)).toBe(new TextDecoder().decode(a.body));
    } finally {
      controller.stop();
      await lambda.close();
    }
  }, 30 * minutes);
});

// Vercel's default flags (-ldflags '-s -w'): go's build IDs included.
describe.each(['chi', 'compress'])('%s with the default flags', (name) => {
  const files = readTree(join(fixtures, name));
  test.for(targets)('byte-identical to native go build for %s, build IDs included', { timeout: 30 * minutes }, async (target: NativeTarget, ctx: TestContext) => {
    skipOffline(ctx);
    const keep = join(scratch, `${name}-default`, target.replace('/', '-'));
    const built = ok(await engine.build({ files, target, env, keepSourcesDir: keep }));
    writeTree(keep, built.keptSources!);
    const route = built.routes[0]!;
    const native = await nativeBuild({ dir: route.native!.cwd, goVersion: built.goVersion, env: { ...route.native!.env, ...nativeEnv }, args: route.native!.args });
    expect(Buffer.compare(Buffer.from(route.binary), Buffer.from(native)), `${name} ${target}: gofn and native go build differ`).toBe(0);
  });
});

describe('sum.golang.org', () => {
  test('vouches, through the proxy, for the go.sum lines a project lacks', async (ctx) => {
    skipOffline(ctx);
    const files = readTree(join(fixtures, 'uuid'));
    const goSum = new TextDecoder().decode(files['go.sum'] as Uint8Array);
    delete files['go.sum'];
    const built = await engine.build({ files, target: 'linux/amd64', env });
    expect(built.ok).toBe(false);
    expect(built.modules?.proposal?.goSum).toBe(goSum);
    // The tree head it checked against is kept for the next lookup.
    const kept = await nodeEngine({ cacheDir: join(repoRoot, '.cache', 'test-modules-store') }).build({ files, target: 'linux/amd64', env, tidy: true });
    expect(kept.ok, JSON.stringify(kept.ok ? '' : kept.diagnostics)).toBe(true);
  }, 10 * minutes);
});

describe('a second build', () => {
  test('fetches nothing and recompiles only what changed', async (ctx) => {
    skipOffline(ctx);
    const files = readTree(join(fixtures, 'chi'));
    ok(await engine.build({ files, target: 'linux/amd64', env }));
    const again = ok(await engine.build({ files, target: 'linux/amd64', env }));
    expect(again.modules?.fetched).toEqual({ requests: 0, bytes: 0 });
    // No tool runs: every compile, asm and link step comes from the action cache.
    expect(again.timings.filter((t) => (t.step === 'compile' || t.step === 'asm' || t.step === 'link') && !t.cached)).toEqual([]);

    // A fresh engine over the same store (a new CLI run): still nothing fetched.
    const fresh = nodeEngine({ cacheDir: join(repoRoot, '.cache', 'test-modules-store') });
    const cold = ok(await fresh.build({ files, target: 'linux/amd64', env }));
    expect(cold.modules?.fetched).toEqual({ requests: 0, bytes: 0 });

    // An edit no earlier run made (the store outlives test runs).
    const edited = { ...files, 'api/index.go': new TextDecoder().decode(files['api/index.go'] as Uint8Array).replace('"hello"', `"hi ${Date.now()}"`) };
    const rebuilt = ok(await engine.build({ files: edited, target: 'linux/amd64', env }));
    expect(rebuilt.modules?.fetched.requests).toBe(0);
    const recompiled = rebuilt.timings.filter((t) => (t.step === 'compile' || t.step === 'asm' || t.step === 'link') && !t.cached).map((t) => t.label);
    expect(recompiled).toEqual(['compile example.com/chi-app/api', 'link example.com/chi-app/_gofn/api']);
  }, 30 * minutes);
});
