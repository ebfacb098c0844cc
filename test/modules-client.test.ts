// The GOPROXY protocol client on its own, against small HTTP servers on
// loopback: cmd/go's GOPROXY list rules ("," falls back only on not-found,
// "|" on any error, "off", "direct"), GONOPROXY/GOPRIVATE, GOSUMDB through
// the proxy, and a proxy URL with credentials, which go only to its own
// host and appear in no message.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchPrefixPatterns, moduleEnv, parseGoproxy, redactUrl } from '../src/core/modules/env.ts';
import { escapeModulePath, parseProtocolPath, unescapeModulePath } from '../src/core/modules/protocol-path.ts';
import { ModuleFetcher } from '../src/core/modules/proxy-client.ts';
import type { Fetcher } from '../src/core/types.ts';

interface Seen {
  path: string;
  authorization?: string;
}

function server(handle: (req: IncomingMessage) => { status: number; body?: string; location?: string }): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const s = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const out = handle(req);
    res.writeHead(out.status, out.location ? { location: out.location } : {});
    res.end(out.body ?? '');
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen, server: s })));
}

const fetcher: Fetcher = (url, init) => fetch(url, init);
let notFound: Awaited<ReturnType<typeof server>>;
let broken: Awaited<ReturnType<typeof server>>;
let good: Awaited<ReturnType<typeof server>>;
let elsewhere: Awaited<ReturnType<typeof server>>;

beforeAll(async () => {
  notFound = await server(() => ({ status: 404, body: 'not found: no such module' }));
  broken = await server(() => ({ status: 500, body: 'internal error' }));
  elsewhere = await server(() => ({ status: 200, body: 'zip bytes' }));
  good = await server((req) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('gopher:s3cret-token').toString('base64')}`) return { status: 401, body: 'who are you' };
    if (req.url?.endsWith('.zip')) return { status: 302, location: `${elsewhere.url}/storage/blob.zip` };
    if (req.url === '/sumdb/sum.golang.org/supported') return { status: 200 };
    return { status: 200, body: 'v1.0.0\nv1.1.0\n' };
  });
});
afterAll(() => {
  for (const s of [notFound, broken, good, elsewhere]) s?.server.close();
});

const authed = () => good.url.replace('http://', 'http://gopher:s3cret-token@');
const client = (goproxy: string, extra: Record<string, string> = {}) =>
  new ModuleFetcher({ fetcher, env: moduleEnv({ GOPROXY: goproxy, ...extra }, { goproxy: 'https://proxy.golang.org' }) });
const text = (o: Awaited<ReturnType<ModuleFetcher['get']>>) => ('data' in o ? new TextDecoder().decode(o.data) : `error: ${o.error.message}`);

describe('GOPROXY list', () => {
  it('parses entries, separators, off and direct as cmd/go does', () => {
    const { proxies } = parseGoproxy('proxy.example.com|https://b.example/x,direct,https://ignored');
    expect(proxies.map((p) => (p.kind === 'url' ? [p.url.base, p.fallBackOnError] : p.kind))).toEqual([
      ['https://proxy.example.com', true],
      ['https://b.example/x', false],
      'direct',
    ]);
    expect(parseGoproxy(' , ').error).toBe('GOPROXY list is not the empty string, but contains no entries');
  });

  it('falls back after "," only when a module is not found', async () => {
    expect(text(await client(`${notFound.url},${authed()}`).get('example.com/m/@v/list'))).toBe('v1.0.0\nv1.1.0\n');
    const stopped = await client(`${broken.url},${authed()}`).get('example.com/m/@v/list');
    expect(text(stopped)).toBe(`error: reading ${broken.url}/example.com/m/@v/list: 500 Internal Server Error\n\tserver response: internal error`);
  });

  it('falls back after "|" on any error', async () => {
    expect(text(await client(`${broken.url}|${authed()}`).get('example.com/m/@v/list'))).toBe('v1.0.0\nv1.1.0\n');
  });

  it('reports not found as go words it, for go\'s fallbacks and queries', async () => {
    const out = await client(notFound.url).get('example.com/m/@v/v1.0.0.mod');
    expect('error' in out && out.error).toEqual({ notExist: true, message: `reading ${notFound.url}/example.com/m/@v/v1.0.0.mod: 404 Not Found\n\tserver response: not found: no such module` });
  });

  it('says what off, direct and GONOPROXY mean', async () => {
    expect(text(await client('off').get('example.com/m/@v/list'))).toBe('error: module lookup disabled by GOPROXY=off');
    expect(text(await client('direct').get('example.com/m/@v/list'))).toMatch(/^error: GOPROXY lists "direct", which gofn cannot do yet/);
    expect(text(await client(good.url, { GOPRIVATE: '*.corp.example,example.com/private' }).get('example.com/private/x/@v/list'))).toMatch(
      /^error: module example\.com\/private\/x matches GONOPROXY\/GOPRIVATE \(example\.com\/private\), so go fetches it directly/,
    );
  });
});

describe('a proxy URL with credentials', () => {
  it('sends them only to that host, also across a redirect', async () => {
    good.seen.length = 0;
    elsewhere.seen.length = 0;
    const out = await client(authed()).get('example.com/m/@v/v1.0.0.zip');
    expect(text(out)).toBe('zip bytes');
    expect(good.seen[0]?.authorization).toMatch(/^Basic /);
    expect(elsewhere.seen).toEqual([{ path: '/storage/blob.zip', authorization: undefined }]);
  });

  it('keeps them out of every message', async () => {
    const wrong = good.url.replace('http://', 'http://gopher:wrong-s3cret@');
    const out = await client(wrong).get('example.com/m/@v/list');
    expect(text(out)).toBe(`error: reading ${good.url}/example.com/m/@v/list: 401 Unauthorized\n\tserver response: who are you`);
    expect(JSON.stringify(out)).not.toContain('s3cret');
    expect(redactUrl('Get "https://u:tok@host/x": dial failed')).toBe('Get "https://host/x": dial failed');
  });

  it('reaches the checksum database through the proxy that says it serves it', async () => {
    good.seen.length = 0;
    const out = await client(`${notFound.url},${authed()}`).get('sumdb/sum.golang.org/lookup/example.com/m@v1.0.0');
    expect(text(out)).toBe('v1.0.0\nv1.1.0\n');
    expect(good.seen.map((s) => s.path)).toEqual(['/sumdb/sum.golang.org/supported', '/sumdb/sum.golang.org/lookup/example.com/m@v1.0.0']);
  });
});

describe('paths', () => {
  it('case-encodes module paths as the GOPROXY protocol does', () => {
    expect(escapeModulePath('github.com/Azure/azure-sdk-for-go')).toBe('github.com/!azure/azure-sdk-for-go');
    expect(unescapeModulePath('github.com/!azure/x')).toBe('github.com/Azure/x');
    expect(unescapeModulePath('github.com/Azure/x')).toBeUndefined();
    expect(parseProtocolPath('github.com/!burnt!sushi/toml/@v/v1.3.2.zip')).toEqual({ kind: 'zip', path: 'github.com/BurntSushi/toml', version: 'v1.3.2' });
    expect(parseProtocolPath('../etc/passwd')).toBeUndefined();
  });

  it('matches GOPRIVATE-style patterns as module.MatchPrefixPatterns', () => {
    expect(matchPrefixPatterns('*.corp.example.com,rsc.io/private', 'git.corp.example.com/xyzzy')).toBe('*.corp.example.com');
    expect(matchPrefixPatterns('*.corp.example.com,rsc.io/private', 'rsc.io/private/quux')).toBe('rsc.io/private');
    expect(matchPrefixPatterns('rsc.io/private', 'rsc.io/privateer')).toBeUndefined();
    expect(matchPrefixPatterns('github.com/*/secret', 'github.com/org/secret/sub')).toBe('github.com/*/secret');
    expect(matchPrefixPatterns('github.com/*/secret', 'github.com/secret')).toBeUndefined();
  });
});
