// Direct mode: the GOPROXY protocol's files (@v/list, @latest, .info, .mod,
// .zip) made from a module's version control repository, for the paths
// GOPRIVATE/GONOPROXY name and for GOPROXY=direct, as cmd/go's
// modfetch.lookupDirect makes them. One DirectMode lives as long as its
// engine and keeps fetched git objects in memory, per repository and per
// credential (another token must prove its access again); each build gets a
// DirectFetcher that reads that build's GIT_CREDENTIALS, GOFN_HOST_MAP and
// GOINSECURE. Every message that leaves here has the secrets scrubbed.
import { hex, sha256 } from '../bytes/sha256.ts';
import { matchPrefixPatterns } from '../modules/env.ts';
import type { DirectFetcher, FetchOutcome } from '../modules/proxy-client.ts';
import { protocolFile, type ProtocolFile } from '../modules/protocol-path.ts';
import type { Fetcher } from '../types.ts';
import { CodeRepo, VersionError, type ModuleRev } from './code-repo.ts';
import { basicAuth, CREDENTIALS_VAR, parseGitCredentials, redactor } from './credentials.ts';
import { discoverRepo, type RepoRoot } from './discovery.ts';
import { VcsHttp, VcsHttpError } from './git-http.ts';
import { GitRepo, UnknownRevisionError } from './git-repo.ts';
import { createModuleZip, MAX_LICENSE, MAX_ZIP_FILE } from './module-zip.ts';
import { directReach, HOST_MAP_VAR, parseHostMap, passThroughReach } from './reach.ts';

/** The build env variables direct mode reads (besides the module ones). */
export const VCS_ENV_KEYS = [CREDENTIALS_VAR, HOST_MAP_VAR] as const;

const MAX_SESSIONS = 4;

export interface DirectModeHost {
  fetcher: Fetcher;
  /** The app's same-origin git pass-through ("/_gofn/git/" on the page's origin); unset in Node. */
  gitPassThrough?: string;
}

export interface DirectBuild {
  env: Record<string, string>;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

export class DirectMode {
  /** Per credential set: its http layer, repositories and discovered roots. */
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly host: DirectModeHost) {}

  forBuild(build: DirectBuild): DirectFetcher {
    const creds = parseGitCredentials(build.env[CREDENTIALS_VAR]);
    const hosts = parseHostMap(build.env[HOST_MAP_VAR]);
    const redact = redactor(creds.list);
    const problems = [...creds.problems, ...(this.host.gitPassThrough ? [] : hosts.problems)];
    // Keys hold a hash of the credentials, never the credentials.
    const key = hex(sha256(JSON.stringify([creds.list.map((c) => [c.protocol, c.host, c.path, basicAuth(c)]), this.host.gitPassThrough ? '' : [...hosts.map]])));
    let session = this.sessions.get(key);
    if (!session) {
      const reach = this.host.gitPassThrough ? passThroughReach(this.host.gitPassThrough) : directReach(hosts);
      session = new Session(new VcsHttp({ fetcher: this.host.fetcher, reach, credentials: creds.list }));
      // A few credential sets at most keep their objects in memory; the oldest goes first.
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    }
    this.sessions.delete(key);
    this.sessions.set(key, session);
    session.begin(build);
    const insecure = build.env['GOINSECURE'] ?? '';
    const s = session;
    return {
      async get(file, signal) {
        if (problems.length) return { error: { notExist: false, message: problems.join('; ') } };
        try {
          return await s.get(file, insecure, signal ?? build.signal);
        } catch (e) {
          if (signal?.aborted || build.signal?.aborted) throw e;
          return { error: { notExist: isNotExist(e), message: redact(e instanceof Error ? e.message : String(e)) } };
        }
      },
    };
  }
}

function isNotExist(e: unknown): boolean {
  return (e instanceof VcsHttpError && e.notExist) || (e instanceof VersionError && e.notExist) || e instanceof UnknownRevisionError;
}

const enc = new TextEncoder();

class Session {
  private readonly roots = new Map<string, Promise<RepoRoot>>();
  private readonly repos = new Map<string, GitRepo>();
  private readonly code = new Map<string, Promise<CodeRepo>>();

  constructor(readonly http: VcsHttp) {}

  /** A new build: refs are listed again (tags may have moved); fetched objects stay. */
  begin(build: DirectBuild): void {
    this.http.signal = build.signal;
    this.http.onBytes = build.onBytes;
    for (const r of this.repos.values()) r.forgetRefs();
  }

  async get(file: ProtocolFile, insecure: string, signal?: AbortSignal): Promise<FetchOutcome> {
    if (file.kind === 'sumdb') return { error: { notExist: true, message: 'direct mode has no checksum database' } };
    if (signal) this.http.signal = signal;
    const root = await this.root(file.path);
    const shown = `${root.repo}`;
    if (new URL(root.repo).protocol === 'http:' && matchPrefixPatterns(insecure, file.path) === undefined) {
      throw new Error(`repository ${root.repo} for ${file.path} is not served over https; name it in GOINSECURE to allow that`);
    }
    if (root.vcs === 'mod') {
      // A retraction read is the version's go.mod (the proxy client names it apart for caching).
      const path = 'version' in file ? protocolFile(file.kind === 'retract' ? 'mod' : file.kind, file.path, file.version) : protocolPath(file);
      const data = await this.http.get(new URL(`${root.repo.replace(/\/+$/, '')}/${path}`), MAX_ZIP_FILE);
      return { data, url: shown };
    }
    const repo = await this.codeRepo(file.path, root);
    const data = await answer(repo, file);
    return { data, url: shown };
  }

  private root(path: string): Promise<RepoRoot> {
    let p = this.roots.get(path);
    if (!p) {
      p = discoverRepo(path, this.http);
      this.roots.set(path, p);
      p.catch(() => this.roots.delete(path));
    }
    return p;
  }

  private codeRepo(path: string, root: RepoRoot): Promise<CodeRepo> {
    let p = this.code.get(path);
    if (!p) {
      p = (async () => {
        let repo = this.repos.get(root.repo);
        if (!repo) {
          repo = new GitRepo(root.repo, this.http);
          this.repos.set(root.repo, repo);
        }
        return new CodeRepo(path, repo, root.root, root.subdir);
      })();
      this.code.set(path, p);
      p.catch(() => this.code.delete(path));
    }
    return p;
  }
}

function protocolPath(file: Extract<ProtocolFile, { kind: 'list' | 'latest' }>): string {
  const esc = file.path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
  return file.kind === 'list' ? `${esc}/@v/list` : `${esc}/@latest`;
}

const infoJson = (r: ModuleRev): Uint8Array => enc.encode(`${JSON.stringify({ Version: r.version, Time: r.time.toISOString().replace('.000Z', 'Z') })}\n`);

async function answer(repo: CodeRepo, file: Exclude<ProtocolFile, { kind: 'sumdb' }>): Promise<Uint8Array> {
  switch (file.kind) {
    case 'list': {
      const list = await repo.versions();
      return enc.encode(list.map((v) => `${v}\n`).join(''));
    }
    case 'latest':
      return infoJson(await repo.latest());
    case 'info':
      return infoJson(await repo.stat(file.version));
    case 'mod':
    case 'retract':
      return repo.goMod(file.version);
    case 'zip':
      return zipOf(repo, file.path, file.version);
  }
}

async function zipOf(repo: CodeRepo, path: string, version: string): Promise<Uint8Array> {
  const src = await repo.zipSource(version);
  const code = repo.code;
  const files = await code.files(src.rev, src.dir);
  const cut = src.dir ? src.dir.length + 1 : 0;
  const sources = await Promise.all(
    files.map(async (f) => {
      const data = f.mode === '160000' || f.mode === '040000' ? new Uint8Array() : await code.blob(f.oid);
      return { path: f.path.slice(cut), mode: f.mode, size: data.length, read: async () => data };
    }),
  );
  if (src.dir && !sources.some((f) => f.path === 'LICENSE')) {
    // A module in a subdirectory gets the repository's LICENSE, as go gives it.
    const license = await code.readFile(src.rev, 'LICENSE');
    if (license && license.length <= MAX_LICENSE) sources.push({ path: 'LICENSE', mode: '100644', size: license.length, read: async () => license });
  }
  return createModuleZip(path, version, sources);
}
