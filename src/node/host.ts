// Node implementations of the engine's host services: a BlobStore kept on
// disk and a Fetcher that serves a local folder (toolchains/ above all) the
// way a static server would, so the CLI and tests run the same core code as
// the browser.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore, Fetcher } from '../core/types.ts';

// Each key segment becomes a directory, the last one a file ending in "$".
// encodeURIComponent never leaves a raw "$" or "#", so value files can't
// collide with directories and temporary files ("#…") never look like keys.
function encodeSegment(seg: string): string {
  if (seg === '') return '%';
  if (seg === '.' || seg === '..') return seg.replace(/\./g, '%2E');
  return encodeURIComponent(seg);
}

function decodeSegment(seg: string): string {
  return seg === '%' ? '' : decodeURIComponent(seg);
}

let tmpCounter = 0;

/** A BlobStore in a directory (e.g. ".cache/store"); writes are atomic renames. */
export function diskStore(dir: string): BlobStore {
  const base = resolve(dir);
  const pathOf = (key: string): string => join(base, ...key.split('/').map(encodeSegment)) + '$';

  async function walk(rel: string[], out: string[]): Promise<void> {
    const entries = await readdir(join(base, ...rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('#')) continue;
      if (e.isDirectory()) await walk([...rel, e.name], out);
      else if (e.name.endsWith('$')) out.push([...rel, e.name.slice(0, -1)].map(decodeSegment).join('/'));
    }
  }

  return {
    async get(key) {
      try {
        const buf = await readFile(pathOf(key));
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async set(key, value) {
      const file = pathOf(key);
      await mkdir(dirname(file), { recursive: true });
      const tmp = join(dirname(file), `#${process.pid}.${tmpCounter++}`);
      await writeFile(tmp, value);
      await rename(tmp, file);
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async keys(prefix = '') {
      // Only the directory the prefix names is walked, not the whole store.
      const dirSegs = prefix.split('/').slice(0, -1).map(encodeSegment);
      const out: string[] = [];
      await walk(dirSegs, out);
      return out.filter((k) => k.startsWith(prefix)).sort();
    },
  };
}

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
};

/**
 * A Fetcher answering from rootDir: "toolchains/index.json", "/toolchains/…",
 * a file: URL or an absolute path inside rootDir. http(s) URLs go to the
 * network. Missing files answer 404 like a static server would.
 */
export function localFetcher(rootDir: string): Fetcher {
  const root = resolve(rootDir);
  return async (url, init) => {
    init?.signal?.throwIfAborted();
    if (/^https?:\/\//i.test(url)) return fetch(url, init);
    let file: string;
    if (/^file:/i.test(url)) file = fileURLToPath(url);
    else {
      const path = decodeURIComponent(url.replace(/[?#].*$/, ''));
      file = isAbsolute(path) && (path === root || path.startsWith(root + sep)) ? path : join(root, path.replace(/^\/+/, ''));
    }
    const rel = relative(root, file);
    if (rel.startsWith('..') || isAbsolute(rel)) return notFound(url);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return notFound(url);
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'content-length': String(body.length) },
    });
  };
}

function notFound(url: string): Response {
  return new Response(`${url}: not found\n`, { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/plain' } });
}
