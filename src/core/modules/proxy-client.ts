// The GOPROXY protocol client: one protocol path (see protocol-path.ts) at a
// time, through the GOPROXY list with cmd/go's fallback rules (modfetch
// proxy.go TryProxies), GONOPROXY/GOPRIVATE paths sent to the direct-mode
// fetcher, and the checksum database reached through the first proxy that
// says it proxies it (<proxy>/sumdb/<name>/supported), as cmd/go does.
// Errors are go's sentences ("reading <url>: 404 Not Found …") with any
// credentials left out.
import type { Fetcher } from '../types.ts';
import { matchPrefixPatterns, redactUrl, type ModuleEnv, type ProxyUrl } from './env.ts';
import { parseProtocolPath, type ProtocolFile } from './protocol-path.ts';

export interface FetchFailure {
  /** 404/410: "not found", which lets a "," list fall back to the next proxy. */
  notExist: boolean;
  message: string;
}

export type FetchOutcome = { data: Uint8Array; url: string } | { error: FetchFailure };

/**
 * Fetches a module path's files straight from its version control
 * repository, as GOPROXY=direct and GONOPROXY/GOPRIVATE mean (src/core/vcs/direct.ts).
 */
export interface DirectFetcher {
  get(file: ProtocolFile, signal?: AbortSignal): Promise<FetchOutcome>;
}

export interface ModuleFetcherOptions {
  fetcher: Fetcher;
  env: ModuleEnv;
  direct?: DirectFetcher;
  /** Largest answer accepted (go's zip limit is 500 MB; a .mod or list is far smaller). */
  maxBytes?: number;
}

/** Bytes of one response as they arrive (for progress), with the total when the server said it. */
export type OnBytes = (loaded: number, total: number | undefined) => void;

const notExist = (message: string): FetchFailure => ({ notExist: true, message });
const failure = (message: string): FetchFailure => ({ notExist: false, message });

export class ModuleFetcher {
  private sumdbBase = new Map<string, Promise<{ base: ProxyUrl | undefined; error?: FetchFailure }>>();

  constructor(private readonly opts: ModuleFetcherOptions) {}

  async get(path: string, signal?: AbortSignal, onBytes?: OnBytes): Promise<FetchOutcome> {
    const file = parseProtocolPath(path);
    if (!file) return { error: failure(`not a GOPROXY protocol path: ${path}`) };
    if (file.kind === 'sumdb') return this.sumdb(file, signal);
    if (file.kind === 'retract') path = path.replace(/\.retract$/, '.mod');
    const env = this.opts.env;
    if (env.error) return { error: failure(env.error) };
    const pattern = env.noProxy ? matchPrefixPatterns(env.noProxy, file.path) : undefined;
    if (pattern !== undefined) return this.direct(file, `module ${file.path} matches GONOPROXY/GOPRIVATE (${pattern}), so go fetches it directly from its repository`, signal);
    // TryProxies: the best error is a proxy's real failure over "not found".
    let best: FetchFailure | undefined;
    for (const entry of env.proxies) {
      if (entry.kind === 'off') {
        best = failure(`module lookup disabled by GOPROXY=off`);
        break;
      }
      if (entry.kind === 'direct') return this.direct(file, 'GOPROXY lists "direct"', signal);
      const out = await this.fetchFrom(entry.url, path, signal, onBytes);
      if ('data' in out) return out;
      if (!best || (best.notExist && !out.error.notExist)) best = out.error;
      if (!entry.fallBackOnError && !out.error.notExist) break;
    }
    return { error: best ?? notExist(`no proxy in GOPROXY could answer ${path}`) };
  }

  private async direct(file: ProtocolFile, why: string, signal?: AbortSignal): Promise<FetchOutcome> {
    if (this.opts.direct) return this.opts.direct.get(file, signal);
    return {
      error: failure(
        `${why}, which gofn cannot do yet (private modules from git are a separate piece of work); serve the module from a module proxy and name it in GOPROXY instead`,
      ),
    };
  }

  /** cmd/go's dbClient.initBase: the first proxy whose /sumdb/<name>/supported answers 200. */
  private async sumdb(file: Extract<ProtocolFile, { kind: 'sumdb' }>, signal?: AbortSignal): Promise<FetchOutcome> {
    const env = this.opts.env;
    let base = this.sumdbBase.get(file.name);
    if (!base) {
      base = this.findSumdb(file.name, signal);
      this.sumdbBase.set(file.name, base);
      base.then((b) => b.error && this.sumdbBase.delete(file.name), () => this.sumdbBase.delete(file.name));
    }
    const found = await base;
    if (found.error) return { error: found.error };
    if (found.base) return this.fetchFrom(found.base, `sumdb/${file.name}/${file.rest}`, signal);
    if (!env.sumdbDirect) return { error: failure(`checksum database ${file.name} is not reachable: no proxy serves it and GOSUMDB names no URL`) };
    const direct = env.sumdbDirect.replace(/\/+$/, '');
    return this.fetchFrom({ base: direct, redacted: redactUrl(direct), origin: new URL(direct).origin }, file.rest, signal);
  }

  private async findSumdb(name: string, signal?: AbortSignal): Promise<{ base: ProxyUrl | undefined; error?: FetchFailure }> {
    for (const entry of this.opts.env.proxies) {
      if (entry.kind !== 'url') break;
      const out = await this.fetchFrom(entry.url, `sumdb/${name}/supported`, signal);
      if ('data' in out) return { base: entry.url };
      if (!out.error.notExist && !entry.fallBackOnError) return { base: undefined, error: out.error };
    }
    return { base: undefined };
  }

  /** One GET, redirects followed with the credentials kept to the proxy's own origin. */
  private async fetchFrom(proxy: ProxyUrl, path: string, signal?: AbortSignal, onBytes?: OnBytes): Promise<FetchOutcome> {
    const url = `${proxy.base}/${path}`;
    const shown = redactUrl(url);
    let res: Response;
    try {
      res = await this.request(url, proxy, signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      return { error: failure(`Get "${shown}": ${redactUrl(e instanceof Error ? e.message : String(e))}`) };
    }
    if (res.status === 404 || res.status === 410) {
      return { error: notExist(`reading ${shown}: ${res.status} ${statusText(res)}${await serverResponse(res)}`) };
    }
    if (!res.ok) return { error: failure(`reading ${shown}: ${res.status} ${statusText(res)}${await serverResponse(res)}`) };
    const data = await this.readLimited(res, shown, onBytes);
    if ('error' in data) return data;
    return { data: data.bytes, url: shown };
  }

  private async request(url: string, proxy: ProxyUrl, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = proxy.authorization ? { Authorization: proxy.authorization } : {};
    if (!proxy.authorization) return this.opts.fetcher(url, { signal });
    // Follow redirects here, so the Authorization header never leaves the proxy's origin.
    let target = url;
    for (let hop = 0; hop < 10; hop++) {
      const sameOrigin = new URL(target).origin === proxy.origin;
      const res = await this.opts.fetcher(target, { signal, headers: sameOrigin ? headers : {}, redirect: 'manual' });
      // Browsers hide manual redirects; their fetch drops Authorization on cross-origin hops itself.
      if (res.type === 'opaqueredirect') return this.opts.fetcher(target, { signal, headers: sameOrigin ? headers : {} });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        target = new URL(location, target).toString();
        continue;
      }
      return res;
    }
    throw new Error('stopped after 10 redirects');
  }

  private async readLimited(res: Response, shown: string, onBytes?: OnBytes): Promise<{ bytes: Uint8Array } | { error: FetchFailure }> {
    const max = this.opts.maxBytes ?? 500 << 20;
    const header = Number(res.headers.get('content-length') ?? '');
    const total = Number.isFinite(header) && header > 0 ? header : undefined;
    if (total !== undefined && total > max) return { error: failure(`reading ${shown}: answer of ${total} bytes is over the ${max}-byte limit`) };
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    if (!res.body) {
      const all = new Uint8Array(await res.arrayBuffer());
      onBytes?.(all.length, total);
      return { bytes: all };
    }
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.length;
      if (loaded > max) {
        await reader.cancel();
        return { error: failure(`reading ${shown}: answer is over the ${max}-byte limit`) };
      }
      chunks.push(value);
      onBytes?.(loaded, total);
    }
    const out = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return { bytes: out };
  }
}

function statusText(res: Response): string {
  if (res.statusText) return res.statusText;
  return ({ 404: 'Not Found', 410: 'Gone', 403: 'Forbidden', 401: 'Unauthorized', 500: 'Internal Server Error', 502: 'Bad Gateway' } as Record<number, string>)[res.status] ?? '';
}

/** go's web error detail: "\n\tserver response: …" with the body's first lines. */
async function serverResponse(res: Response): Promise<string> {
  let text = '';
  try {
    text = (await res.text()).trim();
  } catch {
    return '';
  }
  if (!text || !/^[\x20-\x7e\s]*$/.test(text)) return '';
  const lines = text.split('\n').slice(0, 8).map((l) => l.trimEnd());
  return `\n\tserver response:${lines.length > 1 ? `\n\t${lines.join('\n\t')}` : ` ${lines[0]}`}`;
}
