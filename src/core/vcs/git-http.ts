// The HTTP side of direct mode, on the engine's injected fetch: isomorphic-git's
// HttpClient interface (its own http/web client calls the global fetch, which
// cannot be redirected through the pass-through or counted), and plain GETs
// for ?go-get=1 pages. Each request is sent where `Reach` says, with the
// GIT_CREDENTIALS credential of the host the module path names, and any
// answer but 200 becomes a VcsHttpError worded for the user.
import { concatBytes } from '../bytes/concat.ts';
import type { Fetcher } from '../types.ts';
import { basicAuth, credentialFor, CREDENTIALS_VAR, type GitCredential } from './credentials.ts';
import type { Reach } from './reach.ts';

/** The pass-through marks its own refusals, so they are not mistaken for the git host's. */
export const PASS_REFUSAL_HEADER = 'x-gofn-pass-refused';

export class VcsHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** 404/410: the repository or page does not exist. */
    readonly notExist: boolean,
  ) {
    super(message);
    this.name = 'VcsHttpError';
  }
}

export interface GitHttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  signal?: AbortSignal;
}

export interface GitHttpResponse {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body: AsyncIterableIterator<Uint8Array>;
  statusCode: number;
  statusMessage: string;
}

export interface VcsHttpOptions {
  fetcher: Fetcher;
  reach: Reach;
  credentials: readonly GitCredential[];
}

const STATUS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export class VcsHttp {
  /** The build being served: its abort signal, and where received bytes are counted. */
  signal?: AbortSignal;
  onBytes?: (n: number) => void;

  constructor(private readonly opts: VcsHttpOptions) {}

  /** isomorphic-git's HttpClient. */
  readonly client = {
    request: async (req: GitHttpRequest): Promise<GitHttpResponse> => {
      const body = req.body ? await collect(req.body) : undefined;
      const res = await this.send(new URL(req.url), req.method ?? 'GET', req.headers ?? {}, body);
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      return { url: req.url, method: req.method, headers, body: this.counted(res), statusCode: res.status, statusMessage: res.statusText || STATUS[res.status] || '' };
    },
  };

  /** A GET answered with 200 (a go-get page, a "mod" proxy's file), at most maxBytes of it. */
  async get(url: URL, maxBytes: number): Promise<Uint8Array> {
    const res = await this.send(url, 'GET', {}, undefined);
    const chunks: Uint8Array[] = [];
    let n = 0;
    for await (const c of this.counted(res)) {
      n += c.length;
      if (n > maxBytes) throw new VcsHttpError(`${url.origin}${url.pathname}: answer is over the ${maxBytes}-byte limit`, 200, false);
      chunks.push(c);
    }
    return concatBytes(chunks);
  }

  async getText(url: URL, maxBytes = 1 << 20): Promise<string> {
    return new TextDecoder().decode(await this.get(url, maxBytes));
  }

  private async send(logical: URL, method: string, headers: Record<string, string>, body: Uint8Array<ArrayBuffer> | undefined): Promise<Response> {
    const cred = credentialFor(this.opts.credentials, logical);
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (!/^(user-agent|authorization)$/i.test(k)) h[k] = v;
    if (cred) h['Authorization'] = basicAuth(cred);
    const shown = `${logical.origin}${logical.pathname}`;
    let res: Response;
    try {
      res = await this.opts.fetcher(this.opts.reach.target(logical), { method, headers: h, body, signal: this.signal });
    } catch (e) {
      if (this.signal?.aborted) throw e;
      throw new VcsHttpError(`${logical.host} could not be reached (${shown}): ${e instanceof Error ? e.message : String(e)}`, 0, false);
    }
    if (res.ok) return res;
    const detail = (await res.text().catch(() => '')).trim().split('\n')[0]?.slice(0, 200) ?? '';
    throw new VcsHttpError(describeFailure(logical, res, !!cred, detail), res.status, res.status === 404 || res.status === 410);
  }

  private async *counted(res: Response): AsyncIterableIterator<Uint8Array> {
    if (!res.body) {
      const all = new Uint8Array(await res.arrayBuffer());
      this.onBytes?.(all.length);
      yield all;
      return;
    }
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.onBytes?.(value.length);
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
}

function describeFailure(logical: URL, res: Response, hadCredential: boolean, detail: string): string {
  const host = logical.host;
  const status = `${res.status} ${res.statusText || STATUS[res.status] || ''}`.trim();
  const where = `${logical.origin}${logical.pathname.replace(/\/(info\/refs|git-upload-pack)$/, '')}`;
  if (res.headers.get(PASS_REFUSAL_HEADER)) {
    return `the app's git pass-through does not forward to ${host} (${detail || status}); allow the host where the app is served: GOFN_GIT_HOSTS=${host}`;
  }
  if (res.status === 401 || res.status === 403) {
    const why = hadCredential
      ? `the credential for ${host} in ${CREDENTIALS_VAR} was refused: check its user name and token, and that the token can read this repository`
      : `the repository is private or does not exist, and ${CREDENTIALS_VAR} has no credential for ${host}: set it to https://<user>:<token>@${host}`;
    return `${where}: ${host} answered ${status}; ${why}`;
  }
  return `${where}: ${host} answered ${status}${detail ? `: ${detail}` : ''}`;
}

async function collect(it: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return concatBytes(parts);
}
