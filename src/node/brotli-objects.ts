// Toolchain objects sent brotli-encoded to a browser that accepts it. The
// bundle builder writes objects/<sha>.br beside <sha>.gz for the files a first
// preview fetches (about a quarter smaller); this answers a request for the
// .gz with the .br's bytes and Content-Encoding: br, so the browser decodes
// them natively and the engine receives the raw bytes it verifies by sha256
// either way. Any other request (or a client without br) goes on to the
// plain file server, which sends the gzip object.
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from './isolation.ts';

const OBJECT = /^objects\/([0-9a-f]{64})\.gz$/;

/** Serves <root>/objects/<sha>.br for GET/HEAD <prefix>objects/<sha>.gz when the client accepts br. */
export function brotliObjects(prefix: string, root: string): Middleware {
  return (req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const sha = path.startsWith(prefix) ? OBJECT.exec(path.slice(prefix.length))?.[1] : undefined;
    if (!sha || (req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range || !acceptsBrotli(req.headers['accept-encoding'])) return next();
    const file = join(root, 'objects', `${sha}.br`);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return next();
    }
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Encoding', 'br');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Length', String(size));
    // Named by the sha256 of what they decode to: never changes.
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };
}

/** Whether an Accept-Encoding header lists br with a non-zero q. */
export function acceptsBrotli(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    if (coding !== 'br') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
