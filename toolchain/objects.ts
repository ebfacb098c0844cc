// Content-addressed gzip objects: toolchains/objects/<sha256 of the raw bytes>.gz.
// Versions share objects (headers, unchanged archives), and an object that is
// already there is never rewritten, so rebuilding a version costs only hashing.
// The files of a first visit also get <sha256>.br, which servers send to
// browsers that accept br (src/node/brotli-objects.ts).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { BundleFile } from '../src/core/types.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * Brotli quality 9 with a 16 MiB window (the most a browser's decoder
 * takes). Measured on go1.26.8's first-visit files (135 MB raw) against
 * gzip -6 (30.5 MB): quality 9 gives 24.3 MB in 23 s of one core, quality 10
 * about 22 MB in 86 s of two, 11 21.5 MB in 320 s of one. Setup time counts.
 */
const BROTLI = { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24 };

export class ObjectWriter {
  written = 0;
  reused = 0;

  constructor(readonly dir: string) {}

  path(sha256: string): string {
    return join(this.dir, `${sha256}.gz`);
  }

  brotliWritten = 0;

  /** Writes <sha256>.br for an object put before (file holds its raw bytes), unless it is there. */
  async putBrotli(sha256: string, file: string): Promise<void> {
    const target = join(this.dir, `${sha256}.br`);
    if (await stat(target).catch(() => undefined)) return;
    const bytes = await readFile(file);
    const br = await brotliAsync(bytes, { params: { ...BROTLI, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, br);
    await rename(tmp, target);
    this.brotliWritten++;
  }

  async putFile(file: string): Promise<BundleFile> {
    return this.put(await readFile(file));
  }

  // Two files of one bundle can have the same bytes (vet facts often do);
  // they share one write rather than racing on one temporary file.
  private readonly inflight = new Map<string, Promise<BundleFile>>();

  async put(bytes: Uint8Array): Promise<BundleFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let p = this.inflight.get(sha256);
    if (!p) {
      p = this.write(sha256, bytes);
      this.inflight.set(sha256, p);
    }
    return p;
  }

  private async write(sha256: string, bytes: Uint8Array): Promise<BundleFile> {
    const target = this.path(sha256);
    const existing = await stat(target).catch(() => undefined);
    if (existing) {
      this.reused++;
      return { sha256, size: bytes.length, gzSize: existing.size };
    }
    // Node's gzip header has no name and a zero mtime, so the same bytes
    // always give the same object. Level 9 measured only 2-3% smaller than 6
    // on archives and compile.wasm, for 3-8x the time of a fresh build.
    const gz = await gzipAsync(bytes, { level: 6 });
    await mkdir(this.dir, { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, gz);
    await rename(tmp, target);
    this.written++;
    return { sha256, size: bytes.length, gzSize: gz.length };
  }
}

/** Runs fn over items with at most `limit` in flight, keeping results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
