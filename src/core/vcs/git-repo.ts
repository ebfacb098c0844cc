// One remote git repository, read the way cmd/go's codehost/git.go reads it,
// with isomorphic-git over smart HTTP instead of the git binary: refs from
// info/refs (HEAD, branches, tags with annotated tags peeled), a revision
// fetched with depth 1 when a ref names it, and the whole history (every
// branch and tag) only when something needs it: a bare commit hash, the
// most recent tag below a commit (pseudo-version bases), ancestry checks.
// Objects live in an in-memory file system for the engine's lifetime.
import type { CommitObject } from 'isomorphic-git';
import { gitLib } from './git-lib.ts';
import { memFs } from './git-mem-fs.ts';
import type { VcsHttp } from './git-http.ts';
import { compare } from './semver.ts';

export interface RevInfo {
  /** Full commit hash. */
  name: string;
  /** The 12-character prefix pseudo-versions use. */
  short: string;
  /** Committer time, whole seconds. */
  time: Date;
  /** The tag asked for when it names this commit, else the hash. */
  version: string;
  /** Tags pointing at the commit, sorted. */
  tags: string[];
}

export interface TreeFile {
  path: string;
  /** git's mode: 100644, 100755, 120000 (symlink), 160000 (submodule). */
  mode: string;
  oid: string;
}

export class UnknownRevisionError extends Error {
  constructor(rev: string) {
    super(`unknown revision ${rev}`);
  }
}

const SHALLOW = '/shallow.git';
const FULL = '/full.git';
const MIN_HASH_DIGITS = 7;
const allHex = (s: string): boolean => /^[0-9a-f]+$/.test(s);

export class GitRepo {
  private readonly fs = memFs();
  private refsP?: Promise<Map<string, string>>;
  private readonly statCache = new Map<string, Promise<RevInfo>>();
  private fetchedAll?: Promise<void>;
  private ready = new Map<string, Promise<void>>();
  private full = false;
  /** Fetches write refs and packs into one file system: one at a time, as go holds its repository lock. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** The logical remote URL (https://host/path); where it is sent is the http layer's business. */
    readonly url: string,
    private readonly http: VcsHttp,
  ) {}

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get gitdir(): string {
    return this.full ? FULL : SHALLOW;
  }

  private init(gitdir: string): Promise<void> {
    let p = this.ready.get(gitdir);
    if (!p) {
      p = (async () => {
        await (await gitLib()).init({ fs: this.fs, gitdir, bare: true });
        await (await gitLib()).addRemote({ fs: this.fs, gitdir, remote: 'origin', url: this.url });
      })();
      this.ready.set(gitdir, p);
    }
    return p;
  }

  /** ls-remote: HEAD, refs/heads/* and refs/tags/* (annotated tags as the commit they point at). */
  refs(): Promise<Map<string, string>> {
    this.refsP ??= (async () => {
      const list = await (await gitLib()).listServerRefs({ http: this.http.client, url: this.url, protocolVersion: 1, peelTags: true, symrefs: true });
      const out = new Map<string, string>();
      for (const r of list) {
        if (r.ref === 'HEAD' || r.ref.startsWith('refs/heads/') || r.ref.startsWith('refs/tags/')) out.set(r.ref, r.peeled ?? r.oid);
      }
      return out;
    })();
    return this.refsP;
  }

  /** Lists refs again on next use (a new build: tags may have moved); fetched objects stay. */
  forgetRefs(): void {
    this.refsP = undefined;
    this.statCache.clear();
  }

  /** Tags whose names start with prefix, sorted by name. */
  async tags(prefix: string): Promise<{ name: string; hash: string }[]> {
    const out: { name: string; hash: string }[] = [];
    for (const [ref, hash] of await this.refs()) {
      if (ref.startsWith('refs/tags/') && ref.slice(10).startsWith(prefix)) out.push({ name: ref.slice(10), hash });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async latest(): Promise<RevInfo> {
    const head = (await this.refs()).get('HEAD');
    if (!head) throw new Error('no commits');
    return this.stat(head);
  }

  stat(rev: string): Promise<RevInfo> {
    let p = this.statCache.get(rev);
    if (!p) {
      p = this.statUncached(rev);
      this.statCache.set(rev, p);
      p.catch(() => this.statCache.delete(rev));
    }
    return p;
  }

  private async statUncached(rev: string): Promise<RevInfo> {
    const looksHash = rev.length >= MIN_HASH_DIGITS && rev.length <= 40 && allHex(rev);
    if (looksHash) {
      const local = await this.statLocal(rev, rev);
      if (local) return local;
    }
    const refs = await this.refs();
    let ref = '';
    let hash = '';
    if (refs.has(`refs/tags/${rev}`)) {
      ref = `refs/tags/${rev}`;
      hash = refs.get(ref)!;
    } else if (refs.has(`refs/heads/${rev}`)) {
      ref = `refs/heads/${rev}`;
      hash = refs.get(ref)!;
      rev = hash;
    } else if (rev === 'HEAD' && refs.has('HEAD')) {
      ref = 'HEAD';
      hash = refs.get('HEAD')!;
      rev = hash;
    } else if (looksHash) {
      for (const [k, h] of [...refs].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!h.startsWith(rev)) continue;
        if (hash && hash !== h) throw new Error(`ambiguous revision ${rev}`);
        if (!ref) ref = k;
        hash = h;
      }
      if (hash) rev = hash;
      else if (rev.length === 40) hash = rev;
    } else {
      throw new UnknownRevisionError(rev);
    }
    if (hash) {
      const local = await this.statLocal(rev, hash);
      if (local) return local;
    }
    if (!this.full && ref && hash) {
      // go fetches just this ref, one commit deep.
      await this.locked(async () => {
        if (await this.statLocal(rev, hash)) return;
        await this.init(SHALLOW);
        await (await gitLib()).fetch({ fs: this.fs, http: this.http.client, gitdir: SHALLOW, url: this.url, ref: ref === 'HEAD' ? hash : ref, singleBranch: true, depth: 1, tags: false });
      });
      const local = await this.statLocal(rev, hash);
      if (local) return local;
    }
    await this.fetchAll();
    const local = await this.statLocal(rev, hash || rev);
    if (!local) throw new UnknownRevisionError(rev);
    return local;
  }

  /** Every branch and tag with their whole history (go's fetchRefsLocked with --unshallow). */
  fetchAll(): Promise<void> {
    this.fetchedAll ??= this.locked(async () => {
      await this.init(FULL);
      await (await gitLib()).fetch({ fs: this.fs, http: this.http.client, gitdir: FULL, url: this.url, singleBranch: false, tags: true });
      this.full = true;
      this.statCache.clear();
    });
    this.fetchedAll.catch(() => (this.fetchedAll = undefined));
    return this.fetchedAll;
  }

  private async statLocal(version: string, rev: string): Promise<RevInfo | undefined> {
    let oid: string;
    let commit: CommitObject;
    try {
      oid = rev.length === 40 ? rev : await (await gitLib()).expandOid({ fs: this.fs, gitdir: this.gitdir, oid: rev });
      ({ commit, oid } = await (await gitLib()).readCommit({ fs: this.fs, gitdir: this.gitdir, oid }));
    } catch {
      return undefined;
    }
    const tags: string[] = [];
    for (const [ref, h] of await this.refs()) if (h === oid && ref.startsWith('refs/tags/')) tags.push(ref.slice(10));
    tags.sort();
    return {
      name: oid,
      short: oid.slice(0, 12),
      time: new Date(commit.committer.timestamp * 1000),
      version: tags.includes(version) ? version : oid,
      tags,
    };
  }

  /** The file's bytes at rev, or undefined when rev has no such file. */
  async readFile(rev: string, file: string): Promise<Uint8Array | undefined> {
    const info = await this.stat(rev);
    try {
      const { blob } = await (await gitLib()).readBlob({ fs: this.fs, gitdir: this.gitdir, oid: info.name, filepath: file });
      return blob;
    } catch {
      return undefined;
    }
  }

  /** The files under dir ("" for the root) at rev, with their modes: what git archive would list. */
  async files(rev: string, dir: string): Promise<TreeFile[]> {
    const info = await this.stat(rev);
    const out: TreeFile[] = [];
    const walk = async (treeOid: string, prefix: string): Promise<void> => {
      const { tree } = await (await gitLib()).readTree({ fs: this.fs, gitdir: this.gitdir, oid: treeOid });
      for (const e of tree) {
        const path = prefix + e.path;
        if (e.type === 'tree') await walk(e.oid, `${path}/`);
        else out.push({ path, mode: e.mode, oid: e.oid });
      }
    };
    let root: string;
    try {
      root = (await (await gitLib()).readTree({ fs: this.fs, gitdir: this.gitdir, oid: info.name, filepath: dir || undefined })).oid;
    } catch {
      return [];
    }
    await walk(root, dir ? `${dir}/` : '');
    return out;
  }

  async blob(oid: string): Promise<Uint8Array> {
    return (await (await gitLib()).readBlob({ fs: this.fs, gitdir: this.gitdir, oid })).blob;
  }

  /** The highest allowed tag (with prefix) on rev's history: git for-each-ref --merged. */
  async recentTag(rev: string, prefix: string, allowed: (tag: string) => boolean): Promise<string> {
    if ((await this.tags(`${prefix}v`)).length === 0) return '';
    await this.fetchAll();
    const info = await this.stat(rev);
    let highest = '';
    for (const { name, hash } of await this.tags(prefix)) {
      if (!allowed(name)) continue;
      const sem = name.slice(prefix.length);
      if (compare(sem, highest) <= 0) continue;
      if (await this.isAncestor(hash, info.name)) highest = sem;
    }
    return highest && !allHex(prefix + highest) ? prefix + highest : '';
  }

  /** git merge-base --is-ancestor tag rev. */
  async descendsFrom(rev: string, tag: string): Promise<boolean> {
    const hash = (await this.refs()).get(`refs/tags/${tag}`);
    if (!hash) return false;
    await this.fetchAll();
    const info = await this.stat(rev);
    return this.isAncestor(hash, info.name);
  }

  private async isAncestor(ancestor: string, oid: string): Promise<boolean> {
    if (ancestor === oid) return true;
    try {
      return await (await gitLib()).isDescendent({ fs: this.fs, gitdir: FULL, oid, ancestor, depth: -1 });
    } catch {
      return false;
    }
  }
}
