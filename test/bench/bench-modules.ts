// `npm run bench`, module part: a chi handler (test/fixtures/modules/chi)
// through the real module proxy. The wasm toolchain with an empty module
// cache (everything fetched) and a warm one (an edited handler), against
// native `go build` with an empty module cache and GOCACHE, and warm ones.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildResult, ProjectFiles } from '../../src/core/types.ts';
import { nodeEngine } from '../../src/node/engine-host.ts';

const fixture = fileURLToPath(new URL('../fixtures/modules/chi', import.meta.url));
const env = { GOPROXY: 'https://proxy.golang.org', GOSUMDB: 'sum.golang.org' };

function readTree(dir: string): ProjectFiles {
  const out: ProjectFiles = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

async function timed(fn: () => Promise<BuildResult>): Promise<{ ms: number; result: Extract<BuildResult, { ok: true }> }> {
  const t0 = performance.now();
  const result = await fn();
  if (!result.ok) throw new Error(`chi build failed: ${JSON.stringify(result.diagnostics)}`);
  return { ms: performance.now() - t0, result };
}

function native(result: Extract<BuildResult, { ok: true }>, modcache: string, gocache: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'gofn-bench-chi-'));
  for (const [k, v] of Object.entries(result.keptSources!)) {
    mkdirSync(dirname(join(dir, k)), { recursive: true });
    writeFileSync(join(dir, k), v);
  }
  const inv = result.routes[0]!.native!;
  const t0 = performance.now();
  execFileSync(inv.args[0]!, inv.args.slice(1), {
    cwd: join(dir, inv.cwd),
    env: { ...process.env, ...inv.env, ...env, GOMODCACHE: modcache, GOCACHE: gocache, GOFLAGS: '-modcacherw -buildvcs=false' },
    stdio: 'ignore',
  });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const kb = (n: number): string => `${Math.round(n / 1024)} KB`;

export async function benchModules(): Promise<string[]> {
  try {
    const res = await fetch('https://proxy.golang.org/github.com/go-chi/chi/v5/@v/list', { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (e) {
    return [`chi handler: skipped, proxy.golang.org is not reachable (${e instanceof Error ? e.message : String(e)})`];
  }
  const files = readTree(fixture);
  const store = mkdtempSync(join(tmpdir(), 'gofn-bench-store-'));
  const engine = nodeEngine({ cacheDir: store });
  const target = 'linux/amd64';
  const cold = await timed(() => engine.build({ files, target, env, keepSourcesDir: '.' }));
  const edited = { ...files, 'api/index.go': `${files['api/index.go'] as string}\n// edit\n` };
  const warm = await timed(() => engine.build({ files: edited, target, env, keepSourcesDir: '.' }));
  // A new engine over the same store: what a second CLI run (or a reload) meets.
  const again = await timed(() => nodeEngine({ cacheDir: store }).build({ files: edited, target, env, keepSourcesDir: '.' }));
  rmSync(store, { recursive: true, force: true });

  const modcache = mkdtempSync(join(tmpdir(), 'gofn-bench-gomodcache-'));
  const gocache = mkdtempSync(join(tmpdir(), 'gofn-bench-gocache-'));
  const nativeCold = native(cold.result, modcache, gocache);
  const nativeWarm = native(warm.result, modcache, gocache);
  // Only the module cache empty: what fetching chi costs go itself.
  const modcache2 = mkdtempSync(join(tmpdir(), 'gofn-bench-gomodcache-'));
  const nativeFetch = native(cold.result, modcache2, gocache);
  rmSync(modcache, { recursive: true, force: true });
  rmSync(modcache2, { recursive: true, force: true });
  rmSync(gocache, { recursive: true, force: true });

  const load = (r: typeof cold): string => fmt(r.result.timings.filter((t) => t.step === 'load').reduce((n, t) => n + t.ms, 0));
  return [
    `chi handler (${target}, github.com/go-chi/chi/v5 from proxy.golang.org):`,
    `  wasm, empty module and action caches: ${fmt(cold.ms)} (load ${load(cold)}), fetched ${cold.result.modules!.fetched.requests} files, ${kb(cold.result.modules!.fetched.bytes)}`,
    `  wasm, warm caches, handler edited:    ${fmt(warm.ms)} (load ${load(warm)}), fetched ${warm.result.modules!.fetched.requests} files`,
    `  wasm, new engine over the same store: ${fmt(again.ms)} (load ${load(again)}), fetched ${again.result.modules!.fetched.requests} files`,
    `  native go build, empty GOMODCACHE and GOCACHE: ${fmt(nativeCold)}; empty GOMODCACHE, warm GOCACHE: ${fmt(nativeFetch)}; warm, handler edited: ${fmt(nativeWarm)}`,
  ];
}
