// The in-memory file tree the browser_wasi_shim runner hands to a program.
//
// Inputs are shared, never copied: a MemFile points at the caller's bytes and
// only takes a private copy the first time the program writes to it. Files the
// program writes grow by doubling, because the shim's own File reallocates on
// every append, which makes writing a multi-megabyte archive in 4 KiB chunks
// quadratic.

import { Directory, Fd, Inode, wasi } from '@bjorn3/browser_wasi_shim';
import type { MemFiles } from './runner.ts';

export class MemFile extends Inode {
  #buf: Uint8Array;
  #size: number;
  #owned: boolean;
  /** Set on the first write or truncation: the file belongs in the run's output. */
  changed = false;

  constructor(data: Uint8Array, owned: boolean) {
    super();
    this.#buf = data;
    this.#size = data.byteLength;
    this.#owned = owned;
  }

  get size(): number {
    return this.#size;
  }

  /** A view of the contents; valid until the next write. */
  view(start: number, end: number): Uint8Array {
    return this.#buf.subarray(Math.min(start, this.#size), Math.min(end, this.#size));
  }

  /** Exactly-sized contents, so a transfer or a store does not carry spare capacity. */
  contents(): Uint8Array {
    return this.#buf.byteLength === this.#size ? this.#buf : this.#buf.slice(0, this.#size);
  }

  resize(size: number): void {
    this.changed = true;
    if (size > this.#size) {
      this.#reserve(size);
      this.#buf.fill(0, this.#size, size);
    } else if (!this.#owned) {
      this.#buf = this.#buf.slice(0, size);
      this.#owned = true;
    }
    this.#size = size;
  }

  write(data: Uint8Array, offset: number): void {
    this.changed = true;
    const end = offset + data.byteLength;
    if (offset > this.#size) this.resize(offset);
    this.#reserve(end);
    this.#buf.set(data, offset);
    if (end > this.#size) this.#size = end;
  }

  #reserve(wanted: number): void {
    const size = Math.max(wanted, this.#size);
    if (this.#owned && size <= this.#buf.byteLength) return;
    const capacity = this.#owned ? Math.max(size, this.#buf.byteLength * 2, 4096) : size;
    const next = new Uint8Array(capacity);
    next.set(this.#buf.subarray(0, this.#size));
    this.#buf = next;
    this.#owned = true;
  }

  path_open(oflags: number, _rights: bigint, fdFlags: number): { ret: number; fd_obj: Fd | null } {
    if ((oflags & wasi.OFLAGS_TRUNC) !== 0) this.resize(0);
    const fd = new MemOpenFile(this);
    if ((fdFlags & wasi.FDFLAGS_APPEND) !== 0) fd.append = true;
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: fd };
  }

  stat(): wasi.Filestat {
    return new wasi.Filestat(this.ino, wasi.FILETYPE_REGULAR_FILE, BigInt(this.#size));
  }
}

class MemOpenFile extends Fd {
  pos = 0;
  append = false;

  constructor(readonly file: MemFile) {
    super();
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    return { ret: wasi.ERRNO_SUCCESS, fdstat: new wasi.Fdstat(wasi.FILETYPE_REGULAR_FILE, 0) };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: this.file.stat() };
  }

  override fd_filestat_set_size(size: bigint): number {
    this.file.resize(Number(size));
    return wasi.ERRNO_SUCCESS;
  }

  override fd_allocate(offset: bigint, len: bigint): number {
    const end = Number(offset + len);
    if (end > this.file.size) this.file.resize(end);
    return wasi.ERRNO_SUCCESS;
  }

  // The shim copies what we return into guest memory, so a view is enough.
  override fd_read(size: number): { ret: number; data: Uint8Array } {
    const data = this.file.view(this.pos, this.pos + size);
    this.pos += data.byteLength;
    return { ret: wasi.ERRNO_SUCCESS, data };
  }

  override fd_pread(size: number, offset: bigint): { ret: number; data: Uint8Array } {
    const start = Number(offset);
    return { ret: wasi.ERRNO_SUCCESS, data: this.file.view(start, start + size) };
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    if (this.append) this.pos = this.file.size;
    this.file.write(data, this.pos);
    this.pos += data.byteLength;
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.byteLength };
  }

  override fd_pwrite(data: Uint8Array, offset: bigint): { ret: number; nwritten: number } {
    this.file.write(data, Number(offset));
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.byteLength };
  }

  override fd_seek(offset: bigint, whence: number): { ret: number; offset: bigint } {
    const base = whence === wasi.WHENCE_SET ? 0 : whence === wasi.WHENCE_CUR ? this.pos : whence === wasi.WHENCE_END ? this.file.size : -1;
    const next = base + Number(offset);
    if (base < 0 || next < 0) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    this.pos = next;
    return { ret: wasi.ERRNO_SUCCESS, offset: BigInt(next) };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    return { ret: wasi.ERRNO_SUCCESS, offset: BigInt(this.pos) };
  }
}

/** A directory whose newly created entries are MemFiles and MemDirs. */
export class MemDir extends Directory {
  constructor() {
    super(new Map<string, Inode>());
  }

  override create_entry_for_path(pathStr: string, isDir: boolean): { ret: number; entry: Inode | null } {
    const parts = splitPath(pathStr);
    const name = parts?.pop();
    if (!parts || name === undefined) return { ret: wasi.ERRNO_NOTCAPABLE, entry: null };
    let dir: Directory = this;
    for (const part of parts) {
      const next = dir.contents.get(part);
      if (next === undefined) return { ret: wasi.ERRNO_NOENT, entry: null };
      if (!(next instanceof Directory)) return { ret: wasi.ERRNO_NOTDIR, entry: null };
      dir = next;
    }
    if (dir.contents.has(name)) return { ret: wasi.ERRNO_EXIST, entry: null };
    const entry = isDir ? new MemDir() : newOutputFile();
    dir.contents.set(name, entry);
    return { ret: wasi.ERRNO_SUCCESS, entry };
  }
}

function newOutputFile(): MemFile {
  const file = new MemFile(new Uint8Array(0), true);
  file.changed = true;
  return file;
}

/** Path components relative to a directory; null if the path climbs above it. */
function splitPath(path: string): string[] | null {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.pop() === undefined) return null;
      continue;
    }
    parts.push(part);
  }
  return parts;
}

function mkdirAll(root: MemDir, parts: string[]): MemDir {
  let dir = root;
  for (const part of parts) {
    const next = dir.contents.get(part);
    if (next instanceof MemDir) {
      dir = next;
    } else if (next === undefined) {
      const made = new MemDir();
      dir.contents.set(part, made);
      dir = made;
    } else {
      throw new Error(`cannot make directory /${parts.join('/')}: a file is in the way`);
    }
  }
  return dir;
}

/** The tree rooted at "/" holding `files` (shared, copy-on-write) and the directories `dirs`. */
export function buildTree(files: MemFiles, dirs: Iterable<string>): MemDir {
  const root = new MemDir();
  for (const dir of dirs) mkdirAll(root, splitPath(dir) ?? []);
  for (const [path, data] of files) {
    const parts = splitPath(path);
    const name = parts?.pop();
    if (!parts || name === undefined) throw new Error(`not a file path: ${path}`);
    const dir = mkdirAll(root, parts);
    if (dir.contents.get(name) instanceof Directory) throw new Error(`${path} is both a file and a directory`);
    dir.contents.set(name, new MemFile(data, false));
  }
  return root;
}

/** Every file the program created or changed, by absolute path. */
export function changedFiles(root: Directory): MemFiles {
  const out: MemFiles = new Map();
  const walk = (dir: Directory, prefix: string): void => {
    for (const [name, entry] of dir.contents) {
      const path = `${prefix}/${name}`;
      if (entry instanceof Directory) walk(entry, path);
      else if (entry instanceof MemFile && entry.changed) out.set(path, entry.contents());
    }
  };
  walk(root, '');
  return out;
}
