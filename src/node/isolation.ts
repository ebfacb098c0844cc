// Headers every response of the app's origin carries. SharedArrayBuffer (used
// by the WASI runtimes and the preview pipe) exists only in cross-origin
// isolated pages, and isolation holds only if every response (document,
// scripts, workers, toolchain objects, module downloads) carries them.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export type Next = (err?: unknown) => void;
/** A connect-style middleware, the shape Vite's servers and `gofn serve` mount. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

export function setIsolationHeaders(res: ServerResponse): void {
  for (const [k, v] of Object.entries(isolationHeaders)) res.setHeader(k, v);
}
