// The action cache: outputs of a compile/asm/link step keyed by a hash of
// everything that can change them (actionid.ts), so an unchanged package is
// never recompiled. Backed by the host's BlobStore (disk in Node, IndexedDB in
// browsers) with a small in-memory layer for the current session's hot set.
// With writeBehind, a store write runs while the build goes on: a write that
// never lands (the tab closed, the quota hit) only costs a recompile later,
// since a store entry is written whole or not at all.
import type { BlobStore } from '../types.ts';

export type ActionOutputs = Map<string, Uint8Array>;

const prefix = 'action:';

/** One blob per action: a JSON header line naming each output and its length, then the bytes. */
export function encodeOutputs(outputs: ActionOutputs): Uint8Array {
  const names = [...outputs.keys()].sort();
  const header = new TextEncoder().encode(JSON.stringify(names.map((n) => [n, outputs.get(n)!.length])) + '\n');
  const total = header.length + names.reduce((n, k) => n + outputs.get(k)!.length, 0);
  const out = new Uint8Array(total);
  out.set(header, 0);
  let at = header.length;
  for (const n of names) {
    out.set(outputs.get(n)!, at);
    at += outputs.get(n)!.length;
  }
  return out;
}

export function decodeOutputs(blob: Uint8Array): ActionOutputs | undefined {
  const nl = blob.indexOf(10);
  if (nl < 0) return undefined;
  let entries: unknown;
  try {
    entries = JSON.parse(new TextDecoder().decode(blob.subarray(0, nl)));
  } catch {
    return undefined;
  }
  if (!Array.isArray(entries)) return undefined;
  const outputs: ActionOutputs = new Map();
  let at = nl + 1;
  for (const e of entries) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'number') return undefined;
    outputs.set(e[0], blob.subarray(at, at + e[1]));
    at += e[1];
  }
  return at === blob.length ? outputs : undefined;
}

export class ActionCache {
  private readonly memory = new Map<string, ActionOutputs>();
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly store: BlobStore | undefined,
    private readonly opts: { memoryLimit?: number; writeBehind?: boolean } = {},
  ) {}

  async get(key: string): Promise<ActionOutputs | undefined> {
    const hot = this.memory.get(key);
    if (hot) {
      // Re-insert to keep Map order as recency order.
      this.memory.delete(key);
      this.memory.set(key, hot);
      return hot;
    }
    const blob = await this.store?.get(prefix + key);
    const outputs = blob && decodeOutputs(blob);
    if (outputs) this.remember(key, outputs);
    return outputs || undefined;
  }

  async put(key: string, outputs: ActionOutputs): Promise<void> {
    this.remember(key, outputs);
    if (!this.store) return;
    const write = this.store.set(prefix + key, encodeOutputs(outputs));
    if (!this.opts.writeBehind) return write;
    const pending = write.catch((e: unknown) => console.warn(`action cache: an entry was not stored (${e instanceof Error ? e.message : String(e)}); it is rebuilt when next needed`));
    this.writing.add(pending);
    void pending.finally(() => this.writing.delete(pending));
  }

  /** Resolves when every write started so far has landed (or failed). */
  async flush(): Promise<void> {
    while (this.writing.size) await Promise.all(this.writing);
  }

  private remember(key: string, outputs: ActionOutputs): void {
    this.memory.set(key, outputs);
    while (this.memory.size > (this.opts.memoryLimit ?? 256)) this.memory.delete(this.memory.keys().next().value!);
  }
}
