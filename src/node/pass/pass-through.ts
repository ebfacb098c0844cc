// Same-origin pass-through routes: the app's own server forwarding a few
// protocols the browser cannot speak to their hosts directly (CORS). Each
// route owns a path prefix and says which methods it answers; this file does
// the common part: dispatch, isolation headers, method checks, error answers,
// and relaying an upstream body with a size cap.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setIsolationHeaders, type Middleware } from '../isolation.ts';
import type { CacheWriter } from './disk-cache.ts';

export interface PassRoute {
  /** e.g. "/_gofn/goproxy/"; requests under it belong to this route, answered or refused. */
  prefix: string;
  methods: readonly string[];
  /** rest: the URL path after the prefix, still percent-encoded; query: the raw query string. */
  handle(req: IncomingMessage, res: ServerResponse, rest: string, query: string): Promise<void>;
}

export function passThrough(routes: readonly PassRoute[]): Middleware {
  return (req, res, next) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = routes.find((r) => path.startsWith(r.prefix));
    if (!route) return next();
    setIsolationHeaders(res);
    if (!route.methods.includes(req.method ?? '')) {
      res.setHeader('Allow', route.methods.join(', '));
      return sendText(res, 405, `${req.method} is not allowed here; ${route.methods.join(' and ')} only\n`);
    }
    route.handle(req, res, path.slice(route.prefix.length), q < 0 ? '' : url.slice(q + 1)).catch((e: unknown) => {
      if (!res.headersSent) sendText(res, 502, `pass-through failed: ${e instanceof Error ? e.message : String(e)}\n`);
      else res.destroy();
    });
  };
}

/** A plain-text answer that no cache keeps. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}

/** Reads at most limit bytes of a body as text (an upstream's error message). */
export async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of readChunks(body)) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

export class TooLarge extends Error {}

/**
 * Streams an upstream body to the client (and to a cache writer), stopping
 * at limit bytes: past it the client's connection is cut, so a truncated
 * body is never mistaken for a whole one, and the cache entry is dropped.
 * Resolves true when the whole body went through.
 */
export async function relayBody(body: ReadableStream<Uint8Array>, res: ServerResponse, limit: number, cache?: CacheWriter): Promise<boolean> {
  let size = 0;
  try {
    for await (const chunk of readChunks(body)) {
      size += chunk.length;
      if (size > limit) throw new TooLarge(`body over ${limit} bytes`);
      await cache?.write(chunk);
      if (res.destroyed) throw new Error('client went away');
      if (!res.write(chunk)) await new Promise<void>((done) => (res.once('drain', done), res.once('close', done)));
    }
  } catch (e) {
    await cache?.abort();
    res.destroy();
    if (e instanceof TooLarge || (e instanceof Error && e.message === 'client went away')) return false;
    throw e;
  }
  await cache?.commit();
  res.end();
  return true;
}

/** A web stream's chunks; leaving the loop early cancels the stream (and so the upstream request). */
async function* readChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
