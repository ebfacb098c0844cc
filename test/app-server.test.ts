// `gofn serve --app` without a browser: which headers each kind of file
// gets, compression, ranges and HEAD, the pass-through and the build API
// mounted beside the app, and the same caching rules in the host files
// `npm run build` writes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appServer } from '../src/node/app-server.ts';
import { nodeEngine } from '../src/node/engine-host.ts';
import { headersFile, IMMUTABLE, vercelJson } from '../src/node/static-headers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'gofn-app-server-'));
const script = `console.log(${JSON.stringify('x'.repeat(5000))});\n`;
let server: Server;
let base = '';
const objectRaw = Buffer.from('the raw bytes of a toolchain object '.repeat(200));
const objectSha = 'ab'.repeat(32);

beforeAll(async () => {
  const dist = join(tmp, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>gofn</title>');
  writeFileSync(join(dist, 'embed.html'), '<!doctype html><title>widget</title>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), script);
  mkdirSync(join(tmp, 'toolchains', 'objects'), { recursive: true });
  writeFileSync(join(tmp, 'toolchains', 'index.json'), '[]');
  writeFileSync(join(tmp, 'toolchains', 'objects', 'deadbeef.gz'), Buffer.alloc(4096, 7));
  writeFileSync(join(tmp, 'toolchains', 'objects', `${objectSha}.gz`), gzipSync(objectRaw));
  writeFileSync(join(tmp, 'toolchains', 'objects', `${objectSha}.br`), brotliCompressSync(objectRaw));
  const app = await appServer({ dist, toolchains: join(tmp, 'toolchains'), buildApi: nodeEngine({ toolchains: join(tmp, 'toolchains'), cacheDir: join(tmp, 'store') }) });
  if (typeof app === 'string') throw new Error(app);
  server = app;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(tmp, { recursive: true, force: true });
});

const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
const headers = (r: Response) => Object.fromEntries(r.headers);

describe('gofn serve --app', () => {
  it('serves the document revalidated and hashed assets immutable, compressed', async () => {
    const doc = await fetch(`${base}/`);
    expect(await doc.text()).toContain('<title>gofn</title>');
    expect(headers(doc)).toMatchObject({ ...isolation, 'cache-control': 'no-cache' });
    expect(doc.headers.get('document-isolation-policy')).toBeNull();
    const widget = await fetch(`${base}/embed.html`);
    expect(headers(widget)).toMatchObject({ ...isolation, 'document-isolation-policy': 'isolate-and-require-corp' });
    const js = await fetch(`${base}/assets/index-abc123.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(headers(js)).toMatchObject({ ...isolation, 'cache-control': IMMUTABLE, 'content-encoding': 'gzip' });
    expect(await js.text()).toBe(script);
  });

  it('serves toolchain objects immutable and as stored, with ranges and HEAD', async () => {
    const raw = await fetch(`${base}/toolchains/objects/deadbeef.gz`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(headers(raw)).toMatchObject({ ...isolation, 'cache-control': IMMUTABLE });
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await raw.arrayBuffer()).equals(Buffer.alloc(4096, 7))).toBe(true);
    const part = await fetch(`${base}/toolchains/objects/deadbeef.gz`, { headers: { Range: 'bytes=10-19', 'Accept-Encoding': 'gzip' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/4096');
    expect((await part.arrayBuffer()).byteLength).toBe(10);
    const head = await fetch(`${base}/toolchains/objects/deadbeef.gz`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('4096');
    expect(headers(await fetch(`${base}/toolchains/index.json`))['cache-control']).toBe('no-cache');
  });

  it('sends an object with a brotli copy brotli-encoded to a client that accepts br, else the gzip object', async () => {
    const url = `${base}/toolchains/objects/${objectSha}.gz`;
    // Node's fetch decodes Content-Encoding as a browser does: the raw bytes arrive.
    const br = await fetch(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } });
    expect(headers(br)).toMatchObject({ ...isolation, 'cache-control': IMMUTABLE, 'content-encoding': 'br', vary: 'Accept-Encoding' });
    expect(Buffer.from(await br.arrayBuffer()).equals(objectRaw)).toBe(true);
    for (const accept of ['gzip', 'br;q=0, gzip', 'brotli']) {
      const gz = await fetch(url, { headers: { 'Accept-Encoding': accept } });
      expect(gz.headers.get('content-encoding'), accept).toBeNull();
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(objectRaw), accept).toBe(true);
    }
    // A range is always of the stored gzip object.
    const part = await fetch(url, { headers: { Range: 'bytes=0-1', 'Accept-Encoding': 'br' } });
    expect(part.status).toBe(206);
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([0x1f, 0x8b]);
  });

  it('answers 404 with the isolation headers, under /toolchains/ too', async () => {
    for (const path of ['/nope.js', '/toolchains/objects/missing.gz', '/toolchains/']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(headers(res)).toMatchObject(isolation);
    }
  });

  it('mounts the module proxy pass-through and, when asked, the build API', async () => {
    const refused = await fetch(`${base}/_gofn/goproxy/not-a-protocol-path`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('not a GOPROXY protocol path');
    const versions = await fetch(`${base}/versions`);
    expect(await versions.json()).toEqual({ versions: [] });
  });

  it('gzip-compresses nothing that is already compressed', async () => {
    const res = await fetch(`${base}/toolchains/objects/deadbeef.gz`, { headers: { 'Accept-Encoding': 'gzip' } });
    const body = Buffer.from(await res.arrayBuffer());
    expect(() => gunzipSync(body)).toThrow();
  });
});

describe('host files written by npm run build', () => {
  it('give every path the isolation headers and the content-addressed ones immutable caching', () => {
    expect(headersFile()).toBe(
      [
        '/*',
        '  Cross-Origin-Opener-Policy: same-origin',
        '  Cross-Origin-Embedder-Policy: require-corp',
        '  Cross-Origin-Resource-Policy: same-origin',
        '/embed',
        '  Document-Isolation-Policy: isolate-and-require-corp',
        '/embed.html',
        '  Document-Isolation-Policy: isolate-and-require-corp',
        '/assets/*',
        `  Cache-Control: ${IMMUTABLE}`,
        '/toolchains/objects/*',
        `  Cache-Control: ${IMMUTABLE}`,
        '',
      ].join('\n'),
    );
    const vercel = JSON.parse(vercelJson()) as { headers: { source: string; headers: { key: string; value: string }[] }[] };
    expect(vercel.headers.map((h) => h.source)).toEqual(['/(.*)', '/embed(.html)?', '/assets/(.*)', '/toolchains/objects/(.*)']);
    expect(vercel.headers[0]!.headers.map((h) => h.key)).toEqual(['Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy', 'Cross-Origin-Resource-Policy']);
  });
});
