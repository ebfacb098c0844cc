// Where a direct-mode request really goes. Module paths name hosts
// (https://git.example.com/team/repo), but the engine may have to reach them
// elsewhere:
// - in a browser, git hosts send no CORS headers, so every request goes
//   through the app's same-origin pass-through: <passThrough><host>/<path>;
// - GOFN_HOST_MAP ("host=base-url", comma- or newline-separated) sends a host's
//   requests to another base URL: a self-hosted git server behind another
//   address, or a test server on loopback, which has no DNS name. In the
//   browser the pass-through's own GOFN_HOST_MAP applies instead (a page may
//   not steer the server to arbitrary addresses).
// Credentials are chosen by the host the module path names, never by where
// the request is sent.

export const HOST_MAP_VAR = 'GOFN_HOST_MAP';

export interface HostMap {
  map: Map<string, string>;
  problems: string[];
}

export function parseHostMap(value: string | undefined): HostMap {
  const out: HostMap = { map: new Map(), problems: [] };
  for (const raw of (value ?? '').split(/[,\n]+/)) {
    const entry = raw.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    const host = eq > 0 ? entry.slice(0, eq).trim().toLowerCase() : '';
    const base = eq > 0 ? entry.slice(eq + 1).trim() : '';
    let ok = host !== '' && !/[/\s@]/.test(host);
    try {
      const u = new URL(base);
      ok &&= (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      ok = false;
    }
    if (!ok) {
      out.problems.push(`${HOST_MAP_VAR} entry "${entry.replace(/\/\/[^/@]*@/, '//')}" must look like host=https://address[:port][/path]`);
      continue;
    }
    out.map.set(host, base.replace(/\/+$/, ''));
  }
  return out;
}

export interface Reach {
  /** The URL a request for `logical` is sent to. */
  target(logical: URL): string;
}

export function directReach(hosts: HostMap): Reach {
  return {
    target(logical) {
      const base = hosts.map.get(logical.host.toLowerCase());
      return base ? base + logical.pathname + logical.search : logical.toString();
    },
  };
}

/** Requests through the app's pass-through: "<base><host><path>?<query>" on the page's own origin. */
export function passThroughReach(base: string): Reach {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return {
    target(logical) {
      return `${prefix}${logical.host}${logical.pathname}${logical.search}`;
    },
  };
}
