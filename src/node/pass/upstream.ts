// Fetching from an upstream server the way the pass-through routes need it:
// redirects followed here rather than handed to the browser (a module zip may
// redirect to a storage host that sends no CORS headers), and credentials —
// the upstream URL's user:password, or an Authorization header a route passes
// on — sent only to the origin they were given for.

const MAX_REDIRECTS = 10; // as Go's http.Client
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface Upstream {
  /** The upstream URL without credentials, ending in "/". Safe to show in messages. */
  base: URL;
  /** "Basic …" from credentials in the configured URL. */
  authorization?: string;
}

/** Parses an upstream URL such as https://user:token@proxy.example.com/go; credentials are split off. */
export function parseUpstream(raw: string): Upstream {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`upstream "${redactUrl(raw)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`upstream ${redactUrl(raw)} must be an http or https URL`);
  let authorization: string | undefined;
  if (url.username || url.password) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { base: url, ...(authorization ? { authorization } : {}) };
}

/** A URL as it may appear in a log or an error: credentials removed. */
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}

export interface FollowInit {
  method: 'GET' | 'HEAD';
  /** Sent to every hop. */
  headers?: Record<string, string>;
  /** Sent only while the request stays on the first URL's origin (Authorization, cookies). */
  originHeaders?: Record<string, string>;
  signal?: AbortSignal;
}

/** Fetches url, following up to ten redirects; the answer is the last hop's. */
export async function fetchFollowing(url: URL, init: FollowInit): Promise<Response> {
  const origin = url.origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const headers = { ...init.headers, ...(current.origin === origin ? init.originHeaders : {}) };
    const res = await fetch(current, { method: init.method, headers, redirect: 'manual', signal: init.signal });
    const location = res.headers.get('location');
    if (!REDIRECTS.has(res.status) || !location) return res;
    await res.body?.cancel();
    if (hop === MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`redirected to a ${next.protocol} URL`);
    current = next;
  }
}
