// `gofn dev` on loopback, driven by real HTTP clients: routes, a dynamic
// segment, public/ files, streaming as it happens, bodies streamed in, the
// platform's limits, rebuilds after edits and after a compile error, and many
// requests in flight at once.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, startDev, type DevProcess } from './support/dev-process.ts';

let dir: string;
let dev: DevProcess;

beforeAll(async () => {
  dir = copyFixture('dev');
  dev = await startDev(dir);
  await dev.waitFor(/gofn dev: built 6 of 6 routes/);
}, 600_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(`${dev.base}${path}`, init);

/** A raw HTTP exchange with the moments each piece arrived, for streaming. */
function timedGet(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; chunks: { at: number; text: string }[]; endedAt: number }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    request(`${dev.base}${path}`, (res) => {
      const chunks: { at: number; text: string }[] = [];
      res.on('data', (b: Buffer) => chunks.push({ at: performance.now() - t0, text: b.toString('utf8') }));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, chunks, endedAt: performance.now() - t0 }));
      res.on('error', fail);
    })
      .on('error', fail)
      .end();
  });
}

describe('gofn dev', () => {
  it('answers a route, logs one line for it and prefixes the handler output', async () => {
    const from = dev.lines.length;
    const res = await get('/api/hello');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello from gofn dev\n');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('server')).toBe('Vercel');
    expect(res.headers.get('x-vercel-id')).toMatch(/^dev1::/);
    await dev.waitFor(/^GET \/api\/hello 200 \d+ ms \/api\/hello$/, from);
    await dev.waitFor(/^\[\/api\/hello( #\d+)?\] hello called$/, from);
  });

  it('passes a dynamic segment as a query parameter, the path unchanged', async () => {
    const res = await get('/api/users/42?x=1');
    expect(await res.json()).toEqual({ id: '42', path: '/api/users/42', query: 'x=1&id=42' });
    expect(res.headers.getSetCookie()).toEqual(['seen=1', 'user=42']);
  });

  it('serves public/ at the root: index.html, files, ranges, HEAD; Vercel 404 for the rest', async () => {
    expect(await (await get('/')).text()).toContain('static home');
    expect(await (await get('/docs/')).text()).toContain('docs index');
    const file = await get('/hello.txt');
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await file.text()).toBe('plain text file\n');
    const part = await get('/hello.txt', { headers: { Range: 'bytes=0-4' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('plain');
    const head = await get('/hello.txt', { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('16');
    for (const path of ['/nope', '/api/nope']) {
      const missing = await get(path);
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get('x-vercel-error')).toBe('NOT_FOUND');
      expect(await missing.text()).toBe('The page could not be found\n\nNOT_FOUND\n');
    }
  });

  it('streams http.Flusher output as chunked transfer while the handler runs', async () => {
    const res = await timedGet('/api/stream?gap=400');
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.chunks.map((c) => c.text).join('')).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    expect(res.chunks[0]!.text).toBe('data: 1\n\n');
    // The handler sleeps 400 ms after each event: the first arrives well before it returns.
    expect(res.endedAt - res.chunks[0]!.at).toBeGreaterThan(700);
  });

  it('reads a request body as it streams in, and refuses one over 4.5 MB with 413', async () => {
    const body = Buffer.alloc(300_000, 'b');
    const answer = await new Promise<string>((done, fail) => {
      const req = request(`${dev.base}/api/echo`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' } }, (res) => {
        let text = '';
        res.on('data', (b: Buffer) => (text += b.toString('utf8')));
        res.on('end', () => done(text));
      }).on('error', fail);
      // Chunked, in pieces with pauses between them.
      let sent = 0;
      const next = () => {
        if (sent >= body.length) return void req.end();
        req.write(body.subarray(sent, sent + 100_000));
        sent += 100_000;
        setTimeout(next, 50);
      };
      next();
    });
    expect(answer).toContain('body=300000 ');
    const big = await get('/api/echo', { method: 'POST', body: new Uint8Array(4.5 * 1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(big.headers.get('x-vercel-error')).toBe('FUNCTION_PAYLOAD_TOO_LARGE');
    expect(await big.text()).toBe('Request Entity Too Large\n\nFUNCTION_PAYLOAD_TOO_LARGE\n');
  });

  it("answers a handler stuck past its 2 s maxDuration with 504 while other routes still answer", async () => {
    const t0 = performance.now();
    const stuck = get('/api/stuck').then(async (r) => ({ status: r.status, text: await r.text(), at: performance.now() - t0 }));
    await new Promise((r) => setTimeout(r, 200));
    const hello = await get('/api/hello');
    const helloAt = performance.now() - t0;
    expect(hello.status).toBe(200);
    const s = await stuck;
    expect(s.status).toBe(504);
    expect(s.text).toBe('An error occurred with your deployment\n\nFUNCTION_INVOCATION_TIMEOUT\n');
    expect(s.at).toBeGreaterThanOrEqual(2000);
    expect(helloAt).toBeLessThan(s.at);
  });

  it('serves 100 concurrent requests with none lost, spread over instances', async () => {
    const from = dev.lines.length;
    const answers = await Promise.all(Array.from({ length: 100 }, () => get('/api/count?sleep=20').then(async (r) => ({ status: r.status, text: await r.text() }))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.every((a) => /^served=\d+\n$/.test(a.text))).toBe(true);
    await dev.waitFor(/^\[\/api\/count #\d+\] gofn: Starting a new instance\.$/, from);
    const logged = () => dev.lines.slice(from).filter((l) => /^GET \/api\/count\?sleep=20 200 /.test(l)).length;
    await expect.poll(logged).toBe(100);
  });

  it('rebuilds after an edit: requests wait for the build, untouched routes stay warm', async () => {
    await get('/api/users/1');
    const file = join(dir, 'api', 'hello.go');
    const from = dev.lines.length;
    writeFileSync(file, readFileSync(file, 'utf8').replace('hello from gofn dev', 'hello after an edit'));
    // Sent at once: it must wait for the rebuild rather than answer from the old build.
    await new Promise((r) => setTimeout(r, 100));
    expect(await (await get('/api/hello')).text()).toBe('hello after an edit\n');
    await dev.waitFor(/gofn dev: built 6 of 6 routes/, from);
    await get('/api/users/2');
    expect(dev.lines.slice(from).some((l) => l.startsWith('[/api/users/[id]') && l.includes('Starting a new instance'))).toBe(false);
  });

  it('answers a compile error with 500 and the located error, stays up, and recovers when it is fixed', async () => {
    const file = join(dir, 'api', 'hello.go');
    const good = readFileSync(file, 'utf8');
    const from = dev.lines.length;
    writeFileSync(file, good.replace('fmt.Println("hello called")', 'fmt.Println("hello called", undefinedName)'));
    await new Promise((r) => setTimeout(r, 100));
    const broken = await get('/api/hello');
    expect(broken.status).toBe(500);
    const text = await broken.text();
    expect(text).toMatch(/api\/hello\.go:10:\d+: undefined: undefinedName/);
    await dev.waitFor(/api\/hello\.go:10:\d+: undefined: undefinedName/, from);
    // Another package still builds and answers.
    expect((await get('/api/users/7')).status).toBe(200);
    writeFileSync(file, good);
    await new Promise((r) => setTimeout(r, 100));
    const fixed = await get('/api/hello');
    expect(fixed.status).toBe(200);
    expect(await fixed.text()).toMatch(/^hello/);
  });
});
