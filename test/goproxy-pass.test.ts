// The module proxy pass-through (/_gofn/goproxy/) against a real GOPROXY on
// loopback: native go downloads and verifies modules through it, redirects
// are followed by the pass-through, credentials stay with the upstream,
// nothing but the protocol's paths and methods is answered, immutable answers
// are cached and errors are not.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../src/node/engine-host.ts';
import { goproxyPass, type GoproxyPassOptions } from '../src/node/goproxy-pass.ts';
import { buildServer } from '../src/node/server.ts';
import { goEnv, hostGoVersion } from './support/native.ts';
import { runProcess } from './support/spawn.ts';
import { serveStatic, writeGoproxyDir, writeTree, type StaticServer } from './support/goproxy-layout.ts';

const tmp = mkdtempSync(join(tmpdir(), 'gofn-goproxy-'));
const greet = {
  path: 'example.com/Greet',
  version: 'v1.0.0',
  files: {
    'go.mod': 'module example.com/Greet\n\ngo 1.22\n',
    'greet.go': 'package greet\n\nfunc Hello() string { return "hello" }\n',
  },
};
// Random text, so that the zip is larger than the size cap a test sets.
const big = { path: 'example.com/big', version: 'v1.0.0', files: { 'go.mod': 'module example.com/big\n', 'big.go': `package big\n\n// ${randomBytes(3000).toString('base64')}\n` } };

let upstream: StaticServer;
let storage: StaticServer;
let sums: string[];
const servers: Server[] = [];

async function passServer(opts: GoproxyPassOptions): Promise<string> {
  const middleware = goproxyPass({ cacheDir: join(tmp, `cache-${servers.length}`), ...opts });
  const server = createServer((req, res) =>
    middleware(req, res, () => {
      res.statusCode = 418;
      res.end('not the pass-through');
    }),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  sums = await writeGoproxyDir(join(tmp, 'proxy'), [greet, big]);
  upstream = await serveStatic(join(tmp, 'proxy'));
  // A second origin standing in for the storage host zips redirect to.
  storage = await serveStatic(join(tmp, 'proxy'));
});

afterAll(async () => {
  await Promise.all([upstream.close(), storage.close(), ...servers.map((s) => new Promise((done) => s.close(done)))]);
  rmSync(tmp, { recursive: true, force: true });
});

const hits = (s: StaticServer, path: string) => s.requests.filter((r) => r.path === path).length;

/** Native go in a fresh module that requires the test module, with its own module cache. */
async function goDownload(proxy: string, gosum: string[], name: string, sumdb = 'off') {
  const dir = join(tmp, name);
  await writeTree(dir, {
    'go.mod': `module example.com/app\n\ngo 1.22\n\nrequire example.com/Greet v1.0.0\n`,
    'go.sum': gosum.join('\n') + '\n',
  });
  const env = goEnv(hostGoVersion(), { GOPROXY: proxy, GOSUMDB: sumdb, GOMODCACHE: join(dir, 'modcache'), GOPATH: join(dir, 'gopath'), GOFLAGS: '-modcacherw' });
  return runProcess('go', ['mod', 'download', '-json', 'example.com/Greet'], { cwd: dir, env });
}

describe('module proxy pass-through', () => {
  it('native go downloads a module through it and verifies it against go.sum', async () => {
    const base = await passServer({ upstream: upstream.url });
    const run = await goDownload(`${base}/_gofn/goproxy`, sums, 'verify');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { Path: string; Version: string; Sum: string; GoModSum: string; Error?: string };
    expect(out).toMatchObject({ Path: 'example.com/Greet', Version: 'v1.0.0' });
    expect(out.Error).toBeUndefined();
    expect(sums).toContain(`example.com/Greet v1.0.0 ${out.Sum}`);
    expect(sums).toContain(`example.com/Greet v1.0.0/go.mod ${out.GoModSum}`);
    // The case-escaped path went upstream as the client sent it.
    expect(hits(upstream, '/example.com/!greet/@v/v1.0.0.zip')).toBe(1);
  });

  it('a go.sum that does not match stops native go with its security error', async () => {
    const base = await passServer({ upstream: upstream.url });
    const wrong = sums.map((l) => (l.startsWith('example.com/Greet v1.0.0 ') ? 'example.com/Greet v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' : l));
    const run = await goDownload(`${base}/_gofn/goproxy`, wrong, 'mismatch');
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('SECURITY ERROR');
  });

  it('caches immutable answers; lists, @latest and non-canonical versions always go upstream', async () => {
    const base = await passServer({ upstream: upstream.url });
    const at = (p: string) => `${base}/_gofn/goproxy/example.com/big/${p}`;
    for (let i = 0; i < 2; i++) {
      for (const p of ['@v/v1.0.0.info', '@v/v1.0.0.mod', '@v/v1.0.0.zip', '@v/list', '@latest']) {
        const res = await fetch(at(p));
        expect(res.status, p).toBe(200);
        await res.arrayBuffer();
      }
    }
    expect(hits(upstream, '/example.com/big/@v/v1.0.0.zip')).toBe(1);
    expect(hits(upstream, '/example.com/big/@v/v1.0.0.mod')).toBe(1);
    expect(hits(upstream, '/example.com/big/@v/v1.0.0.info')).toBe(1);
    expect(hits(upstream, '/example.com/big/@v/list')).toBe(2);
    expect(hits(upstream, '/example.com/big/@latest')).toBe(2);
    const hit = await fetch(at('@v/v1.0.0.zip'));
    expect(hit.headers.get('x-gofn-cache')).toBe('hit');
    expect(hit.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await hit.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    // A branch name is a query, not a version: its answer changes.
    await fetch(at('@v/main.info'));
    await fetch(at('@v/main.info'));
    expect(hits(upstream, '/example.com/big/@v/main.info')).toBe(2);
  });

  it('passes 404 and 410 through with their text and caches no error', async () => {
    const base = await passServer({ upstream: upstream.url });
    const url = `${base}/_gofn/goproxy/example.com/big/@v/v1.0.0.mod`;
    upstream.failOnce.set('/example.com/big/@v/v1.0.0.mod', 410);
    const gone = await fetch(url);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe('injected failure 410\n');
    expect(gone.headers.get('cache-control')).toBe('no-store');
    upstream.failOnce.set('/example.com/big/@v/v1.0.0.mod', 500);
    const broken = await fetch(url);
    expect(broken.status).toBe(502);
    expect(await broken.text()).toContain('answered 500');
    const missing = await fetch(`${base}/_gofn/goproxy/example.com/big/@v/v9.9.9.mod`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not found: /example.com/big/@v/v9.9.9.mod\n');
    const before = hits(upstream, '/example.com/big/@v/v1.0.0.mod');
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('module example.com/big\n');
    expect(hits(upstream, '/example.com/big/@v/v1.0.0.mod')).toBe(before + 1);
  });

  it('follows redirects itself and sends the upstream credentials to the upstream only', async () => {
    upstream.redirect = (p) => (p.endsWith('.zip') ? `${storage.url}${p}` : undefined);
    try {
      const withCreds = upstream.url.replace('http://', 'http://user:s3cret@');
      const base = await passServer({ upstream: withCreds });
      const res = await fetch(`${base}/_gofn/goproxy/example.com/big/@v/v1.0.0.zip`);
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
      const up = upstream.requests.filter((r) => r.path === '/example.com/big/@v/v1.0.0.zip').at(-1)!;
      expect(up.authorization).toBe(`Basic ${Buffer.from('user:s3cret').toString('base64')}`);
      const hop = storage.requests.filter((r) => r.path === '/example.com/big/@v/v1.0.0.zip');
      expect(hop).toHaveLength(1);
      expect(hop[0]!.authorization).toBeUndefined();
      // A failure message names the upstream without its credentials.
      upstream.failOnce.set('/example.com/big/@v/v1.0.0.info', 503);
      const failed = await (await fetch(`${base}/_gofn/goproxy/example.com/big/@v/v1.0.0.info`)).text();
      expect(failed).toContain(upstream.url);
      expect(failed).not.toContain('s3cret');
    } finally {
      upstream.redirect = undefined;
    }
  });

  it('refuses other paths and methods, and puts the isolation headers on every answer', async () => {
    const base = await passServer({ upstream: upstream.url });
    const before = upstream.requests.length;
    for (const p of ['', 'example.com/big', 'example.com/big/@v/v1.0.0.exe', 'example.com/Big/@v/list', 'example.com/%2e%2e/@v/list', 'sumdb/sum.golang.org/../../x', 'sumdb/sum.golang.org/tile/8/0/12', 'sumdb/sum.golang.org/lookup/x']) {
      const res = await fetch(`${base}/_gofn/goproxy/${p}`);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
    // Clients that do not normalise the path (fetch would) get no further.
    for (const p of ['../etc/passwd', 'example.com/../../x/@v/list', 'example.com/./big/@v/list']) {
      const status = await new Promise<number | undefined>((done, fail) =>
        request({ host: '127.0.0.1', port: new URL(base).port, path: `/_gofn/goproxy/${p}` }, (r) => (r.resume(), done(r.statusCode))).on('error', fail).end(),
      );
      expect(status, p).toBe(404);
    }
    const post = await fetch(`${base}/_gofn/goproxy/example.com/big/@v/list`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(upstream.requests.length).toBe(before);
    const res = await fetch(`${base}/_gofn/goproxy/example.com/big/@v/list`);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect((await fetch(`${base}/elsewhere`)).status).toBe(418);
  });

  it('is mounted by gofn serve, upstream from GOFN_UPSTREAM_GOPROXY', async () => {
    process.env['GOFN_UPSTREAM_GOPROXY'] = upstream.url;
    let server: Server;
    try {
      server = buildServer(nodeEngine({ cacheDir: join(tmp, 'serve-store') }));
    } finally {
      delete process.env['GOFN_UPSTREAM_GOPROXY'];
    }
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await fetch(`${base}/_gofn/goproxy/example.com/!greet/@v/list`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1.0.0\n');
    expect((await fetch(`${base}/versions`)).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const base = await passServer({ upstream: upstream.url });
    const res = await fetch(`${base}/_gofn/goproxy/example.com/big/@v/v1.0.0.mod`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String('module example.com/big\n'.length));
    expect(upstream.requests.at(-1)!.method).toBe('HEAD');
  });

  it('caps sizes: over the limit is refused up front, or cut off, and never cached', async () => {
    const base = await passServer({ upstream: upstream.url, limit: (p) => (p.kind === 'zip' ? 1000 : 1 << 20) });
    const url = `${base}/_gofn/goproxy/example.com/big/@v/v1.0.0.zip`;
    const res = await fetch(url);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/over the 1000-byte limit for a zip answer/);
    // Without a declared length the body is counted as it streams, and the connection cut.
    upstream.redirect = (p) => (p.endsWith('.zip') ? `${chunked}${p}` : undefined);
    let served = 0;
    const chunkedServer = createServer((_req, r) => {
      served++;
      r.writeHead(200, { 'Content-Type': 'application/zip' });
      r.write(Buffer.alloc(800));
      setTimeout(() => r.end(Buffer.alloc(800)), 50);
    });
    await new Promise<void>((done) => chunkedServer.listen(0, '127.0.0.1', done));
    servers.push(chunkedServer);
    const chunked = `http://127.0.0.1:${(chunkedServer.address() as AddressInfo).port}`;
    try {
      await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
      await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
      expect(served).toBe(2);
    } finally {
      upstream.redirect = undefined;
    }
  });
});

// The real module proxy, which also proxies sum.golang.org: native go checks a
// module with no go.sum line against the checksum database through the pass-through.
const online = await fetch('https://proxy.golang.org/rsc.io/quote/@v/v1.5.2.info', { signal: AbortSignal.timeout(10_000) }).then(
  (r) => r.ok,
  () => false,
);

describe.skipIf(!online)('module proxy pass-through to proxy.golang.org (network)', () => {
  it('native go verifies a module against the checksum database through it', async () => {
    const base = await passServer({});
    const dir = join(tmp, 'sumdb');
    await writeTree(dir, { 'go.mod': 'module example.com/app\n\ngo 1.22\n' });
    const env = goEnv(hostGoVersion(), { GOPROXY: `${base}/_gofn/goproxy`, GOSUMDB: 'sum.golang.org', GOMODCACHE: join(dir, 'modcache'), GOPATH: join(dir, 'gopath'), GOFLAGS: '-modcacherw' });
    const run = await runProcess('go', ['mod', 'download', '-json', 'rsc.io/quote@v1.5.2'], { cwd: dir, env });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { Sum: string; Error?: string };
    expect(out.Error).toBeUndefined();
    expect(out.Sum).toBe('h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=');
    // go fetched the database through the pass-through: a lookup, then tiles.
    const tile = await fetch(`${base}/_gofn/goproxy/sumdb/sum.golang.org/lookup/rsc.io/quote@v1.5.2`);
    expect(tile.headers.get('x-gofn-cache')).toBe('hit');
  });
});

if (!online) console.warn('goproxy-pass: proxy.golang.org is not reachable; the network test is skipped');
