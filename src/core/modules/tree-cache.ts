// Extracted module trees kept in memory between builds of one engine, so
// an edit-and-rebuild loop neither re-reads the module cache nor unzips
// again. Bounded by total bytes; the least recently used trees go first.
import type { MemFiles } from '../wasi/runner.ts';

export interface CachedTree {
  sum: string;
  files: MemFiles;
}

export class TreeCache {
  private readonly trees = new Map<string, { tree: CachedTree; bytes: number }>();
  private total = 0;

  constructor(private readonly maxBytes = 256 << 20) {}

  get(key: string): CachedTree | undefined {
    const hit = this.trees.get(key);
    if (!hit) return undefined;
    this.trees.delete(key);
    this.trees.set(key, hit);
    return hit.tree;
  }

  set(key: string, tree: CachedTree): void {
    const old = this.trees.get(key);
    if (old) {
      this.total -= old.bytes;
      this.trees.delete(key);
    }
    let bytes = 0;
    for (const d of tree.files.values()) bytes += d.length;
    this.trees.set(key, { tree, bytes });
    this.total += bytes;
    for (const [k, v] of this.trees) {
      if (this.total <= this.maxBytes || k === key) break;
      this.trees.delete(k);
      this.total -= v.bytes;
    }
  }
}
