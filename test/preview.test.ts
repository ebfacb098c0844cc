// The preview runtime on its own: deadlines, restarts, crash reports,
// streaming as it happens, logs kept out of bodies. Modules are the sample
// handlers built with native `go` for wasip1 (see support/sample-handlers.ts).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPreviewController, ONE_SHOT_NOTE, type PreviewController, type PreviewControllerOptions } from '../src/core/preview/controller.ts';
import { INVOCATION_FAILED_BODY } from '../src/core/preview/bridge.ts';
import { BODY_LIMIT } from '../src/core/preview/limits.ts';
import type { LogLine } from '../src/core/types.ts';
import { nodePreviewWorkers } from '../src/node/preview-host.ts';
import { buildSamples, type Samples } from './support/sample-handlers.ts';

let samples: Samples;
const open: PreviewController[] = [];

beforeAll(async () => {
  samples = await buildSamples('preview');
}, 300_000);

afterEach(() => {
  for (const c of open.splice(0)) c.stop();
});

function controller(opts: Partial<PreviewControllerOptions> = {}): PreviewController {
  const c = createPreviewController({ createWorker: nodePreviewWorkers(), ...opts });
  open.push(c);
  return c;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const get = (url: string) => ({ method: 'GET', url, headers: [] as [string, string][] });

describe('preview controller', () => {
  it('stops an infinite loop at the deadline with a clear message; the next request meets a fresh instance', async () => {
    const c = controller({ timeoutMs: 1500 });
    await c.start(samples.preview('Spin'));
    expect(text((await c.request(get('/api/spin'))).body)).toBe('requests=1\n');
    const stuck = await c.request(get('/api/spin?do=loop'));
    const message = 'The handler did not answer within 1.5 s (maxDuration): FUNCTION_INVOCATION_TIMEOUT. The instance was stopped and will restart on the next request.';
    expect(stuck.status).toBe(504);
    expect(text(stuck.body)).toBe('An error occurred with your deployment\n\nFUNCTION_INVOCATION_TIMEOUT\n');
    expect(stuck.headers).toContainEqual(['X-Vercel-Error', 'FUNCTION_INVOCATION_TIMEOUT']);
    expect(stuck.error).toBe(message);
    expect(stuck.logs).toContainEqual({ stream: 'system', text: message });
    const next = await c.request(get('/api/spin'));
    expect(next.status).toBe(200);
    expect(text(next.body)).toBe('requests=1\n');
    expect(next.logs[0]).toEqual({ stream: 'system', text: 'Starting a new instance.' });
  }, 30_000);

  it('delivers flushed chunks while the handler is still running', async () => {
    const c = controller({ timeoutMs: 1500 });
    await c.start(samples.preview('Stream'));
    let settled = false;
    const seen: string[] = [];
    const heads: number[] = [];
    const pending = c
      .request(get('/api/stream?hang=1'), {
        onHead: (status) => heads.push(status),
        onChunk: (chunk) => seen.push(`${settled ? 'after' : 'before'}:${text(chunk)}`),
      })
      .finally(() => (settled = true));
    const res = await pending;
    // The handler never returns after its first Flush, so the chunk can only have come while it ran.
    expect(seen).toEqual(['before:data: 1\n\n']);
    expect(heads).toEqual([200]);
    expect(res.status).toBe(200);
    expect(text(res.body)).toBe('data: 1\n\n');
    expect(res.error).toMatch(/did not answer within 1\.5 s/);
  }, 30_000);

  it('reports a panic as a 500 with value and stack in the logs, never in the body', async () => {
    const lines: LogLine[] = [];
    const c = controller({ onLog: (l) => lines.push(l) });
    await c.start(samples.preview('Boom'));
    const res = await c.request(get('/api/boom'));
    expect(res.status).toBe(500);
    expect(res.headers).toEqual([['Content-Type', 'text/plain; charset=utf-8'], ['X-Vercel-Error', 'FUNCTION_INVOCATION_FAILED']]);
    expect(text(res.body)).toBe(INVOCATION_FAILED_BODY);
    expect(res.error).toMatch(/^The handler panicked: boom\./);
    const stderr = res.logs.filter((l) => l.stream === 'stderr').map((l) => l.text);
    expect(stderr[0]).toBe('panic: boom');
    expect(stderr.join('\n')).toMatch(/goroutine \d+ \[running\]:/);
    expect(stderr.join('\n')).toMatch(/example\.com\/fn\/api\.Boom\(/);
    expect(res.logs).toContainEqual({ stream: 'stdout', text: 'about to panic' });
    expect(lines).toEqual(res.logs);
  }, 30_000);

  it('attributes init-time output to the first response and passes the environment', async () => {
    const c = controller();
    await c.start(samples.preview('Echo'), { GREETING: 'hi' });
    const first = await c.request(get('/api/echo'));
    expect(first.logs).toContainEqual({ stream: 'stdout', text: 'init ran' });
    expect(JSON.parse(text(first.body))).toMatchObject({ env: 'hi' });
    const second = await c.request(get('/api/echo'));
    expect(second.logs.map((l) => l.text)).not.toContain('init ran');
  }, 30_000);

  it('serves concurrent requests one at a time, in order', async () => {
    const c = controller();
    await c.start(samples.preview('Counter'));
    const answers = await Promise.all([1, 2, 3].map(() => c.request(get('/api/counter'))));
    expect(answers.map((a) => text(a.body))).toEqual(['count=1\n', 'count=2\n', 'count=3\n']);
  }, 30_000);

  it('reports a module that is not a preview module', async () => {
    const c = controller();
    await c.start(trapModule(false));
    const res = await c.request(get('/'));
    expect(res.status).toBe(500);
    expect(res.error).toBe(
      'The instance exited with code 0 during start-up (before opening the preview channel) before answering; the next request starts a fresh instance.',
    );
  }, 30_000);

  it('reports a WebAssembly trap', async () => {
    const c = controller();
    await c.start(trapModule(true));
    const res = await c.request(get('/'));
    expect(res.status).toBe(500);
    expect(res.error).toMatch(/^The instance crashed: WebAssembly trap: unreachable/);
  }, 30_000);

  it('answers 413 FUNCTION_PAYLOAD_TOO_LARGE for a request body over 4.5 MB, without the instance', async () => {
    const c = controller();
    await c.start(samples.preview('Bytes'));
    const ok = await c.request({ method: 'POST', url: '/api/bytes', headers: [], body: new Uint8Array(BODY_LIMIT) });
    expect(ok.status).toBe(200);
    expect(ok.body.length).toBe(BODY_LIMIT);
    const big = await c.request({ method: 'POST', url: '/api/bytes', headers: [], body: new Uint8Array(BODY_LIMIT + 1) });
    expect(big.status).toBe(413);
    expect(text(big.body)).toBe('Request Entity Too Large\n\nFUNCTION_PAYLOAD_TOO_LARGE\n');
    expect(big.logs.some((l) => l.text.includes('Starting a new instance'))).toBe(false);
  }, 30_000);

  it('answers 413 once a response passes 4.5 MB, buffered or flushed, and starts a fresh instance after', async () => {
    const c = controller();
    await c.start(samples.preview('Flood'));
    const exact = await c.request(get(`/api/flood?n=${BODY_LIMIT}`));
    expect(exact.status).toBe(200);
    expect(exact.body.length).toBe(BODY_LIMIT);
    const endless = await c.request(get('/api/flood'));
    expect(endless.status).toBe(413);
    expect(endless.headers).toContainEqual(['X-Vercel-Error', 'FUNCTION_PAYLOAD_TOO_LARGE']);
    expect(endless.error).toMatch(/over the 4\.5 MB \(4718592 bytes\) limit: FUNCTION_PAYLOAD_TOO_LARGE/);
    // Flushed: the head is out, so the status stands; the error says what happened.
    const flushed = await c.request(get('/api/flood?flush=1'));
    expect(flushed.status).toBe(200);
    expect(flushed.error).toMatch(/FUNCTION_PAYLOAD_TOO_LARGE/);
    expect(flushed.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    const next = await c.request(get(`/api/flood?n=10`));
    expect(next.logs[0]).toEqual({ stream: 'system', text: 'Starting a new instance.' });
    expect(text(next.body)).toBe('xxxxxxxxxx');
  }, 60_000);

  it('caps memory: endless allocation ends in a one-line reason, a trimmed trace and a 500; the next request gets a fresh instance', async () => {
    const c = controller({ memoryMb: 256 });
    await c.start(samples.preview('Hog'));
    const res = await c.request({ ...get('/api/hog'), method: 'POST' });
    expect(res.status).toBe(500);
    expect(text(res.body)).toBe(INVOCATION_FAILED_BODY);
    expect(res.error).toMatch(/^Out of memory: the instance used up its 256 MB/);
    const texts = res.logs.map((l) => l.text);
    const reason = texts.indexOf(res.error!);
    expect(reason).toBeGreaterThanOrEqual(0);
    expect(texts.slice(reason + 1).join('\n')).toMatch(/out of memory/);
    expect(texts.join('\n')).toMatch(/example\.com\/fn\/api\.Hog\(/);
    expect(res.logs.length).toBeLessThan(90);
    const next = await c.request(get('/api/hog'));
    expect(text(next.body)).toBe('blocks=0\n');
  }, 60_000);

  it('gives the handler the platform env and request headers', async () => {
    const c = controller({ host: 'example.test:3000', memoryMb: 1024 });
    await c.start(samples.preview('Echo'), { GREETING: 'hi', VERCEL_ENV: 'overridden?' });
    const res = await c.request({ ...get('/api/echo'), headers: [['Host', 'example.test:3000'], ['X-Forwarded-For', '6.6.6.6']], client: { ip: '10.1.2.3' } });
    const seen = JSON.parse(text(res.body)) as { header: Record<string, string[]>; remoteAddr: string; host: string; platform: string; env: string };
    expect(seen.platform).toBe('1 development example.test:3000 dev1 1024');
    expect(seen.env).toBe('hi');
    expect(seen.host).toBe('example.test:3000');
    expect(seen.remoteAddr).toBe('10.1.2.3');
    expect(seen.header).toMatchObject({
      'X-Forwarded-For': ['10.1.2.3'],
      'X-Real-Ip': ['10.1.2.3'],
      'X-Forwarded-Host': ['example.test:3000'],
      'X-Forwarded-Proto': ['http'],
      'X-Vercel-Deployment-Url': ['example.test:3000'],
    });
    expect(seen.header['X-Vercel-Id']![0]).toMatch(/^dev1::[a-z0-9]{5}-\d+-[0-9a-f]{12}$/);
  }, 30_000);

  it('without SharedArrayBuffer (warm: false) answers each request from a fresh instance, streaming included', async () => {
    const c = controller({ warm: false, timeoutMs: 3000 });
    await c.start(samples.preview('Counter'));
    const answers = await Promise.all([1, 2].map(() => c.request(get('/api/counter'))));
    expect(answers.map((a) => text(a.body))).toEqual(['count=1\n', 'count=1\n']);
    expect(answers[1]!.logs[0]).toEqual({ stream: 'system', text: ONE_SHOT_NOTE });
    await c.start(samples.preview('Stream'));
    const chunks: string[] = [];
    const streamed = await c.request(get('/api/stream'), { onChunk: (b) => chunks.push(text(b)) });
    expect(streamed.status).toBe(200);
    expect(chunks.slice(0, 3)).toEqual(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']);
    await c.start(samples.preview('Spin'));
    expect((await c.request(get('/api/spin?do=loop'))).status).toBe(504);
  }, 60_000);

  it('refuses requests before start()', async () => {
    await expect(controller().request(get('/'))).rejects.toThrow(/start\(\)/);
  });
});

/**
 * A minimal WASI command: exports memory and a _start that either traps
 * (unreachable) or returns at once, like a program with an empty main.
 */
function trapModule(trap: boolean): Uint8Array {
  const body = trap ? [0x00, 0x00, 0x0b] : [0x00, 0x0b];
  const section = (id: number, bytes: number[]) => [id, bytes.length, ...bytes];
  const name = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('memory'), 2, 0, ...name('_start'), 0, 0]),
    ...section(10, [1, body.length, ...body]),
  ]);
}
