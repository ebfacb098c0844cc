// Toolchain bundles: the real toolchains/ written by `npm run toolchain`, read
// back through the engine's loader with the Node host's fetcher and store.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, closureFiles, prefetchFiles, stdClosure, ToolchainBundles } from '../src/core/bundles/bundle.ts';
import { stdVetxPath } from '../src/core/vet/vet-config.ts';
import { DiagnosticError, type BundleManifest, type Fetcher, type ProgressEvent, type Target, type ToolchainIndexEntry } from '../src/core/types.ts';
import { diskStore, localFetcher } from '../src/node/host.ts';
import { releaseToolIds } from '../src/core/plan/go-action-id.ts';
import { buildToolchain } from '../toolchain/bundle.ts';
import { GoCommand, parseVersionSpec } from '../toolchain/go-command.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'toolchains');
const targets: Target[] = ['linux/amd64', 'linux/arm64', 'wasip1/wasm'];
const run = promisify(execFile);

let index: ToolchainIndexEntry[];
const manifests = new Map<string, BundleManifest>();
let hostVersion: string;
let scratch: string;

beforeAll(async () => {
  if (!existsSync(join(outDir, 'index.json'))) throw new Error('toolchains/index.json is missing; run `npm run toolchain` first');
  index = JSON.parse(await readFile(join(outDir, 'index.json'), 'utf8')) as ToolchainIndexEntry[];
  for (const e of index) manifests.set(e.version, JSON.parse(await readFile(join(outDir, e.manifest), 'utf8')) as BundleManifest);
  hostVersion = (await run('go', ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' } })).stdout.trim().replace(/^go/, '');
  scratch = await mkdtemp(join(tmpdir(), 'gofn-bundle-test-'));
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const bundles = (dir: string, fetcher: Fetcher = localFetcher(root)): ToolchainBundles =>
  new ToolchainBundles({ baseUrl: 'toolchains/', fetcher, store: diskStore(join(scratch, dir)) });

describe('toolchains/ as built', () => {
  it('lists the host Go and 1.24.11, newest first, with matching manifest hashes', async () => {
    const versions = index.map((e) => e.version);
    expect(versions).toContain(hostVersion);
    expect(versions).toContain('1.24.11');
    expect(versions.indexOf(hostVersion)).toBeLessThan(versions.indexOf('1.24.11'));
    for (const e of index) {
      const bytes = await readFile(join(outDir, e.manifest));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
      expect(manifests.get(e.version)!.format).toBe(BUNDLE_FORMAT);
    }
  });

  it('has an object for every manifest file, with the right hash and sizes', async () => {
    for (const manifest of manifests.values()) {
      const checked = new Set<string>();
      for (const [path, f] of Object.entries(manifest.files)) {
        if (checked.has(f.sha256)) continue;
        checked.add(f.sha256);
        const gz = await readFile(join(outDir, 'objects', `${f.sha256}.gz`));
        expect(gz.length, path).toBe(f.gzSize);
        const raw = gunzipSync(gz);
        expect(raw.length, path).toBe(f.size);
        expect(createHash('sha256').update(raw).digest('hex'), path).toBe(f.sha256);
      }
      const tools = ['compile', 'link', 'asm', 'pack', 'gofmt', 'vet'].map((t) => `bin/${t}.wasm`);
      for (const t of [...tools, 'pkg/include/textflag.h', 'pkg/include/funcdata.h']) expect(manifest.files[t], t).toBeDefined();
      // go vet hands every package its imports' facts; std's come with the bundle (log.Fatal never returns, for lostcancel).
      for (const target of targets) expect(manifest.files[stdVetxPath(target, 'log')], `${target} log facts`).toBeDefined();
      expect(manifest.godebugs).toContainEqual({ name: 'asynctimerchan', changed: 23, old: '1' });
      expect(manifest.godebugs.map((g) => g.changed)).toEqual(manifest.godebugs.map((g) => g.changed).sort((a, b) => a - b));
    }
  });

  it('resolves the closure of net/http for each target to archives in the bundle', () => {
    for (const manifest of manifests.values()) {
      for (const target of targets) {
        const c = stdClosure(manifest, target, ['net/http']);
        expect(c.missing).toEqual([]);
        expect(c.packages).toEqual(expect.arrayContaining(['net/http', 'runtime', 'internal/abi', 'vendor/golang.org/x/net/http/httpguts']));
        expect(c.packages).not.toContain('unsafe');
        for (const a of c.archives) expect(manifest.files[a], a).toBeDefined();
      }
      expect(stdClosure(manifest, 'linux/amd64', ['example.com/x', 'unsafe']).missing).toEqual(['example.com/x']);
    }
  });

  it('holds the very archives `go build -trimpath` links', async () => {
    const dir = join(scratch, 'prog');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'go.mod'), 'module example.com/prog\n\ngo 1.21\n');
    await writeFile(join(dir, 'main.go'), 'package main\n\nimport (\n\t"encoding/json"\n\t"net/http"\n)\n\nfunc main() { _ = json.Marshal; http.ListenAndServe(":0", nil) }\n');
    for (const [version, manifest] of manifests) {
      const go = new GoCommand(parseVersionSpec(version === hostVersion ? 'host' : version));
      for (const target of targets) {
        const [GOOS, GOARCH] = target.split('/') as [string, string];
        const { stderr } = await run('go', ['build', '-trimpath', '-work', '-o', join(dir, 'prog.out'), '.'], { cwd: dir, env: go.env({ GOOS, GOARCH }) });
        const work = /^WORK=(.+)$/m.exec(stderr)![1]!;
        const cfg = await readFile(join(work, 'b001', 'importcfg.link'), 'utf8');
        await rm(work, { recursive: true, force: true });
        const linked = [...cfg.matchAll(/^packagefile (\S+)=(.+)$/gm)].filter(([, p]) => p !== 'example.com/prog');
        expect(linked.map(([, p]) => p).sort()).toEqual(stdClosure(manifest, target, ['encoding/json', 'net/http']).packages.sort());
        for (const [, pkg, file] of linked) {
          const sha = createHash('sha256').update(await readFile(file!)).digest('hex');
          expect(sha, `go${version} ${target} ${pkg}`).toBe(manifest.files[manifest.std[target][pkg!]!.archive]!.sha256);
        }
      }
    }
  });

  it("records each tool's -V=full line per target, as cmd/go hashes it", async () => {
    for (const [version, manifest] of manifests) {
      const go = new GoCommand(parseVersionSpec(version === hostVersion ? 'host' : version));
      for (const target of targets) {
        const [GOOS, GOARCH] = target.split('/') as [string, string];
        for (const tool of ['compile', 'asm', 'link'] as const) {
          const { stdout } = await run('go', ['tool', tool, '-V=full'], { cwd: scratch, env: go.env({ GOOS, GOARCH }) });
          expect(manifest.toolIds?.[target]?.[tool], `go${version} ${target} ${tool}`).toBe(stdout.trim());
        }
        // What the engine assumes for a bundle without the field holds for these releases.
        expect(manifest.toolIds?.[target]).toEqual(releaseToolIds(version));
      }
    }
  });
});

describe('loading bundles through the engine', () => {
  it('downloads the tools with progress, and each compiles as a WebAssembly module', async () => {
    const b = bundles('tools');
    const manifest = await b.manifest(hostVersion);
    const tools = Object.keys(manifest.files).filter((p) => p.startsWith('bin/'));
    const events: ProgressEvent[] = [];
    await b.ensure(manifest, tools, (e) => events.push(e));
    const total = tools.reduce((n, p) => n + manifest.files[p]!.gzSize, 0);
    expect(events.at(-1)).toMatchObject({ kind: 'download', loaded: total, total });
    expect(new Set(events.map((e) => e.file).filter(Boolean))).toEqual(new Set(tools));
    for (const p of tools) {
      const mod = await WebAssembly.compile(await b.read(manifest, p));
      expect(WebAssembly.Module.exports(mod).map((e) => e.name), p).toContain('_start');
      expect(WebAssembly.Module.imports(mod).some((i) => i.module === 'wasi_snapshot_preview1'), p).toBe(true);
    }
    expect((await b.cached())[0]).toMatchObject({ version: hostVersion, files: tools.length });
  });

  it('the first visit\'s files have brotli objects; a body the server encoded arrives decoded and progress still ends at the total', async () => {
    const manifest = manifests.get(hostVersion)!;
    const paths = prefetchFiles(manifest, ['wasip1/wasm']);
    expect(paths).toEqual(expect.arrayContaining(['bin/compile.wasm', 'bin/link.wasm', 'bin/gofn-helper.wasm', manifest.std['wasip1/wasm']!['net/http']!.archive]));
    const real = localFetcher(root);
    // What a browser's fetch gives for a br-encoded answer: the decoded bytes, with the header.
    const browserLike: Fetcher = async (url, init) => {
      const sha = /objects\/([0-9a-f]{64})\.gz$/.exec(url)?.[1];
      if (!sha) return real(url, init);
      const raw = brotliDecompressSync(await readFile(join(outDir, 'objects', `${sha}.br`)));
      return new Response(Uint8Array.from(raw), { headers: { 'content-encoding': 'br' } });
    };
    const b = bundles('brotli', browserLike);
    const m = await b.manifest(hostVersion);
    const some = [paths.find((p) => p.endsWith('link.wasm'))!, ...paths.filter((p) => p.startsWith('pkg/')).slice(0, 20)];
    const events: ProgressEvent[] = [];
    await b.ensure(m, some, (e) => events.push(e));
    const total = [...new Map(some.map((p) => [m.files[p]!.sha256, m.files[p]!.gzSize])).values()].reduce((a, n) => a + n, 0);
    expect(events.at(-1)).toMatchObject({ loaded: total, total });
    expect(events.every((e) => e.loaded <= e.total && (e.fileLoaded ?? 0) <= (e.fileTotal ?? Infinity))).toBe(true);
    for (const p of some) expect(createHash('sha256').update(await b.read(m, p)).digest('hex'), p).toBe(m.files[p]!.sha256);
  });

  it('rejects a corrupted object and stores nothing for it', async () => {
    const manifest = manifests.get(hostVersion)!;
    const path = 'pkg/include/textflag.h';
    const f = manifest.files[path]!;
    const real = localFetcher(root);
    const tampering: Fetcher = async (url, init) => {
      if (!url.endsWith(`${f.sha256}.gz`)) return real(url, init);
      const raw = gunzipSync(await readFile(join(outDir, 'objects', `${f.sha256}.gz`)));
      raw[0] = raw[0]! ^ 1;
      return new Response(Uint8Array.from(raw));
    };
    const b = bundles('corrupt', tampering);
    const m = await b.manifest(hostVersion);
    const err = await b.ensure(m, [path]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagnosticError);
    expect((err as DiagnosticError).diagnostics[0]).toMatchObject({ source: 'toolchain', message: expect.stringContaining(`expects ${f.size} bytes with sha256 ${f.sha256}`) });
    expect(await b.missing(m, [path])).toEqual([path]);
    await expect(b.read(m, path)).rejects.toThrow('not downloaded');
  });

  it('names the URL and status when the server has no such file', async () => {
    const b = bundles('missing', localFetcher(scratch));
    await expect(b.versions()).rejects.toThrow(/toolchains\/index\.json: HTTP 404.*npm run toolchain/);
  });

  it('refuses a manifest of another format with both formats and the fix', async () => {
    const real = localFetcher(root);
    const entry = index[0]!;
    const future = new TextEncoder().encode(JSON.stringify({ ...manifests.get(entry.version)!, format: 2 }));
    const sha = createHash('sha256').update(future).digest('hex');
    const skewed: Fetcher = async (url, init) => {
      if (url.endsWith('index.json')) return Response.json([{ ...entry, sha256: sha }]);
      if (url.endsWith(entry.manifest)) return new Response(future);
      return real(url, init);
    };
    await expect(bundles('skew', skewed).manifest(entry.version)).rejects.toThrow(
      /manifest format 2, but this gofn engine reads format 1; rebuild the bundles with `npm run toolchain`/,
    );
  });

  it('keeps objects another cached version shares when one is evicted, and works offline', async () => {
    const b = bundles('evict');
    const newer = await b.manifest(hostVersion);
    const older = await b.manifest('1.24.11');
    const shared = Object.keys(newer.files).filter((p) => older.files[p]?.sha256 === newer.files[p]!.sha256);
    expect(shared).toContain('pkg/include/textflag.h');
    const own = 'pkg/linux_amd64/net/http.a';
    expect(older.files[own]!.sha256).not.toBe(newer.files[own]!.sha256);
    await b.ensure(newer, ['pkg/include/textflag.h', own]);
    await b.ensure(older, ['pkg/include/textflag.h', own]);
    expect((await b.cached()).map((c) => c.version)).toEqual([hostVersion, '1.24.11']);

    // With the server gone, the cached manifests and objects still serve.
    const offline = bundles('evict', async () => {
      throw new TypeError('network is down');
    });
    expect(await offline.versions()).toEqual([hostVersion, '1.24.11']);
    expect((await offline.index()).offline).toBe(true);
    const cachedOlder = await offline.manifest('1.24.11');
    expect(await offline.read(cachedOlder, own)).toHaveLength(older.files[own]!.size);
    await expect(offline.manifest('1.99.0')).rejects.toThrow(/offline \(could not fetch toolchains\/index.json: network is down\)/);

    await b.evict('1.24.11');
    expect((await b.cached()).map((c) => c.version)).toEqual([hostVersion]);
    expect(await b.missing(newer, ['pkg/include/textflag.h', own])).toEqual([]);
    const store = diskStore(join(scratch, 'evict'));
    expect(await store.get(`toolchain/object/${older.files[own]!.sha256}`)).toBeUndefined();
    expect(await store.keys('toolchain/manifest/1.24.11/')).toEqual([]);
  });

  it('needs only the closure for a first build, far less than the whole bundle', () => {
    const manifest = manifests.get(hostVersion)!;
    const files = closureFiles(manifest, 'wasip1/wasm', ['net/http']);
    const bytes = (paths: string[]): number => paths.reduce((n, p) => n + manifest.files[p]!.gzSize, 0);
    expect(bytes(files)).toBeLessThan(bytes(Object.keys(manifest.files)) / 3);
  });
});

describe('the builder', () => {
  it('writes the same manifest on two runs', async () => {
    const once = join(scratch, 'run1');
    const twice = join(scratch, 'run2');
    const log = (): void => {};
    const common = { root, objectsDir: join(outDir, 'objects'), workDir: join(scratch, 'work'), log };
    const a = await buildToolchain('host', { ...common, outDir: once });
    const b = await buildToolchain('host', { ...common, outDir: twice });
    const first = await readFile(a.manifestPath, 'utf8');
    expect(await readFile(b.manifestPath, 'utf8')).toBe(first);
    expect(await readFile(join(once, 'index.json'), 'utf8')).toBe(await readFile(join(twice, 'index.json'), 'utf8'));
    expect(first).not.toMatch(/20\d\d-\d\d-\d\d/);
  });
});
