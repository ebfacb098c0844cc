// A cache of immutable answers on disk, streamed both ways: a module zip may
// be hundreds of megabytes, so it is never held in memory whole. An entry
// appears (by an atomic rename) only once its whole body was received.
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface CacheEntry {
  size: number;
  open(): ReadStream;
}

export interface CacheWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the entry visible. */
  commit(): Promise<void>;
  /** Drops what was written; the entry stays absent. */
  abort(): Promise<void>;
}

let tmpCounter = 0;

export class DiskCache {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /**
   * Keys are "/"-separated relative paths the caller has validated. Entry
   * files end in "$" so that an entry and a directory of longer keys can
   * share a name; temporary files start with "#" and never look like entries.
   */
  private fileOf(key: string): string {
    const file = join(this.root, ...key.split('/')) + '$';
    if (!file.startsWith(this.root + sep)) throw new Error(`cache key "${key}" leaves the cache directory`);
    return file;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const file = this.fileOf(key);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { size: info.size, open: () => createReadStream(file) };
  }

  async writer(key: string): Promise<CacheWriter> {
    const file = this.fileOf(key);
    await mkdir(dirname(file), { recursive: true });
    const tmp = join(dirname(file), `#${process.pid}.${tmpCounter++}`);
    const out: WriteStream = createWriteStream(tmp);
    const closed = new Promise<void>((done, fail) => {
      out.once('close', done);
      out.once('error', fail);
    });
    return {
      write: (chunk) =>
        new Promise<void>((done, fail) => {
          out.write(chunk, (err) => (err ? fail(err) : done()));
        }),
      async commit() {
        out.end();
        await closed;
        await rename(tmp, file);
      },
      async abort() {
        out.destroy();
        await closed.catch(() => undefined);
        await rm(tmp, { force: true });
      },
    };
  }
}
