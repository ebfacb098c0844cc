// How anyone checks a built bootstrap without trusting gofn: the exact `go
// build` that makes the same bytes from the exported sources, as one shell
// line, and the file that says so next to those sources.
import type { NativeInvocation } from '../types.ts';

/** Kept sources live one folder per route: "/api/users/[id]" → "api_users_[id]". */
export function keptDirName(route: string): string {
  return route.split('/').filter(Boolean).join('_') || 'index';
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `cd <sources> && GOOS=… go build …`: run it where the sources were exported. */
export function reproduceCommand(n: NativeInvocation): string {
  const env = Object.entries(n.env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  return `cd ${shellQuote(n.cwd)} && ${[...env, ...n.args.map(shellQuote)].join(' ')}`;
}

export interface ReproducedRoute {
  route: string;
  sha256: string;
  buildId?: string;
  native: NativeInvocation;
}

/** A README for an exported sources folder: per route the command, the sha256 and go's build ID to expect. */
export function reproduceReadme(goVersion: string, target: string, routes: ReproducedRoute[]): string {
  const lines = [
    `# Sources of a gofn build (go${goVersion}, ${target})`,
    '',
    'Each folder holds the exact sources one route was compiled from (the handler, the module, and the generated',
    '`_gofn/` main package). With Go installed, the command below rebuilds the bootstrap; `sha256sum bootstrap` and',
    '`go tool buildid bootstrap` must print what is listed. GOTOOLCHAIN makes go fetch that exact release if needed.',
    '',
  ];
  for (const r of routes) {
    lines.push(`## ${r.route}`, '', '```sh', reproduceCommand(r.native), 'sha256sum bootstrap', ...(r.buildId ? ['go tool buildid bootstrap'] : []), '```', '');
    lines.push(`sha256: ${r.sha256}`, ...(r.buildId ? [`build ID: ${r.buildId}`] : []), '');
  }
  return lines.join('\n');
}
