// The go command's module environment, read the way cmd/go reads it:
// GOPROXY (a list split at "," — fall back only when a module is not found —
// or "|" — fall back on any error —, with "direct" and "off"), GOPRIVATE,
// GONOPROXY, GONOSUMDB, GOINSECURE, GOSUMDB and GOFLAGS. A proxy URL may
// carry credentials (https://user:token@host/path): they are taken out of
// the URL, sent only to that host as basic auth, and never appear in a
// message.

export interface ProxyUrl {
  /** The URL without credentials and without a trailing slash. */
  base: string;
  /** Safe to show: the URL without credentials. */
  redacted: string;
  origin: string;
  /** "Basic …" when the URL carried credentials. */
  authorization?: string;
}

export type ProxyEntry =
  | { kind: 'url'; url: ProxyUrl; fallBackOnError: boolean }
  | { kind: 'direct' }
  | { kind: 'off' };

export interface ModuleEnv {
  proxies: ProxyEntry[];
  /** GONOPROXY, defaulting to GOPRIVATE. */
  noProxy: string;
  /** GONOSUMDB, defaulting to GOPRIVATE. */
  noSumDB: string;
  private: string;
  insecure: string;
  /** GOSUMDB as given ("" = sum.golang.org). */
  gosumdb: string;
  /** The checksum database's name and the URL to reach it directly, from GOSUMDB. */
  sumdbName: string;
  sumdbDirect?: string;
  goflags: string;
  /** A sentence when GOPROXY cannot be used at all. */
  error?: string;
}

/** The variables the helper needs, as the user set them (no credentials among them). */
export const HELPER_ENV_KEYS = ['GOFLAGS', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB'] as const;
export const MODULE_ENV_KEYS = ['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOSUMDB', 'GOFLAGS'] as const;

export function parseProxyUrl(raw: string): ProxyUrl | string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `GOPROXY entry ${JSON.stringify(redactUrl(raw))} is not a URL`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    return `GOPROXY entry ${redactUrl(raw)} must be an http(s) URL (file:// proxies cannot be read here)`;
  }
  let authorization: string | undefined;
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    authorization = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${pass}`)))}`;
    u.username = '';
    u.password = '';
  }
  const base = u.toString().replace(/\/+$/, '');
  return { base, redacted: base, origin: u.origin, authorization };
}

/** A URL (or any text holding URLs) with user:password@ parts removed, for messages. */
export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
}

/** cmd/go's proxyList: entries split at "," and "|"; "off" and "direct" end the list. */
export function parseGoproxy(value: string): { proxies: ProxyEntry[]; error?: string } {
  const proxies: ProxyEntry[] = [];
  let rest = value;
  while (rest !== '') {
    let url: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      url = rest.slice(0, i);
      fallBackOnError = rest[i] === '|';
      rest = rest.slice(i + 1);
    } else {
      url = rest;
      rest = '';
    }
    url = url.trim();
    if (url === '') continue;
    if (url === 'off') {
      proxies.push({ kind: 'off' });
      break;
    }
    if (url === 'direct') {
      proxies.push({ kind: 'direct' });
      break;
    }
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = `https://${url}`;
    const parsed = parseProxyUrl(url);
    if (typeof parsed === 'string') return { proxies, error: parsed };
    proxies.push({ kind: 'url', url: parsed, fallBackOnError });
  }
  if (proxies.length === 0) return { proxies, error: 'GOPROXY list is not the empty string, but contains no entries' };
  return { proxies };
}

export interface ModuleEnvDefaults {
  /** The proxy used when GOPROXY is unset: the app's same-origin pass-through, or proxy.golang.org in Node. */
  goproxy: string;
}

export function moduleEnv(env: Record<string, string>, defaults: ModuleEnvDefaults): ModuleEnv {
  const get = (k: string): string => (env[k] ?? '').trim();
  const goproxy = env['GOPROXY'] === undefined || get('GOPROXY') === '' ? defaults.goproxy : get('GOPROXY');
  const { proxies, error } = parseGoproxy(goproxy);
  const priv = get('GOPRIVATE');
  const gosumdb = get('GOSUMDB');
  const fields = (gosumdb === '' ? 'sum.golang.org' : gosumdb === 'sum.golang.google.cn' ? 'sum.golang.org https://sum.golang.google.cn' : gosumdb).split(/\s+/);
  const sumdbName = fields[0]!.split('+')[0]!;
  return {
    proxies,
    noProxy: get('GONOPROXY') || priv,
    noSumDB: get('GONOSUMDB') || priv,
    private: priv,
    insecure: get('GOINSECURE'),
    gosumdb,
    sumdbName,
    sumdbDirect: fields[1] ?? (gosumdb === 'off' ? undefined : `https://${sumdbName}`),
    goflags: get('GOFLAGS'),
    ...(error ? { error } : {}),
  };
}

/** module.MatchPrefixPatterns: does any comma-separated glob match a leading part of target? */
export function matchPrefixPatterns(globs: string, target: string): string | undefined {
  for (let glob of globs.split(',')) {
    glob = glob.replace(/\/$/, '');
    if (glob === '') continue;
    let n = [...glob].filter((c) => c === '/').length;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    if (pathMatch(glob, prefix)) return glob;
  }
  return undefined;
}

/** path.Match: "*" and "?" never cross "/", "[…]" classes with "^" negation and ranges. */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return false;
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = `^${cls.slice(1)}`;
      re += `(?!/)[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`).test(name);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The value of -mod= in GOFLAGS, if any. */
export function modFlag(goflags: string): string | undefined {
  for (const f of goflags.split(/\s+/)) {
    const m = /^--?mod=(.*)$/.exec(f);
    if (m) return m[1];
  }
  return undefined;
}
