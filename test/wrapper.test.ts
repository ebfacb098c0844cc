// The generated main packages, built with native `go`: each request is
// answered by the linux/amd64 bootstrap under a Lambda Runtime API server and
// by the wasip1 preview module under the preview controller, and the two
// answers must be the same (status, headers, body).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreviewController, type PreviewController } from '../src/core/preview/controller.ts';
import { INVOCATION_FAILED_BODY } from '../src/core/preview/bridge.ts';
import { matchRoute } from '../src/core/project/router.ts';
import type { PreviewRequest, PreviewResponse, Route } from '../src/core/types.ts';
import { lambdaMain, previewMain } from '../src/core/wrap/wrapper.ts';
import { nodePreviewWorkers } from '../src/node/preview-host.ts';
import { startBootstrap, type LambdaAnswer, type RunningBootstrap } from './support/lambda-server.ts';
import { buildSamples, SAMPLE_HANDLERS, type SampleHandler, type Samples } from './support/sample-handlers.ts';

const env = { GREETING: 'hello from env' };
let samples: Samples;
const bootstraps = new Map<SampleHandler, RunningBootstrap>();
const previews = new Map<SampleHandler, PreviewController>();

beforeAll(async () => {
  samples = await buildSamples('wrapper');
  for (const h of SAMPLE_HANDLERS) {
    bootstraps.set(h, await startBootstrap(samples.bootstrap(h), { env }));
    const controller = createPreviewController({ createWorker: nodePreviewWorkers() });
    await controller.start(samples.preview(h), env);
    previews.set(h, controller);
  }
}, 300_000);

afterAll(async () => {
  for (const c of previews.values()) c.stop();
  for (const b of bootstraps.values()) await b.close();
});

/** Sends the same request to both targets and checks that they answer alike. */
async function both(handler: SampleHandler, request: PreviewRequest): Promise<{ lambda: LambdaAnswer; preview: PreviewResponse }> {
  // One request id for both, so that handlers echoing the platform's headers answer alike.
  const req = { client: { requestId: 'dev1::wrapr-1700000000000-0123456789ab' }, ...request };
  const lambda = await bootstraps.get(handler)!.invoke(req);
  const preview = await previews.get(handler)!.request(req);
  expect({ status: preview.status, headers: preview.headers, body: base64(preview.body) }).toEqual({
    status: lambda.status,
    headers: lambda.headers,
    body: base64(lambda.body),
  });
  return { lambda, preview };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
// Strings compare in one step; deep equality on megabyte arrays walks every index.
const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const json = (b: Uint8Array) => JSON.parse(text(b)) as Record<string, unknown>;

describe('generated sources', () => {
  it('are gofmt-clean and deterministic', async () => {
    const { stdout } = await promisify(execFile)('gofmt', ['-l', join(samples.dir, 'cmd')]);
    expect(stdout).toBe('');
    const opts = { importPath: 'example.com/m/api/users', handler: 'Handler', entry: 'api/users/[id].go' };
    expect(lambdaMain(opts)).toBe(lambdaMain(opts));
    expect(previewMain(opts)).toContain('fn "example.com/m/api/users"');
    expect(previewMain(opts)).toContain('var handlerFunc = fn.Handler');
  });

  it('refuses a handler name that is not an exported identifier', () => {
    expect(() => lambdaMain({ importPath: 'example.com/m/api', handler: 'handler' })).toThrow(/not an exported Go identifier/);
  });
});

describe('matchRoute', () => {
  const routes: Route[] = [
    { route: '/api', entry: 'api/index.go', pattern: '^/api$', params: [] },
    { route: '/api/[team]/[id]', entry: 'api/[team]/[id].go', pattern: '^/api/([^/]+)/([^/]+)$', params: ['team', 'id'] },
    { route: '/api/hello', entry: 'api/hello.go', pattern: '^/api/hello$', params: [] },
  ];

  it('keeps the query of a static route and drops the fragment', () => {
    expect(matchRoute(routes, '/api/hello?a=1#top')).toMatchObject({ route: { entry: 'api/hello.go' }, params: {}, url: '/api/hello?a=1' });
    expect(matchRoute(routes, '/api')?.url).toBe('/api');
  });

  it('decodes segments and re-encodes them as query values', () => {
    const m = matchRoute(routes, '/api/go%20team/a%2Fb?x=%20')!;
    expect(m.params).toEqual({ team: 'go team', id: 'a/b' });
    expect(m.url).toBe('/api/go%20team/a%2Fb?x=%20&team=go%20team&id=a%2Fb');
  });

  it('answers undefined when nothing matches', () => {
    expect(matchRoute(routes, '/api/a/b/c')).toBeUndefined();
    expect(matchRoute(routes, '/other')).toBeUndefined();
  });
});

describe('bootstrap and preview answer alike', () => {
  it('GET with query and repeated headers', async () => {
    const { preview } = await both('Echo', {
      method: 'GET',
      url: '/api/echo?x=1&x=2&y=%C3%A9',
      headers: [['X-Custom', 'a'], ['x-custom', 'b'], ['Accept', 'text/plain']],
    });
    const seen = json(preview.body);
    expect(seen).toMatchObject({
      method: 'GET',
      path: '/api/echo',
      requestURI: '/api/echo?x=1&x=2&y=%C3%A9',
      query: { x: ['1', '2'], y: ['é'] },
      host: 'localhost:3000',
      remoteAddr: '127.0.0.1',
      contentLength: 0,
      proto: 'HTTP/1.1',
      env: 'hello from env',
    });
    expect((seen.header as Record<string, string[]>)['X-Custom']).toEqual(['a', 'b']);
    expect(seen.header).not.toHaveProperty('Host');
    expect(preview.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
  });

  it('POST with a body and a status; the second WriteHeader is ignored and logged', async () => {
    const { lambda, preview } = await both('Echo', {
      method: 'POST',
      url: '/api/echo?status=201',
      headers: [['Content-Type', 'application/json'], ['Host', 'example.vercel.app']],
      body: '{"name":"gopher"}',
    });
    expect(preview.status).toBe(201);
    expect(preview.headers.map(([k]) => k)).not.toContain('X-Too-Late');
    expect(json(preview.body)).toMatchObject({ method: 'POST', body: '{"name":"gopher"}', contentLength: 17, host: 'example.vercel.app' });
    const superfluous = 'http: superfluous response.WriteHeader call from example.com/fn/api.Echo (sample.go:';
    expect(preview.logs.some((l) => l.stream === 'stderr' && l.text.startsWith(superfluous))).toBe(true);
    expect(lambda.status).toBe(201);
  });

  it('a dynamic segment reaches the handler as a query parameter, the path unchanged', async () => {
    const routes: Route[] = [
      { route: '/api/users/me', entry: 'api/users/me.go', pattern: '^/api/users/me$', params: [] },
      { route: '/api/users/[id]', entry: 'api/users/[id].go', pattern: '^/api/users/([^/]+)$', params: ['id'] },
    ];
    const match = matchRoute(routes, '/api/users/42?tab=a&id=evil')!;
    expect(match.route.entry).toBe('api/users/[id].go');
    expect(match.url).toBe('/api/users/42?tab=a&id=42');
    const { preview } = await both('Echo', { method: 'GET', url: match.url, headers: [] });
    expect(json(preview.body)).toMatchObject({ path: '/api/users/42', query: { id: ['42'], tab: ['a'] } });
  });

  it('binary bodies round-trip and Content-Type is sniffed', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 256 }, (_, i) => i)]);
    const bin = await both('Bytes', { method: 'POST', url: '/api/bytes', headers: [], body: png });
    expect(bin.preview.headers).toEqual([['Content-Type', 'image/png']]);
    expect(base64(bin.preview.body)).toBe(base64(png));
    const html = await both('Bytes', { method: 'POST', url: '/api/bytes', headers: [], body: '<!DOCTYPE html><p>hi' });
    expect(html.preview.headers).toEqual([['Content-Type', 'text/html; charset=utf-8']]);
    // Larger than the preview's input pipe (256 KiB), so the request crosses it in several pieces.
    let seed = 1;
    const large = Uint8Array.from({ length: 1 << 20 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const big = await both('Bytes', { method: 'PUT', url: '/api/bytes', headers: [], body: large });
    expect(base64(big.preview.body)).toBe(base64(large));
    expect(big.preview.headers).toEqual([['Content-Type', 'application/octet-stream']]);
    const empty = await both('Bytes', { method: 'GET', url: '/api/bytes', headers: [] });
    expect(empty.preview.headers).toEqual([]);
  });

  it('keeps state across requests (a warm instance)', async () => {
    expect(text((await both('Counter', { method: 'GET', url: '/api/counter', headers: [] })).preview.body)).toBe('count=1\n');
    expect(text((await both('Counter', { method: 'GET', url: '/api/counter', headers: [] })).preview.body)).toBe('count=2\n');
  });

  it('streams with http.Flusher (chunks in the preview, one body on Lambda)', async () => {
    const { preview } = await both('Stream', { method: 'GET', url: '/api/stream', headers: [] });
    expect(text(preview.body)).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    expect(preview.headers).toEqual([['Content-Type', 'text/event-stream']]);
    expect(preview.chunks).toBe(3);
  });

  it('a panic is a 500 with the stack in the logs, and the next request meets a fresh instance', async () => {
    const { preview } = await both('Boom', { method: 'GET', url: '/api/boom', headers: [] });
    expect(preview.status).toBe(500);
    expect(text(preview.body)).toBe(INVOCATION_FAILED_BODY);
    const stderr = preview.logs.filter((l) => l.stream === 'stderr').map((l) => l.text).join('\n');
    expect(stderr).toContain('panic: boom');
    expect(stderr).toMatch(/example\.com\/fn\/api\.Boom\(/);
    await both('Boom', { method: 'GET', url: '/api/boom', headers: [] });
    const boot = bootstraps.get('Boom')!;
    expect(boot.starts()).toBe(2);
    expect(boot.output()).toContain('panic: boom');
  });

  it('os.Exit during a request is a failed invocation on both', async () => {
    const { preview } = await both('Spin', { method: 'GET', url: '/api/spin?do=exit', headers: [] });
    expect(preview.error).toMatch(/exited with code 3 before answering/);
    expect(text((await both('Spin', { method: 'GET', url: '/api/spin', headers: [] })).preview.body)).toBe('requests=1\n');
  });

  it('handler output goes to the logs, never into the body', async () => {
    const { lambda, preview } = await both('Echo', { method: 'GET', url: '/api/echo?mark=1', headers: [] });
    expect(text(preview.body)).not.toContain('LOG-MARKER');
    expect(text(lambda.body)).not.toContain('LOG-MARKER');
    expect(preview.logs).toContainEqual({ stream: 'stdout', text: 'LOG-MARKER stdout GET /api/echo' });
    expect(preview.logs.some((l) => l.stream === 'stderr' && l.text.endsWith('LOG-MARKER stderr mark=1'))).toBe(true);
    expect(bootstraps.get('Echo')!.output()).toContain('LOG-MARKER stdout GET /api/echo');
  });
});
