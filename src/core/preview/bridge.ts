// The platform's side of the go-bridge wire format (see
// shared notes: vercel-go-runtime.md): how a request is handed to a Go
// function and how the platform turns what the function did into an HTTP
// answer. The preview controller and the Lambda test server both use it, so a
// preview answer and a deployed answer are built the same way.
import type { PreviewRequest } from '../types.ts';
import { platformError, platformErrorBody } from './platform-errors.ts';
import { addPlatformHeaders } from './platform-request.ts';

export interface BridgeRequest {
  method: string;
  /** Path with query. */
  path: string;
  host: string;
  /** Lower-case names, as the platform forwards them. */
  headers: Record<string, string | string[]>;
  encoding?: 'base64';
  body: string;
}

/** What the Go side reports: statusCode and headers (and, for Lambda, the body). */
export interface BridgeHead {
  statusCode: number;
  headers: Record<string, string[] | null> | null;
  /** Preview only: the handler has returned, so the whole body follows at once (nothing was flushed early). */
  final?: boolean;
}

export interface PlatformResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

export function toBridgeRequest(req: PreviewRequest): BridgeRequest {
  const headers: Record<string, string | string[]> = {};
  for (const [rawName, value] of req.headers) {
    const name = rawName.toLowerCase();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  const body = typeof req.body === 'string' ? new TextEncoder().encode(req.body) : (req.body ?? new Uint8Array(0));
  addPlatformHeaders(headers, req.client);
  if (body.length > 0) headers['content-length'] ??= String(body.length);
  const host = headers['host'];
  return {
    method: req.method.toUpperCase(),
    path: req.url,
    host: Array.isArray(host) ? host[0]! : host,
    headers,
    encoding: 'base64',
    body: toBase64(body),
  };
}

/** Go's encoding/json writes header maps sorted by name; keep that order, values in order. */
export function headerPairs(headers: BridgeHead['headers']): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, values] of Object.entries(headers ?? {})) {
    for (const v of values ?? []) pairs.push([name, v]);
  }
  return pairs;
}

/** What the platform answers when the function reported an error or died mid-invocation. */
export const INVOCATION_FAILED_BODY = platformErrorBody('FUNCTION_INVOCATION_FAILED');

export function invocationFailed(): PlatformResponse {
  return platformError('FUNCTION_INVOCATION_FAILED');
}

export function textResponse(status: number, text: string): PlatformResponse {
  return { status, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: new TextEncoder().encode(text) };
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
