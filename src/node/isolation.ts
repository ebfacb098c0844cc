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

/**
 * The widget is framed by pages that are not isolated (course sites), which
 * COOP/COEP cannot fix from inside a frame; Document-Isolation-Policy
 * isolates the widget's own document where browsers have it (Chromium 137+).
 */
export const widgetIsolation = { path: /^\/embed(\.html)?(\?|$)/, header: 'Document-Isolation-Policy', value: 'isolate-and-require-corp' } as const;

/** url: the request's, so the widget's page also gets its Document-Isolation-Policy. */
export function setIsolationHeaders(res: ServerResponse, url?: string): void {
  for (const [k, v] of Object.entries(isolationHeaders)) res.setHeader(k, v);
  if (url !== undefined && widgetIsolation.path.test(url)) res.setHeader(widgetIsolation.header, widgetIsolation.value);
}
