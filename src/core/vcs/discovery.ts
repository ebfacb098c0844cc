// Finding a module path's repository as cmd/go/internal/vcs does in module
// mode: the hosts it knows without asking (github.com, bitbucket.org), else
// the <meta name="go-import" content="prefix vcs repo [subdir]"> tags of
// https://<path>?go-get=1, with a non-authoritative match checked against
// the page of the prefix it names. "mod" entries (a module proxy serving the
// path) win over the others, as in go's PreferMod mode. gitlab.com and
// self-hosted servers answer ?go-get=1 themselves.
import type { VcsHttp } from './git-http.ts';
import { hasPathPrefix } from './module-version.ts';

export interface RepoRoot {
  /** The import path of the repository root. */
  root: string;
  /** "git", or "mod" for a module proxy. */
  vcs: string;
  /** The repository (or proxy) URL. */
  repo: string;
  /** Where the root's module lives inside the repository (go 1.25's fourth meta field). */
  subdir: string;
}

interface KnownHost {
  prefix: string;
  re: RegExp;
}

const KNOWN: KnownHost[] = [
  { prefix: 'github.com', re: /^(github\.com\/[\w.-]+\/[\w.-]+)(\/[\w.-]+)*$/ },
  { prefix: 'bitbucket.org', re: /^(bitbucket\.org\/[\w.-]+\/[\w.-]+)(\/[\w.-]+)*$/ },
];

const VCS_SUFFIX = /\.(bzr|fossil|git|hg|svn)$/;

export class DiscoveryError extends Error {}

export async function discoverRepo(path: string, http: VcsHttp): Promise<RepoRoot> {
  for (const k of KNOWN) {
    if (path !== k.prefix && !path.startsWith(`${k.prefix}/`)) continue;
    const m = k.re.exec(path);
    if (!m) throw new DiscoveryError(`invalid ${k.prefix} import path "${path}"`);
    const root = m[1]!;
    if (VCS_SUFFIX.test(root)) throw new DiscoveryError(`invalid version control suffix in ${k.prefix}/ path`);
    return { root, vcs: 'git', repo: `https://${root}`, subdir: '' };
  }
  const { url, imports } = await metaImports(path, http);
  const mi = matchGoImport(imports, path, url);
  if (mi.prefix !== path) {
    // "uni.edu/bob/project" may claim the prefix "uni.edu": the prefix's own page must agree.
    const second = await metaImports(mi.prefix, http);
    let agree: MetaImport | undefined;
    try {
      agree = matchGoImport(second.imports, path, second.url);
    } catch {
      agree = undefined;
    }
    if (!agree || agree.prefix !== mi.prefix || agree.vcs !== mi.vcs || agree.repo !== mi.repo || agree.subdir !== mi.subdir) {
      throw new DiscoveryError(`${url} and ${second.url} disagree about go-import for ${mi.prefix}`);
    }
  }
  if (mi.subdir && /^[/-]/.test(mi.subdir)) throw new DiscoveryError(`${url}: invalid subdirectory "${mi.subdir}"`);
  let scheme = '';
  try {
    scheme = new URL(mi.repo).protocol;
  } catch {
    throw new DiscoveryError(`${url}: invalid repo root "${mi.repo}": no scheme`);
  }
  if (mi.vcs !== 'git' && mi.vcs !== 'mod') throw new DiscoveryError(`${url}: ${mi.vcs} repositories are not supported (only git, and "mod" module proxies)`);
  if (scheme !== 'https:' && scheme !== 'http:') throw new DiscoveryError(`${url}: repository ${mi.repo} must be reached over https (git:// and ssh:// are not available here)`);
  return { root: mi.prefix, vcs: mi.vcs, repo: mi.repo, subdir: mi.subdir };
}

interface MetaImport {
  prefix: string;
  vcs: string;
  repo: string;
  subdir: string;
}

/** go-get pages already read, per http layer (one per credential set), as go's fetchCache. */
const pages = new WeakMap<VcsHttp, Map<string, Promise<{ url: string; imports: MetaImport[] }>>>();

function metaImports(path: string, http: VcsHttp): Promise<{ url: string; imports: MetaImport[] }> {
  let cache = pages.get(http);
  if (!cache) pages.set(http, (cache = new Map()));
  let p = cache.get(path);
  if (!p) {
    p = fetchMetaImports(path, http);
    cache.set(path, p);
    p.catch(() => cache.delete(path));
  }
  return p;
}

async function fetchMetaImports(path: string, http: VcsHttp): Promise<{ url: string; imports: MetaImport[] }> {
  const slash = path.indexOf('/');
  const host = slash < 0 ? path : path.slice(0, slash);
  if (!host.includes('.')) throw new DiscoveryError(`unrecognized import path "${path}": import path does not begin with hostname`);
  const url = new URL(`https://${host}${slash < 0 ? '/' : path.slice(slash)}?go-get=1`);
  const html = await http.getText(url);
  const imports = parseMetaGoImports(html);
  if (imports.length === 0) throw new DiscoveryError(`unrecognized import path "${path}": fetching ${path}: no go-import meta tag found in ${url}`);
  return { url: url.toString(), imports };
}

/** parseMetaGoImports: <meta name="go-import"> tags before <body> or </head>, "mod" entries first. */
export function parseMetaGoImports(html: string): MetaImport[] {
  const head = html.split(/<body[\s>]|<\/head\s*>/i)[0] ?? '';
  const all: MetaImport[] = [];
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(/([a-zA-Z-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>/]+))/g)) {
      attrs.set(m[1]!.toLowerCase(), decodeEntities(m[3] ?? m[4] ?? m[5] ?? ''));
    }
    if (attrs.get('name') !== 'go-import') continue;
    const f = (attrs.get('content') ?? '').trim().split(/\s+/);
    if (f.length === 3 || f.length === 4) all.push({ prefix: f[0]!, vcs: f[1]!, repo: f[2]!, subdir: f[3] ?? '' });
  }
  const mods = new Set(all.filter((m) => m.vcs === 'mod').map((m) => m.prefix));
  return [...all.filter((m) => m.vcs === 'mod'), ...all.filter((m) => m.vcs !== 'mod' && !mods.has(m.prefix))];
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()]!;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function matchGoImport(imports: MetaImport[], path: string, url: string): MetaImport {
  let match = -1;
  const mismatches: string[] = [];
  for (let i = 0; i < imports.length; i++) {
    const im = imports[i]!;
    if (!hasPathPrefix(path, im.prefix)) {
      mismatches.push(`meta tag ${im.prefix} did not match import path ${path}`);
      continue;
    }
    if (match >= 0) {
      if (imports[match]!.vcs === 'mod' && im.vcs !== 'mod') break;
      throw new DiscoveryError(`parse ${url}: multiple meta tags match import path "${path}"`);
    }
    match = i;
  }
  if (match < 0) throw new DiscoveryError(`unrecognized import path "${path}": parse ${url}: no go-import meta tags (${mismatches.join(', ')})`);
  return imports[match]!;
}
