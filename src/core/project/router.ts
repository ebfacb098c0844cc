// Which entrypoint answers a URL, as Vercel routes zero-config Go functions:
// static routes before dynamic ones, and each `[name]` segment handed to the
// handler as query parameter name=<segment> while r.URL.Path stays the path
// that was requested.
import type { Route } from '../types.ts';

export interface RouteMatch {
  route: Route;
  /** Decoded segment values by parameter name. */
  params: Record<string, string>;
  /** What the function receives as its path: the original path, the query with the params added. */
  url: string;
}

export function matchRoute(routes: readonly Route[], url: string): RouteMatch | undefined {
  const [beforeHash = ''] = url.split('#', 1);
  const q = beforeHash.indexOf('?');
  const path = q < 0 ? beforeHash : beforeHash.slice(0, q);
  const query = q < 0 ? '' : beforeHash.slice(q + 1);
  for (const route of bySpecificity(routes)) {
    const m = new RegExp(route.pattern).exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => {
      params[name] = decodeSegment(m[i + 1] ?? '');
    });
    return { route, params, url: withParams(path, query, params) };
  }
  return undefined;
}

/** A static route wins over a dynamic one that also matches (/api/users/me over /api/users/[id]). */
function bySpecificity(routes: readonly Route[]): Route[] {
  return routes
    .map((route, index) => ({ route, index }))
    .sort((a, b) => a.route.params.length - b.route.params.length || a.index - b.index)
    .map((r) => r.route);
}

/**
 * The params are appended after the request's own query. A request parameter
 * with the same name as a segment is dropped, so r.URL.Query().Get(name)
 * always returns the segment.
 */
function withParams(path: string, query: string, params: Record<string, string>): string {
  const names = new Set(Object.keys(params));
  if (names.size === 0) return query === '' ? path : `${path}?${query}`;
  const kept = query === '' ? [] : query.split('&').filter((pair) => !names.has(decodeSegment(pair.split('=', 1)[0]!.replace(/\+/g, ' '))));
  const added = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return `${path}?${[...kept, ...added].join('&')}`;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
