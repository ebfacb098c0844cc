// The same-origin module proxy pass-through at /_gofn/goproxy/. Browsers
// cannot read the public module proxy directly (it refuses cross-site
// requests, golang/go#77496, and zips may redirect to a storage host without
// CORS headers), so the engine in a page fetches modules and checksum
// database tiles through its own origin, and this forwards them: GOPROXY
// protocol paths only, GET and HEAD only, redirects followed here, go's size
// limits, upstream 404/410 passed through with their text (go reads it), and
// immutable answers cached on disk. Errors are never cached.
//
// Other pass-through routes (git smart HTTP for private modules) are further
// PassRoutes given to passThrough next to this one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from './isolation.ts';
import { DiskCache } from './pass/disk-cache.ts';
import { classifyGoproxyPath, sizeLimit, type GoproxyPath } from './pass/goproxy-paths.ts';
import { passThrough, readCapped, relayBody, sendText, type PassRoute } from './pass/pass-through.ts';
import { fetchFollowing, parseUpstream, type Upstream } from './pass/upstream.ts';

export const GOPROXY_PASS_PREFIX = '/_gofn/goproxy/';
export const DEFAULT_UPSTREAM_GOPROXY = 'https://proxy.golang.org';

export interface GoproxyPassOptions {
  /** Default: $GOFN_UPSTREAM_GOPROXY, else https://proxy.golang.org. May carry user:token@. */
  upstream?: string;
  /** Default: .cache/goproxy in the repository. */
  cacheDir?: string;
  /** Size caps by kind, for tests; go's own limits otherwise. */
  limit?: (path: GoproxyPath) => number;
}

const defaultCacheDir = fileURLToPath(new URL('../../.cache/goproxy', import.meta.url));
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function goproxyRoute(opts: GoproxyPassOptions = {}): PassRoute {
  const upstream = parseUpstream(opts.upstream ?? process.env['GOFN_UPSTREAM_GOPROXY'] ?? DEFAULT_UPSTREAM_GOPROXY);
  // One cache folder per upstream, so two proxies' answers never mix.
  const cache = new DiskCache(resolve(opts.cacheDir ?? defaultCacheDir, cacheFolder(upstream)));
  const limit = opts.limit ?? ((p: GoproxyPath) => sizeLimit(p.kind));
  return {
    prefix: GOPROXY_PASS_PREFIX,
    methods: ['GET', 'HEAD'],
    async handle(req, res, rest) {
      const target = classifyGoproxyPath(rest);
      if (!target) return sendText(res, 404, `not a GOPROXY protocol path: ${GOPROXY_PASS_PREFIX}${rest}\n`);
      const head = req.method === 'HEAD';
      const cached = target.immutable ? await cache.get(target.path) : undefined;
      if (cached) {
        res.writeHead(200, { 'Content-Type': target.contentType, 'Content-Length': String(cached.size), 'Cache-Control': IMMUTABLE, 'X-Gofn-Cache': 'hit' });
        if (head) return void res.end();
        cached.open().pipe(res);
        return;
      }
      await forward(req, res, upstream, target, limit(target), target.immutable && !head ? cache : undefined);
    },
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, upstream: Upstream, target: GoproxyPath, limit: number, cache: DiskCache | undefined): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const up = await fetchFollowing(new URL(target.path, upstream.base), {
    method: req.method === 'HEAD' ? 'HEAD' : 'GET',
    originHeaders: upstream.authorization ? { Authorization: upstream.authorization } : undefined,
    signal: abort.signal,
  }).catch((e: unknown) => {
    throw new Error(`${upstream.base.origin} could not be reached: ${causeOf(e)}`);
  });
  if (up.status === 404 || up.status === 410) {
    // go shows this text to the user ("server response: …"), and 404/410 let it try the next proxy.
    return sendText(res, up.status, await readCapped(up.body, 64 << 10));
  }
  if (!up.ok) {
    const detail = (await readCapped(up.body, 4 << 10)).trim();
    return sendText(res, 502, `${upstream.base.origin} answered ${up.status} ${up.statusText} for ${target.path}${detail ? `: ${detail}` : ''}\n`);
  }
  // fetch has already undone any Content-Encoding, so the upstream length only holds for identity bodies.
  const declared = up.headers.get('content-encoding') ? undefined : up.headers.get('content-length') ?? undefined;
  if (declared !== undefined && Number(declared) > limit) {
    await up.body?.cancel();
    return sendText(res, 502, `${target.path} is ${declared} bytes, over the ${limit}-byte limit for a ${target.kind} answer\n`);
  }
  res.writeHead(200, {
    'Content-Type': target.contentType,
    'Cache-Control': target.immutable ? IMMUTABLE : 'no-cache',
    'X-Gofn-Cache': 'miss',
    ...(declared !== undefined ? { 'Content-Length': declared } : {}),
  });
  if (req.method === 'HEAD' || !up.body) return void res.end();
  await relayBody(up.body, res, limit, cache ? await cache.writer(target.path) : undefined);
}

function cacheFolder(upstream: Upstream): string {
  return encodeURIComponent(upstream.base.host + upstream.base.pathname.replace(/\/$/, ''));
}

function causeOf(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : undefined;
  return cause ?? (e instanceof Error ? e.message : String(e));
}

/** The pass-through as a middleware for Vite's servers and `gofn serve`. */
export function goproxyPass(opts: GoproxyPassOptions = {}): Middleware {
  return passThrough([goproxyRoute(opts)]);
}
