// The last package load of each target, reused when an edit changed only
// function bodies: the helper's run is then skipped. Reused only when every
// file reads the same to the load — the same paths, every non-Go file byte
// for byte, every Go file with the same skeleton (go-skeleton.ts) — and the
// same request, build env and toolchain; and only for a load that succeeded
// with no go.mod/go.sum change to propose and no handler renamed for a
// sibling entry (those carry positions the skeleton does not track). The
// handlers' positions are taken afresh from the edited files.
//
// Given a store, the last load of each target is kept there too, so that the
// next visit (or the next `gofn build`) reuses it. The stored record holds
// digests of the settings and of each file's reading, never the settings
// themselves: the build env may carry GIT_CREDENTIALS.
import type { BlobStore, ModulesReport, ProjectFiles } from '../types.ts';
import type { ModuleLoadOutcome } from '../modules/resolve.ts';
import { hex, sha256 } from '../bytes/sha256.ts';
import { decodeJson, encodeJson } from '../bytes/json-bytes.ts';
import { goSkeleton, type GoSkeleton } from './go-skeleton.ts';

export type LoadOutcome = ModuleLoadOutcome & { report: ModulesReport };

/** What a load read: its request and settings as one string, and each file as the load sees it. */
interface Reading {
  settings: string;
  files: Map<string, string | Uint8Array>;
  skeletons: Map<string, GoSkeleton>;
}

/** The stored form of a slot's last load. */
interface StoredLoad {
  format: typeof FORMAT;
  settings: string;
  /** Each path with the sha256 of what the load read of it. */
  files: [string, string][];
  outcome: LoadOutcome;
}

/** Bumped whenever what a load answers changes shape or meaning. */
const FORMAT = 1;
/** A larger record (a project with many dependency sources) is not kept: loading it again is cheaper than storing it on every edit. */
const MAX_STORED_BYTES = 8 << 20;
const storeKey = (slot: string): string => `load-memo/${FORMAT}/${slot}`;

export class LoadMemo {
  private readonly last = new Map<string, { reading: Reading; outcome: LoadOutcome }>();

  constructor(private readonly store?: BlobStore) {}

  /**
   * reuse(), and when this memo has nothing for slot, the load the store kept
   * for it (from an earlier visit or process), on the same terms.
   */
  async recall(slot: string, files: ProjectFiles, settings: unknown): Promise<LoadOutcome | undefined> {
    const now = reading(files, settings);
    if (!now) return undefined;
    const hit = this.reuseReading(slot, now);
    if (hit || !this.store || this.last.has(slot)) return hit;
    const stored = storedLoad(await this.store.get(storeKey(slot)).catch(() => undefined));
    if (!stored) return undefined;
    const digests = readingDigests(now);
    if (stored.settings !== digests.settings || stored.files.length !== digests.files.length) return undefined;
    if (!stored.files.every(([path, digest], i) => digests.files[i]![0] === path && digests.files[i]![1] === digest)) return undefined;
    this.last.set(slot, { reading: now, outcome: stored.outcome });
    return this.reuseReading(slot, now);
  }

  /**
   * The remembered outcome for slot if files and settings read as they did
   * for it, with the entries' handler positions from these files; else
   * undefined (load, then remember()).
   */
  reuse(slot: string, files: ProjectFiles, settings: unknown): LoadOutcome | undefined {
    const now = reading(files, settings);
    return now && this.reuseReading(slot, now);
  }

  private reuseReading(slot: string, now: Reading): LoadOutcome | undefined {
    const prev = this.last.get(slot);
    if (!prev || !sameReading(prev.reading, now)) return undefined;
    const result = prev.outcome.result;
    if (!result.ok) return undefined;
    const entries = [];
    for (const e of result.entries) {
      const at = now.skeletons.get(e.entry)?.funcs.get(e.handler);
      if (!at || e.handlerPos.file !== e.entry) return undefined;
      entries.push({ ...e, handlerPos: { ...e.handlerPos, ...at } });
    }
    return {
      ...prev.outcome,
      result: { ...result, entries },
      fetched: { requests: 0, bytes: 0 },
      rounds: 0,
      report: { ...prev.outcome.report, fetched: { requests: 0, bytes: 0 }, rounds: 0 },
    };
  }

  /** Keeps outcome for slot when it is one that may be reused; forgets the slot's last one otherwise. */
  remember(slot: string, files: ProjectFiles, settings: unknown, outcome: LoadOutcome): void {
    const r = outcome.result;
    const reusable = r.ok && !outcome.report.proposal && r.entries.every((e) => e.handlerAlsoIn.length === 0);
    const now = reusable ? reading(files, settings) : undefined;
    if (now) this.last.set(slot, { reading: now, outcome });
    else this.last.delete(slot);
    if (this.store) this.persist(slot, now, outcome);
  }

  /** Kept without the build waiting for it: a lost write costs one load on the next visit. */
  private persist(slot: string, now: Reading | undefined, outcome: LoadOutcome): void {
    const store = this.store!;
    const record = now ? encodeJson({ format: FORMAT, ...readingDigests(now), outcome } satisfies StoredLoad) : undefined;
    const write = record && record.length <= MAX_STORED_BYTES ? store.set(storeKey(slot), record) : store.delete(storeKey(slot));
    void write.catch(() => undefined);
  }
}

function readingDigests(r: Reading): Pick<StoredLoad, 'settings' | 'files'> {
  const files = [...r.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, data]): [string, string] => [path, hex(sha256(data))]);
  return { settings: hex(sha256(r.settings)), files };
}

function storedLoad(bytes: Uint8Array | undefined): StoredLoad | undefined {
  const v = bytes && (decodeJson(bytes) as Partial<StoredLoad> | undefined);
  return v && v.format === FORMAT && typeof v.settings === 'string' && Array.isArray(v.files) && v.outcome ? (v as StoredLoad) : undefined;
}

function reading(files: ProjectFiles, settings: unknown): Reading | undefined {
  const out = new Map<string, string | Uint8Array>();
  const skeletons = new Map<string, GoSkeleton>();
  for (const [path, data] of Object.entries(files)) {
    if (!path.endsWith('.go')) {
      out.set(path, data);
      continue;
    }
    const text = typeof data === 'string' ? data : utf8(data);
    const sk = text === undefined ? undefined : goSkeleton(text);
    if (!sk) return undefined;
    out.set(path, sk.text);
    skeletons.set(path, sk);
  }
  return { settings: JSON.stringify(settings), files: out, skeletons };
}

// Node hosts read project files as bytes; a Go file that is not UTF-8 gets no skeleton (go rejects it anyway).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function sameReading(a: Reading, b: Reading): boolean {
  if (a.settings !== b.settings || a.files.size !== b.files.size) return false;
  for (const [path, x] of a.files) {
    const y = b.files.get(path);
    if (y === undefined || !sameData(x, y)) return false;
  }
  return true;
}

function sameData(x: string | Uint8Array, y: string | Uint8Array): boolean {
  if (typeof x === 'string' || typeof y === 'string') return x === y;
  return x.length === y.length && x.every((b, i) => b === y[i]);
}
