// The same-origin git pass-through at /_gofn/git/<host>/<path>, next to the
// module proxy pass-through. Git hosts send no CORS headers, so the engine in
// a page reaches private modules' repositories through its own origin, and
// this forwards exactly three kinds of request, to allowed hosts only:
//   GET  <repo>/info/refs?service=git-upload-pack   (smart HTTP ref listing)
//   POST <repo>/git-upload-pack                     (the packfile)
//   GET  <path>?go-get=1                            (go's repository discovery)
// Allowed hosts: $GOFN_GIT_HOSTS (comma-separated), else github.com,
// gitlab.com and bitbucket.org. $GOFN_HOST_MAP (host=base-url) sends a host
// elsewhere, as it does for the CLI. The Authorization header is passed
// through and never logged; answers are never cached (they may be private).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from './isolation.ts';
import { passThrough, readCapped, relayBody, sendText, type PassRoute } from './pass/pass-through.ts';
import { parseHostMap } from '../core/vcs/reach.ts';
import { PASS_REFUSAL_HEADER } from '../core/vcs/git-http.ts';

export const GIT_PASS_PREFIX = '/_gofn/git/';
export const DEFAULT_GIT_HOSTS = ['github.com', 'gitlab.com', 'bitbucket.org'];

export interface GitPassOptions {
  /** Hosts forwarded to; default $GOFN_GIT_HOSTS, else DEFAULT_GIT_HOSTS. */
  hosts?: string[];
  /** host=base-url pairs; default $GOFN_HOST_MAP. */
  hostMap?: string;
}

const MAX_REQUEST = 16 << 20;
const MAX_PACK = 1 << 30;
const MAX_PAGE = 1 << 20;

type Kind = 'refs' | 'pack' | 'go-get';

function classify(method: string, path: string, query: string): Kind | undefined {
  if (method === 'GET' && path.endsWith('/info/refs') && query === 'service=git-upload-pack') return 'refs';
  if (method === 'POST' && path.endsWith('/git-upload-pack') && query === '') return 'pack';
  if (method === 'GET' && query === 'go-get=1' && !/\/(info\/refs|git-upload-pack)$/.test(path)) return 'go-get';
  return undefined;
}

export function gitRoute(opts: GitPassOptions = {}): PassRoute {
  const allowed = new Set((opts.hosts ?? (process.env['GOFN_GIT_HOSTS'] ? process.env['GOFN_GIT_HOSTS'].split(',') : DEFAULT_GIT_HOSTS)).map((h) => h.trim().toLowerCase()).filter(Boolean));
  const hostMap = parseHostMap(opts.hostMap ?? process.env['GOFN_HOST_MAP']).map;
  return {
    prefix: GIT_PASS_PREFIX,
    methods: ['GET', 'POST'],
    async handle(req, res, rest, query) {
      const slash = rest.indexOf('/');
      const host = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
      const path = slash < 0 ? '/' : rest.slice(slash);
      const kind = classify(req.method ?? '', path, query);
      if (!/^[a-z0-9.-]+(:\d+)?$/.test(host) || path.includes('/../') || !kind) {
        return sendText(res, 404, `not a git smart-HTTP or go-get path: ${GIT_PASS_PREFIX}${rest}${query ? `?${query}` : ''}\n`);
      }
      if (!allowed.has(host)) {
        res.setHeader(PASS_REFUSAL_HEADER, host);
        return sendText(res, 403, `this server forwards git requests only to ${[...allowed].join(', ') || 'no host'}, not ${host}\n`);
      }
      const base = hostMap.get(host) ?? `https://${host}`;
      await forward(req, res, new URL(`${base}${path}${query ? `?${query}` : ''}`), kind);
    },
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, target: URL, kind: Kind): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'accept', 'git-protocol']) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (kind === 'pack') {
    const raw = await readRequest(req, MAX_REQUEST);
    body = raw && new Uint8Array(raw);
    if (!raw) return sendText(res, 413, `git-upload-pack request over ${MAX_REQUEST} bytes\n`);
  }
  // Redirects are not followed: the Authorization header must not go anywhere the user did not name.
  const up = await fetch(target, { method: req.method, headers, body, redirect: 'manual', signal: abort.signal }).catch((e: unknown) => {
    throw new Error(`${target.host} could not be reached: ${e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)}`);
  });
  if (!up.ok) {
    // 401/403 keep their status (the engine words them); WWW-Authenticate is dropped so no browser shows a login box.
    const status = [401, 403, 404, 410].includes(up.status) ? up.status : 502;
    const detail = (await readCapped(up.body, 4 << 10)).trim().split('\n')[0] ?? '';
    return sendText(res, status, `${target.host} answered ${up.status} ${up.statusText}${detail ? `: ${detail}` : ''}\n`);
  }
  res.writeHead(200, { 'Content-Type': up.headers.get('content-type') ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  if (!up.body) return void res.end();
  await relayBody(up.body, res, kind === 'pack' ? MAX_PACK : kind === 'refs' ? MAX_PACK : MAX_PAGE);
}

async function readRequest(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > limit) return undefined;
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** The git pass-through as a middleware for Vite's servers and `gofn serve`. */
export function gitPass(opts: GitPassOptions = {}): Middleware {
  return passThrough([gitRoute(opts)]);
}
