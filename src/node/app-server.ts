// `gofn serve --app`: the playground from one process, no Vite — the built
// web app, its toolchain bundles, the module proxy pass-through and, when
// asked, the build API — with the isolation headers on every answer,
// immutable caching of content-addressed files, compression where the file
// is not already compressed (serve-static answers ranges, HEAD and
// conditional requests; a range is sent as stored, never compressed).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import compression from 'compression';
import { brotliObjects } from './brotli-objects.ts';
import serveStatic from 'serve-static';
import type { Engine } from '../core/types.ts';
import { compose } from './compose.ts';
import { repoRoot } from './engine-host.ts';
import { gitPass } from './git-pass.ts';
import { goproxyPass, type GoproxyPassOptions } from './goproxy-pass.ts';
import { setIsolationHeaders, type Middleware } from './isolation.ts';
import { buildApi } from './server.ts';
import { cacheControlFor } from './static-headers.ts';

export interface AppServerOptions {
  /** The built app (default: dist/ in the repository). */
  dist?: string;
  /** Toolchain bundles (default: dist/toolchains when the build copied them, else toolchains/ in the repository). */
  toolchains?: string;
  /** Serve POST /build and GET /versions with this engine. */
  buildApi?: Engine;
  goproxy?: GoproxyPassOptions;
}

/** A folder served under a URL prefix, with the app's caching rules; nothing under the prefix falls through. */
function mount(prefix: string, dir: string): Middleware {
  const serve = serveStatic(dir, { index: false, dotfiles: 'ignore', fallthrough: false, setHeaders: (res, path) => res.setHeader('Cache-Control', cacheControlFor(prefix + path.slice(dir.length + 1).split('\\').join('/'))) });
  return (req, res, next) => {
    const url = req.url ?? '/';
    if (!url.startsWith(prefix)) return next();
    const original = url;
    req.url = url.slice(prefix.length - 1);
    serve(req, res, (err?: unknown) => {
      req.url = original;
      next(err && (err as { status?: number }).status === 404 ? undefined : err);
    });
  };
}

export async function appServer(opts: AppServerOptions = {}): Promise<Server | string> {
  const dist = resolve(opts.dist ?? join(repoRoot, 'dist'));
  if (!existsSync(join(dist, 'index.html'))) return `no built app in ${dist} (run \`npm run build\` first, or give --dist)`;
  const toolchains = resolve(opts.toolchains ?? (existsSync(join(dist, 'toolchains', 'index.json')) ? join(dist, 'toolchains') : join(repoRoot, 'toolchains')));
  if (!existsSync(join(toolchains, 'index.json'))) return `no toolchain bundles in ${toolchains} (run \`npm run toolchain\`, or give --toolchains)`;

  const isolate: Middleware = (req, res, next) => (setIsolationHeaders(res, req.url), next());
  // Already-compressed bodies (gzip toolchain objects, module zips) are left alone by compression's type check.
  const compress = compression({ filter: (req, res) => !req.headers.range && compression.filter(req, res) }) as unknown as Middleware;
  const app = serveStatic(dist, {
    index: ['index.html'],
    dotfiles: 'ignore',
    setHeaders: (res, path) => res.setHeader('Cache-Control', cacheControlFor('/' + path.slice(dist.length + 1).split('\\').join('/'))),
  }) as unknown as Middleware;
  const middlewares: Middleware[] = [isolate, compress, goproxyPass(opts.goproxy), gitPass(), ...(opts.buildApi ? [buildApi(opts.buildApi)] : []), brotliObjects('/toolchains/', toolchains), mount('/toolchains/', toolchains), app];
  return createServer(
    compose(middlewares, (req, res) => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`not found: ${req.url}\n`);
    }),
  );
}
