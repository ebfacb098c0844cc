// Between a Node HTTP exchange and a preview function: the request as the
// platform hands it over (body read with the 4.5 MB cap as it streams in,
// hop-by-hop headers dropped), and the answer framed as Go's net/http server
// frames it — Content-Length when the handler returned with at most 2 KiB
// written and nothing flushed, chunked transfer otherwise, each Flush sent
// the moment it happens — plus the headers the platform adds to every answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformResponse } from '../../core/preview/bridge.ts';
import type { PreviewRequestOptions } from '../../core/preview/controller.ts';
import { BODY_LIMIT } from '../../core/preview/limits.ts';
import { statusText } from '../../core/preview/status-text.ts';
import type { PreviewResponse } from '../../core/types.ts';
import { readBodyUpTo } from '../read-body.ts';

/** net/http's bufferBeforeChunkingSize: a handler that returns with no more than this written gets a Content-Length. */
const BUFFER_BEFORE_CHUNKING = 2048;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** What `vercel dev` puts on every answer (server.ts setResponseHeaders); the function's own Cache-Control wins. */
export function setPlatformResponseHeaders(res: ServerResponse, requestId: string): void {
  res.setHeader('Cache-Control', 'public, max-age=0, must-revalidate');
  res.setHeader('Server', 'Vercel');
  res.setHeader('X-Vercel-Id', requestId);
  res.setHeader('X-Vercel-Cache', 'MISS');
}

/** The request's headers in arrival order, names as sent, hop-by-hop ones left out. */
export function requestHeaders(req: IncomingMessage): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (!HOP_BY_HOP.has(req.rawHeaders[i]!.toLowerCase())) out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  }
  return out;
}

/** The body as it streams in, or undefined once it passes the platform's limit (reading stops there). */
export function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  return readBodyUpTo(req, BODY_LIMIT);
}

/** The client's address as the platform reports it (IPv4 without the ::ffff: prefix). */
export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

function writeHead(res: ServerResponse, status: number, headers: [string, string][], contentLength?: number): void {
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of headers) {
    const g = grouped.get(name.toLowerCase()) ?? { name, values: [] };
    g.values.push(value);
    grouped.set(name.toLowerCase(), g);
  }
  for (const { name, values } of grouped.values()) res.setHeader(name, values.length === 1 ? values[0]! : values);
  if (contentLength !== undefined && !grouped.has('content-length')) res.setHeader('Content-Length', String(contentLength));
  res.writeHead(status, statusText(status) || undefined);
}

function bodyAllowed(status: number, method: string): boolean {
  return method !== 'HEAD' && status >= 200 && status !== 204 && status !== 304;
}

/** A platform answer (an error the platform itself gives): always with its length. */
export function sendPlatform(res: ServerResponse, answer: PlatformResponse): void {
  writeHead(res, answer.status, answer.headers, answer.body.length);
  res.end(answer.body);
}

/**
 * Runs one request through a function and writes its answer as it comes.
 * A failure after the head went out (a timeout, the size limit) cuts the
 * connection, so the client cannot take a truncated body for a whole one.
 */
export async function relayAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  run: (options: PreviewRequestOptions) => Promise<PreviewResponse>,
): Promise<PreviewResponse> {
  let streaming = false;
  const response = await run({
    onHead(status, headers, complete) {
      if (complete) return;
      streaming = true;
      writeHead(res, status, headers);
      res.flushHeaders();
    },
    onChunk(chunk) {
      if (streaming) res.write(chunk);
    },
  });
  if (streaming) {
    if (response.error) res.destroy();
    else res.end();
    return response;
  }
  const { status, headers, body } = response;
  const synthesized = response.error !== undefined;
  const small = body.length <= BUFFER_BEFORE_CHUNKING;
  if (!bodyAllowed(status, req.method ?? 'GET') || synthesized || small) {
    writeHead(res, status, headers, bodyAllowed(status, req.method ?? 'GET') || synthesized ? body.length : undefined);
    res.end(body);
  } else {
    // Written before the end, so Node frames it as chunked, as net/http does past its buffer.
    writeHead(res, status, headers);
    res.write(body);
    res.end();
  }
  return response;
}
