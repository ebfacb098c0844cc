// How the app's files may be cached, one rule for every host: `gofn serve
// --app`, and the _headers and vercel.json files `npm run build` writes for
// static hosts. Content-addressed files never change: Vite's hashed assets
// and the toolchain objects (named by their sha256). Everything else
// (index.html, the service worker, toolchain manifests) is revalidated.
import { isolationHeaders, widgetIsolation } from './isolation.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** URL path prefixes whose files are content-addressed. */
export const immutablePrefixes = ['/assets/', '/toolchains/objects/'];

export function cacheControlFor(path: string): string {
  return immutablePrefixes.some((p) => path.startsWith(p)) ? IMMUTABLE : REVALIDATE;
}

// In the host files the catch-all rule carries no Cache-Control: Netlify and
// Cloudflare join the values of every matching rule, and their default
// (revalidate) is what the other files need anyway.

/** Netlify / Cloudflare Pages `_headers`: isolation everywhere, caching per prefix. */
export function headersFile(): string {
  const block = (pattern: string, headers: Record<string, string>) => [pattern, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
  return (
    [
      block('/*', isolationHeaders),
      ...['/embed', '/embed.html'].map((p) => block(p, { [widgetIsolation.header]: widgetIsolation.value })),
      ...immutablePrefixes.map((p) => block(`${p}*`, { 'Cache-Control': IMMUTABLE })),
    ].join('\n') + '\n'
  );
}

/** vercel.json for hosting the built app on Vercel: the same headers. */
export function vercelJson(): string {
  const rule = (source: string, headers: Record<string, string>) => ({ source, headers: Object.entries(headers).map(([key, value]) => ({ key, value })) });
  return (
    JSON.stringify(
      {
        headers: [
          rule('/(.*)', isolationHeaders),
          rule('/embed(.html)?', { [widgetIsolation.header]: widgetIsolation.value }),
          ...immutablePrefixes.map((p) => rule(`${p}(.*)`, { 'Cache-Control': IMMUTABLE })),
        ],
      },
      null,
      2,
    ) + '\n'
  );
}
