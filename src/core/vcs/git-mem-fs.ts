// An in-memory file system with the promise API isomorphic-git asks for
// (readFile, writeFile, mkdir, rmdir, unlink, stat, lstat, readdir, readlink,
// symlink). Direct mode keeps each repository's objects here for one engine:
// nothing touches a disk or IndexedDB, and dropping the object drops them.

type Node = { kind: 'file'; data: Uint8Array; mtimeMs: number } | { kind: 'dir'; mtimeMs: number } | { kind: 'link'; target: string; mtimeMs: number };

class FsError extends Error {
  constructor(readonly code: string, path: string) {
    super(`${code}: ${path}`);
  }
}

function clean(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

const parent = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';

class Stats {
  readonly mode: number;
  readonly size: number;
  readonly ino = 0;
  readonly uid = 0;
  readonly gid = 0;
  readonly dev = 0;
  readonly ctimeMs: number;
  readonly mtimeMs: number;
  constructor(private readonly node: Node) {
    this.mode = node.kind === 'dir' ? 0o40755 : node.kind === 'link' ? 0o120000 : 0o100644;
    this.size = node.kind === 'file' ? node.data.length : 0;
    this.ctimeMs = this.mtimeMs = node.mtimeMs;
  }
  isFile(): boolean {
    return this.node.kind === 'file';
  }
  isDirectory(): boolean {
    return this.node.kind === 'dir';
  }
  isSymbolicLink(): boolean {
    return this.node.kind === 'link';
  }
}

class MemPromises {
  private readonly nodes = new Map<string, Node>([['/', { kind: 'dir', mtimeMs: Date.now() }]]);

  private get(path: string): Node {
    const n = this.nodes.get(clean(path));
    if (!n) throw new FsError('ENOENT', path);
    return n;
  }

  private parentDir(path: string): void {
    const dir = this.nodes.get(parent(clean(path)));
    if (!dir) throw new FsError('ENOENT', path);
    if (dir.kind !== 'dir') throw new FsError('ENOTDIR', path);
  }

  async readFile(path: string, opts?: string | { encoding?: string }): Promise<Uint8Array | string> {
    const n = this.get(path);
    if (n.kind !== 'file') throw new FsError(n.kind === 'dir' ? 'EISDIR' : 'ENOENT', path);
    const enc = typeof opts === 'string' ? opts : opts?.encoding;
    return enc === 'utf8' || enc === 'utf-8' ? new TextDecoder().decode(n.data) : n.data;
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    this.parentDir(path);
    const p = clean(path);
    if (this.nodes.get(p)?.kind === 'dir') throw new FsError('EISDIR', path);
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
    this.nodes.set(p, { kind: 'file', data: bytes, mtimeMs: Date.now() });
  }

  async mkdir(path: string): Promise<void> {
    const p = clean(path);
    if (this.nodes.has(p)) throw new FsError('EEXIST', path);
    this.parentDir(path);
    this.nodes.set(p, { kind: 'dir', mtimeMs: Date.now() });
  }

  async rmdir(path: string): Promise<void> {
    const p = clean(path);
    if (this.get(path).kind !== 'dir') throw new FsError('ENOTDIR', path);
    if ((await this.readdir(path)).length) throw new FsError('ENOTEMPTY', path);
    this.nodes.delete(p);
  }

  async unlink(path: string): Promise<void> {
    if (this.get(path).kind === 'dir') throw new FsError('EISDIR', path);
    this.nodes.delete(clean(path));
  }

  async stat(path: string): Promise<Stats> {
    let n = this.get(path);
    for (let hops = 0; n.kind === 'link' && hops < 16; hops++) n = this.get(n.target);
    return new Stats(n);
  }

  async lstat(path: string): Promise<Stats> {
    return new Stats(this.get(path));
  }

  async readdir(path: string): Promise<string[]> {
    const p = clean(path);
    if (this.get(path).kind !== 'dir') throw new FsError('ENOTDIR', path);
    const prefix = p === '/' ? '/' : `${p}/`;
    const out: string[] = [];
    for (const k of this.nodes.keys()) if (k !== p && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')) out.push(k.slice(prefix.length));
    return out;
  }

  async readlink(path: string): Promise<string> {
    const n = this.get(path);
    if (n.kind !== 'link') throw new FsError('EINVAL', path);
    return n.target;
  }

  async symlink(target: string, path: string): Promise<void> {
    this.parentDir(path);
    this.nodes.set(clean(path), { kind: 'link', target, mtimeMs: Date.now() });
  }
}

/** A fresh, empty file system in isomorphic-git's FsClient shape. */
export function memFs(): { promises: MemPromises } {
  return { promises: new MemPromises() };
}
