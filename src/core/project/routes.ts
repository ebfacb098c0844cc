// Zero-config routing as Vercel's Go runtime does it: every api/**/*.go file
// that is not a test and not under a "_" or "." path element is an entrypoint,
// and its path (minus .go and an optional trailing "index") is its route.
import type { Diagnostic, Route } from '../types.ts';

const dynamicSegment = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/;

export function isEntrypoint(path: string): boolean {
  if (!path.startsWith('api/') || !path.endsWith('.go') || path.endsWith('_test.go')) return false;
  // Vercel checks the leading-slash form, so "api/_lib/x.go" and "api/.x/y.go" are both skipped.
  const rooted = '/' + path;
  return !rooted.includes('/_') && !rooted.includes('/.');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The route of one entry file, or a diagnostic when its path can't be a route. */
export function routeOf(entry: string): Route | Diagnostic {
  const segments = entry.slice(0, -'.go'.length).split('/');
  if (segments[segments.length - 1] === 'index') segments.pop();
  const params: string[] = [];
  const parts: string[] = [];
  for (const segment of segments) {
    const m = dynamicSegment.exec(segment);
    if (!m) {
      parts.push(escapeRegExp(segment));
      continue;
    }
    const name = m[1]!;
    if (params.includes(name)) {
      return {
        source: 'routes',
        message: `the dynamic segment [${name}] appears twice in "${entry}"; each segment name can be used once per path`,
        location: { file: entry, line: 0, column: 0 },
      };
    }
    params.push(name);
    parts.push('([^/]+)');
  }
  return { route: '/' + segments.join('/'), entry, pattern: `^/${parts.join('/')}$`, params };
}

function isRoute(r: Route | Diagnostic): r is Route {
  return 'route' in r;
}

/** All routes of a project, sorted by route; conflicting routes are diagnostics. */
export function discoverRoutes(paths: Iterable<string>): { routes: Route[]; diagnostics: Diagnostic[] } {
  const routes: Route[] = [];
  const diagnostics: Diagnostic[] = [];
  const byPattern = new Map<string, Route>();
  for (const path of [...paths].filter(isEntrypoint).sort()) {
    const r = routeOf(path);
    if (!isRoute(r)) {
      diagnostics.push(r);
      continue;
    }
    // [a] and [b] in the same place match the same URLs, so compare shapes, not names.
    const other = byPattern.get(r.pattern);
    if (other) {
      diagnostics.push({
        source: 'routes',
        message: `"${r.entry}" and "${other.entry}" both answer ${other.route === r.route ? r.route : `${other.route} and ${r.route}`}; rename or remove one of them`,
        location: { file: r.entry, line: 0, column: 0 },
      });
      continue;
    }
    byPattern.set(r.pattern, r);
    routes.push(r);
  }
  routes.sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  return { routes, diagnostics };
}
