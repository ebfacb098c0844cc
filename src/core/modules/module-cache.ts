// The module cache, in the host's BlobStore (IndexedDB in the browser, disk
// in Node) and so shared by every project: module zips keyed by
// module@version and the h1 hash they were verified with, .mod files the
// helper verified, version lists (which change, so they are kept with the
// time they were fetched), the checksum database's kept state, and, per
// go.mod/go.sum, which downloads a build needed, so the next build of the
// same requirements mounts them all before its first helper run.
// Nothing gets here before the helper has checked it, so a bad zip is never
// cached.
import type { BlobStore } from '../types.ts';
import { escapeModulePath } from './protocol-path.ts';

const ZIP = 'gomod/zip/';
const MOD = 'gomod/mod/';
const LIST = 'gomod/list/';
const RETRACT = 'gomod/retract/';
const SUMDB = 'gomod/sumdb/';
const USED = 'gomod/used/';

/** Version lists and @latest answers younger than this are reused without asking the proxy. */
export const LIST_TTL_MS = 60 * 60 * 1000;

const enc = new TextEncoder();
const dec = new TextDecoder();

function versionKey(path: string, version: string): string {
  return `${escapeModulePath(path)}@${escapeModulePath(version)}`;
}

// h1 hashes are base64 ("h1:abc+/…="); keys keep them filesystem-safe.
function hashKey(sum: string): string {
  return sum.replace(/^h1:/, 'h1-').replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '');
}

function hashOfKey(key: string): string {
  const b64 = key.replace(/^h1-/, '').replace(/-/g, '+').replace(/_/g, '/');
  return `h1:${b64}${'='.repeat((4 - (b64.length % 4)) % 4)}`;
}

export class ModuleCache {
  constructor(private readonly store: BlobStore) {}

  async putZip(path: string, version: string, sum: string, zip: Uint8Array): Promise<void> {
    await this.store.set(`${ZIP}${versionKey(path, version)}/${hashKey(sum)}`, zip);
  }

  /** A verified zip of path@version: the one with hash `sum` if given, else any. */
  async getZip(path: string, version: string, sum?: string): Promise<{ sum: string; zip: Uint8Array } | undefined> {
    const prefix = `${ZIP}${versionKey(path, version)}/`;
    if (sum) {
      const zip = await this.store.get(prefix + hashKey(sum));
      return zip ? { sum, zip } : undefined;
    }
    for (const key of await this.store.keys(prefix)) {
      const zip = await this.store.get(key);
      if (zip) return { sum: hashOfKey(key.slice(prefix.length)), zip };
    }
    return undefined;
  }

  async putMod(path: string, version: string, data: Uint8Array): Promise<void> {
    await this.store.set(`${MOD}${versionKey(path, version)}`, data);
  }

  getMod(path: string, version: string): Promise<Uint8Array | undefined> {
    return this.store.get(`${MOD}${versionKey(path, version)}`);
  }

  /** A go.mod read only for its retract directives (unchecked, so kept apart from verified ones). */
  async putRetract(path: string, version: string, data: Uint8Array): Promise<void> {
    await this.store.set(`${RETRACT}${versionKey(path, version)}`, data);
  }

  getRetract(path: string, version: string): Promise<Uint8Array | undefined> {
    return this.store.get(`${RETRACT}${versionKey(path, version)}`);
  }

  /** @v/list or @latest of a module path, kept with the time it was fetched. */
  async putList(protocolPath: string, data: Uint8Array): Promise<void> {
    const head = enc.encode(`${Date.now()}\n`);
    const blob = new Uint8Array(head.length + data.length);
    blob.set(head, 0);
    blob.set(data, head.length);
    await this.store.set(LIST + protocolPath, blob);
  }

  async getList(protocolPath: string): Promise<{ data: Uint8Array; ageMs: number } | undefined> {
    const blob = await this.store.get(LIST + protocolPath);
    if (!blob) return undefined;
    const nl = blob.indexOf(10);
    const at = Number(dec.decode(blob.subarray(0, nl)));
    if (nl < 0 || !Number.isFinite(at)) return undefined;
    return { data: blob.subarray(nl + 1), ageMs: Date.now() - at };
  }

  /** The checksum database's kept files (config/<name>/latest, cache/<name>/…), by relative path. */
  async sumdbFiles(): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const key of await this.store.keys(SUMDB)) {
      const data = await this.store.get(key);
      if (data) out.set(key.slice(SUMDB.length), data);
    }
    return out;
  }

  async putSumdbFile(rel: string, data: Uint8Array): Promise<void> {
    await this.store.set(SUMDB + rel, data);
  }

  /** Downloads a build of these requirements needed last time. */
  async used(key: string): Promise<string[]> {
    const data = await this.store.get(USED + key);
    if (!data) return [];
    try {
      const list: unknown = JSON.parse(dec.decode(data));
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  async putUsed(key: string, paths: string[]): Promise<void> {
    await this.store.set(USED + key, enc.encode(JSON.stringify([...new Set(paths)].sort())));
  }
}
