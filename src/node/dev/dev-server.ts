// `gofn dev`'s HTTP side, routed as Vercel routes a zero-config project:
// files of public/ first, then the api/ functions (static routes before
// dynamic ones), then Vercel's 404. One log line per request; the
// handlers' own output prefixed with their route.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import serveStatic from 'serve-static';
import { platformError } from '../../core/preview/platform-errors.ts';
import { newRequestId } from '../../core/preview/platform-request.ts';
import { matchRoute } from '../../core/project/router.ts';
import { formatDiagnostic, type LogLine } from '../../core/types.ts';
import type { DevProject } from './dev-project.ts';
import { clientIp, readBody, relayAnswer, requestHeaders, sendPlatform, setPlatformResponseHeaders } from './http-relay.ts';

export interface DevServerOptions {
  dir: string;
  project: DevProject;
  /** One line per request. */
  onRequest(line: string): void;
}

export function createDevServer(opts: DevServerOptions): Server {
  const publicDir = join(opts.dir, 'public');
  const statics = serveStatic(publicDir, {
    index: ['index.html'],
    dotfiles: 'ignore',
    fallthrough: true,
    // As `vercel dev` answers static files: revalidate every time.
    setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=0, must-revalidate'),
  });

  return createServer((req, res) => {
    const started = performance.now();
    const requestId = newRequestId();
    let route = '-';
    res.once('close', () => {
      const ms = Math.round(performance.now() - started);
      const cut = res.writableFinished ? '' : ' (connection cut)';
      opts.onRequest(`${req.method} ${req.url} ${res.statusCode}${cut} ${ms} ms ${route}`);
    });
    setPlatformResponseHeaders(res, requestId);
    const api = () =>
      serveFunction(req, res, opts.project, requestId, (r) => (route = r)).catch((e: unknown) => {
        opts.onRequest(`gofn dev: ${req.method} ${req.url} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        if (!res.headersSent) sendPlatform(res, platformError('FUNCTION_INVOCATION_FAILED'));
        else res.destroy();
      });
    if (!existsSync(publicDir)) return void api();
    route = 'public/';
    statics(req, res, () => {
      route = '-';
      void api();
    });
  });
}

async function serveFunction(req: IncomingMessage, res: ServerResponse, project: DevProject, requestId: string, matched: (route: string) => void): Promise<void> {
  const match = matchRoute(await project.routes(), req.url ?? '/');
  if (!match) return sendPlatform(res, platformError('NOT_FOUND'));
  matched(match.route.route);
  const fn = await project.function(match.route.entry);
  if (!fn.pool) {
    const text = `gofn dev: ${match.route.route} (${match.route.entry}) does not build:\n\n${(fn.diagnostics ?? []).map(formatDiagnostic).join('\n')}\n`;
    return sendPlatform(res, {
      status: 500,
      headers: [['Content-Type', 'text/plain; charset=utf-8'], ['X-Gofn-Error', 'BUILD_FAILED']],
      body: new TextEncoder().encode(text),
    });
  }
  const body = await readBody(req);
  if (!body) {
    // Reading stopped at the limit; the rest of the upload is not waited for.
    res.setHeader('Connection', 'close');
    return sendPlatform(res, platformError('FUNCTION_PAYLOAD_TOO_LARGE'));
  }
  const pool = fn.pool;
  await relayAnswer(req, res, (options) =>
    pool.request(
      { method: req.method ?? 'GET', url: match.url, headers: requestHeaders(req), body, client: { ip: clientIp(req), proto: 'http', requestId } },
      options,
    ),
  );
}

/** "[/api/hello] text", "[/api/hello #2] text" once a route runs several instances; gofn's own lines say so. */
export function prefixLine(route: string, instance: number, line: LogLine): string {
  const who = instance > 1 ? `${route} #${instance}` : route;
  return `[${who}] ${line.stream === 'system' ? 'gofn: ' : ''}${line.text}`;
}
