// Toolchain bundles on the engine side: the index and manifests from the
// toolchain server, files fetched on demand as content-addressed objects,
// verified, and kept in the host's BlobStore under keys that carry their hash.
// Once a manifest and its objects are stored, nothing here needs the network.
import type { BlobStore, BundleFile, BundleManifest, CachedToolchain, Fetcher, ProgressEvent, Target, ToolchainIndexEntry } from '../types.ts';
import { fetchObject, fetchOk, readBody, sha256Hex, toolchainError } from './bundle-fetch.ts';
import { stdClosure } from './std-closure.ts';
import { compareGoVersions as compareVersions } from '../project/gover.ts';

export { stdClosure, isImportableStd, linkerDeps, type StdClosure } from './std-closure.ts';
export { toolchainError } from './bundle-fetch.ts';

/** The manifest format this engine reads; toolchain/bundle.ts writes the same constant. */
export const BUNDLE_FORMAT = 1 as const;

const objectPrefix = 'toolchain/object/';
/** Most bytes of fresh downloads kept in memory for their first read, and for how long. */
const HOT_LIMIT = 256 * 1024 * 1024;
const HOT_MS = 60_000;
const manifestPrefix = 'toolchain/manifest/';
const objectKey = (sha256: string): string => objectPrefix + sha256;
const buildIdsKey = (version: string): string => `toolchain/buildids/${version}`;
const manifestKey = (version: string, sha256: string): string => `${manifestPrefix}${version}/${sha256}`;

export interface ToolchainBundlesOptions {
  /** Where index.json, go<ver>/manifest.json and objects/ are served, e.g. "/toolchains/". */
  baseUrl: string;
  fetcher: Fetcher;
  store: BlobStore;
  /** Object downloads in flight at once. */
  concurrency?: number;
  /** The record is written a second after the last ID learnt (one IndexedDB write per build), not at once. */
  batchRecordWrites?: boolean;
}

export interface ToolchainIndex {
  entries: ToolchainIndexEntry[];
  /** True when the server could not be reached and the list comes from the cache. */
  offline: boolean;
  /** Why the index could not be fetched, when offline. */
  error?: string;
}

/** Rejects manifests of another format with a sentence naming both formats and the fix. */
export function checkFormat(manifest: { format?: unknown; goVersion?: unknown }, from: string): asserts manifest is BundleManifest {
  if (manifest.format !== BUNDLE_FORMAT) {
    throw toolchainError(
      `the toolchain bundle ${from} has manifest format ${String(manifest.format)}, but this gofn engine reads format ${BUNDLE_FORMAT}; rebuild the bundles with \`npm run toolchain\` (and reload) so both match`,
    );
  }
}

export class ToolchainBundles {
  private readonly base: string;
  private indexPromise?: Promise<ToolchainIndex>;
  private readonly parsed = new Map<string, BundleManifest>();
  /** Objects known to be in the store (by sha256). */
  private readonly present = new Set<string>();
  private readonly hot = new Map<string, Uint8Array<ArrayBuffer>>();
  private readonly buildIds = new Map<string, Promise<{ ids: Map<string, string>; saving: boolean }>>();
  private hotBytes = 0;

  constructor(private readonly opts: ToolchainBundlesOptions) {
    this.base = opts.baseUrl === '' || opts.baseUrl.endsWith('/') ? opts.baseUrl : opts.baseUrl + '/';
  }

  /**
   * The server's index, fetched once per instance; the cached manifests when it
   * can't be fetched, in which case the next call tries the server again.
   */
  async index(): Promise<ToolchainIndex> {
    this.indexPromise ??= this.loadIndex();
    const index = await this.indexPromise.catch((e: unknown) => {
      this.indexPromise = undefined;
      throw e;
    });
    if (index.offline) this.indexPromise = undefined;
    return index;
  }

  /** Versions available, newest first (cached ones only when offline). */
  async versions(): Promise<string[]> {
    return (await this.index()).entries.map((e) => e.version);
  }

  /** The manifest of a version: the cached copy when it matches the index (or the index is unreachable). */
  async manifest(version: string): Promise<BundleManifest> {
    const index = await this.index();
    const entry = index.entries.find((e) => e.version === version);
    if (!entry) {
      const have = index.entries.map((e) => 'go' + e.version).join(', ') || 'none';
      const why = index.offline ? `offline (${index.error}), and go${version} is not cached` : `go${version} is not bundled`;
      throw toolchainError(`${why}; available: ${have}. Bundle it with \`npm run toolchain -- ${version}\`.`);
    }
    const cached = await this.readManifest(manifestKey(version, entry.sha256));
    if (cached) return cached;
    const url = this.base + entry.manifest;
    const bytes = await readBody(await fetchOk(this.opts.fetcher, url));
    const sha = await sha256Hex(bytes);
    if (sha !== entry.sha256) throw toolchainError(`${url} has sha256 ${sha}, but ${this.base}index.json lists ${entry.sha256}; the server is mid-update or stale`);
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as BundleManifest;
    checkFormat(manifest, `go${version} (${url})`);
    // A rebuilt bundle replaces the old manifest of the same version; its objects go unless still used.
    const old = await this.opts.store.keys(`${manifestPrefix}${version}/`);
    await this.opts.store.set(manifestKey(version, sha), bytes);
    for (const key of old) await this.dropManifest(key);
    this.parsed.set(manifestKey(version, sha), manifest);
    return manifest;
  }

  /** Paths of the manifest that are not in the store yet. */
  async missing(manifest: BundleManifest, paths: Iterable<string>): Promise<string[]> {
    const wanted = [...new Set(paths)];
    // Listing the store's keys lists the action cache too; objects seen once are remembered.
    if (wanted.every((p) => this.present.has(fileOf(manifest, p).sha256))) return [];
    const have = new Set(await this.opts.store.keys(objectPrefix));
    for (const key of have) this.present.add(key.slice(objectPrefix.length));
    return wanted.filter((p) => !have.has(objectKey(fileOf(manifest, p).sha256)));
  }

  /**
   * Downloads, verifies and stores whichever of paths is not stored yet, in
   * the order given (four at a time); onStored hears of each file as it is
   * stored, so work on it can start before the rest arrive.
   */
  async ensure(
    manifest: BundleManifest, paths: Iterable<string>, onProgress?: (e: ProgressEvent) => void, signal?: AbortSignal, onStored?: (path: string) => void,
  ): Promise<void> {
    const bySha = new Map<string, [string, BundleFile]>();
    for (const p of await this.missing(manifest, paths)) {
      const f = fileOf(manifest, p);
      if (!bySha.has(f.sha256)) bySha.set(f.sha256, [p, f]);
    }
    const jobs = [...bySha.values()];
    const total = jobs.reduce((n, [, f]) => n + f.gzSize, 0);
    let loaded = 0;
    onProgress?.({ kind: 'download', loaded, total, message: `go${manifest.goVersion}: ${jobs.length} files to fetch` });
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (next < jobs.length && !failed) {
        signal?.throwIfAborted();
        const [path, file] = jobs[next++]!;
        // Bytes count against the compressed size so the bar ends at total even
        // when a server sends the object already decoded.
        let counted = 0;
        const onBytes = (n: number): void => {
          const add = Math.min(n, file.gzSize - counted);
          counted += add;
          loaded += add;
          onProgress?.({ kind: 'download', file: path, fileLoaded: counted, fileTotal: file.gzSize, loaded, total });
        };
        const url = `${this.base}objects/${file.sha256}.gz`;
        const bytes = await fetchObject(this.opts.fetcher, url, path, file, onBytes, signal).catch((e: unknown) => {
          failed = true;
          throw e;
        });
        await this.opts.store.set(objectKey(file.sha256), bytes);
        this.present.add(file.sha256);
        this.keepHot(file.sha256, bytes);
        onBytes(file.gzSize - counted);
        onStored?.(path);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 4, jobs.length) }, worker));
  }

  /** A stored file's bytes (ArrayBuffer-backed, as WebAssembly.compile wants); ensure() must have fetched it. */
  async read(manifest: BundleManifest, path: string): Promise<Uint8Array<ArrayBuffer>> {
    const sha = fileOf(manifest, path).sha256;
    const hot = this.takeHot(sha);
    if (hot) return hot;
    const bytes = await this.opts.store.get(objectKey(sha));
    if (!bytes) throw toolchainError(`${path} of go${manifest.goVersion} is not downloaded yet`);
    return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
  }

  /** Cached versions with the bytes and number of their files present in the store. */
  async cached(): Promise<CachedToolchain[]> {
    const have = new Set(await this.opts.store.keys(objectPrefix));
    const out: CachedToolchain[] = [];
    for (const key of await this.opts.store.keys(manifestPrefix)) {
      const manifest = await this.readManifest(key, false);
      if (!manifest) continue;
      const seen = new Set<string>();
      let bytes = 0;
      let files = 0;
      for (const f of Object.values(manifest.files)) {
        if (!have.has(objectKey(f.sha256))) continue;
        files++;
        if (!seen.has(f.sha256)) bytes += f.size;
        seen.add(f.sha256);
      }
      out.push({ version: manifest.goVersion, bytes, files });
    }
    return out.sort((a, b) => compareVersions(b.version, a.version));
  }

  /**
   * Bytes just downloaded are handed to the first read() from memory rather
   * than read back from the store (a first build reads everything it fetched),
   * up to HOT_LIMIT bytes and for HOT_MS: what no build reads soon (a download
   * of every target for later) is left to the store.
   */
  private keepHot(sha: string, bytes: Uint8Array<ArrayBuffer>): void {
    if (this.hotBytes + bytes.length > HOT_LIMIT || this.hot.has(sha)) return;
    this.hot.set(sha, bytes);
    this.hotBytes += bytes.length;
    const timer = setTimeout(() => this.takeHot(sha), HOT_MS);
    // Node: a pending drop must not keep a CLI run alive.
    (timer as { unref?: () => void }).unref?.();
  }

  private takeHot(sha: string): Uint8Array<ArrayBuffer> | undefined {
    const bytes = this.hot.get(sha);
    if (!bytes) return undefined;
    this.hot.delete(sha);
    this.hotBytes -= bytes.length;
    return bytes;
  }

  /**
   * The build ID a std archive of the bundle carries. Read from the archive
   * once, then from a record kept per version in the store (one small entry),
   * so a build whose steps are all cached need not read std archives to hash
   * the link's action ID. Archives are content-addressed: a record entry is
   * keyed by the archive's sha256.
   */
  async buildIdOf(manifest: BundleManifest, path: string, fromArchive: (bytes: Uint8Array) => string | undefined): Promise<string | undefined> {
    const record = await this.buildIdRecord(manifest.goVersion);
    const sha = fileOf(manifest, path).sha256;
    const known = record.ids.get(sha);
    if (known) return known;
    const id = fromArchive(await this.read(manifest, path));
    if (id === undefined) return undefined;
    record.ids.set(sha, id);
    if (!record.saving) {
      // One write for all the IDs a build learns, after it.
      record.saving = true;
      const timer = setTimeout(() => {
        record.saving = false;
        void this.opts.store.set(buildIdsKey(manifest.goVersion), new TextEncoder().encode(JSON.stringify(Object.fromEntries(record.ids)))).catch(() => undefined);
      }, this.opts.batchRecordWrites ? 1000 : 0);
      // A batched write may be lost when the process ends; an unbatched one keeps it alive until written.
      if (this.opts.batchRecordWrites) (timer as { unref?: () => void }).unref?.();
    }
    return id;
  }

  private buildIdRecord(version: string): Promise<{ ids: Map<string, string>; saving: boolean }> {
    let r = this.buildIds.get(version);
    if (!r) {
      r = this.opts.store.get(buildIdsKey(version)).then((bytes) => {
        const ids = new Map<string, string>();
        try {
          const parsed: unknown = bytes ? JSON.parse(new TextDecoder().decode(bytes)) : {};
          if (parsed && typeof parsed === 'object') for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') ids.set(k, v);
        } catch {
          // A damaged record is rebuilt from the archives.
        }
        return { ids, saving: false };
      });
      this.buildIds.set(version, r);
    }
    return r;
  }

  /** Removes a version; objects another cached version still lists stay. */
  async evict(version: string): Promise<void> {
    for (const key of await this.opts.store.keys(`${manifestPrefix}${version}/`)) await this.dropManifest(key);
    await this.opts.store.delete(buildIdsKey(version));
    this.buildIds.delete(version);
    this.indexPromise = undefined;
  }

  private async dropManifest(key: string): Promise<void> {
    const manifest = await this.readManifest(key, false);
    await this.opts.store.delete(key);
    this.parsed.delete(key);
    if (!manifest) return;
    const kept = new Set<string>();
    for (const other of await this.opts.store.keys(manifestPrefix)) {
      const m = await this.readManifest(other, false);
      for (const f of Object.values(m?.files ?? {})) kept.add(f.sha256);
    }
    for (const f of Object.values(manifest.files)) {
      if (kept.has(f.sha256)) continue;
      await this.opts.store.delete(objectKey(f.sha256));
      this.present.delete(f.sha256);
    }
  }

  private async readManifest(key: string, strict = true): Promise<BundleManifest | undefined> {
    let manifest = this.parsed.get(key);
    if (!manifest) {
      const bytes = await this.opts.store.get(key);
      if (!bytes) return undefined;
      manifest = JSON.parse(new TextDecoder().decode(bytes)) as BundleManifest;
      this.parsed.set(key, manifest);
    }
    // A manifest cached by an older engine is unusable but still names objects to clean up.
    if (strict) checkFormat(manifest, `go${manifest.goVersion} (cached)`);
    return manifest;
  }

  private async loadIndex(): Promise<ToolchainIndex> {
    const url = this.base + 'index.json';
    try {
      const res = await fetchOk(this.opts.fetcher, url);
      return { entries: (await res.json()) as ToolchainIndexEntry[], offline: false };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const entries = await this.cachedEntries();
      if (entries.length === 0) throw toolchainError(`${error}; no toolchain is cached either. Build the bundles with \`npm run toolchain\` and serve toolchains/.`);
      return { entries, offline: true, error };
    }
  }

  private async cachedEntries(): Promise<ToolchainIndexEntry[]> {
    const entries: ToolchainIndexEntry[] = [];
    for (const key of await this.opts.store.keys(manifestPrefix)) {
      const [version, sha256] = key.slice(manifestPrefix.length).split('/') as [string, string];
      entries.push({ version, manifest: `go${version}/manifest.json`, sha256 });
    }
    return entries.sort((a, b) => compareVersions(b.version, a.version));
  }
}

function fileOf(manifest: BundleManifest, path: string): BundleFile {
  const f = manifest.files[path];
  if (!f) throw toolchainError(`the go${manifest.goVersion} bundle has no file ${path}`);
  return f;
}

/** Files a build for these targets needs: the tools, asm headers and each target's whole std. */
export function targetFiles(manifest: BundleManifest, targets: Target[]): string[] {
  const paths = Object.keys(manifest.files).filter((p) => p.startsWith('bin/') || p.startsWith('pkg/include/'));
  for (const t of targets) paths.push(...Object.values(manifest.std[t] ?? {}).map((p) => p.archive));
  return paths;
}

/** Files a build of a program with these std imports needs: the tools, asm headers and the import closure. */
export function closureFiles(manifest: BundleManifest, target: Target, imports: Iterable<string>): string[] {
  const tools = Object.keys(manifest.files).filter((p) => p.startsWith('bin/') || p.startsWith('pkg/include/'));
  return [...tools, ...stdClosure(manifest, target, imports).archives];
}

/** The tools every build runs, fetched ahead of the first one. */
export const BUILD_TOOLS = ['bin/gofn-helper.wasm', 'bin/compile.wasm', 'bin/link.wasm'];

/** Std packages a handler nearly always reaches, fetched with the tools before the first build. */
const PREFETCH_STD = ['fmt', 'net/http', 'encoding/json', 'runtime/debug'];

/**
 * What is fetched before the first build for these targets: the build tools
 * and the std closure of PREFETCH_STD. The bundle builder also writes a
 * brotli object for each of these (wasip1/wasm): they are the first visit's bytes.
 */
export function prefetchFiles(manifest: BundleManifest, targets: Target[]): string[] {
  const paths = BUILD_TOOLS.filter((p) => p in manifest.files);
  for (const t of targets) {
    const std = manifest.std[t];
    if (std) paths.push(...stdClosure(manifest, t, PREFETCH_STD.filter((p) => p in std)).archives);
  }
  return paths;
}
