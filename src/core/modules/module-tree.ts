// Module trees: a verified module zip's files under <TREE_ROOT>/<path>@<version>/,
// the layout the helper loads dependency packages from and the planner
// compiles them from. Zips that come from the module cache were checked
// with go's zip rules before they were stored, so unpacking them here is
// plain extraction; fresh downloads are checked and extracted by the helper.
import { unzipSync } from 'fflate';
import type { MemFiles } from '../wasi/runner.ts';

export const TREE_ROOT = '/gofn/mod';

export function treeDir(path: string, version: string): string {
  return `${TREE_ROOT}/${path}@${version}`;
}

/** The files of a cached, already verified zip, as absolute paths under its tree. */
export function extractTree(path: string, version: string, zip: Uint8Array): MemFiles {
  const prefix = `${path}@${version}/`;
  const dir = treeDir(path, version);
  const out: MemFiles = new Map();
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (!name.startsWith(prefix) || name.endsWith('/')) continue;
    out.set(`${dir}/${name.slice(prefix.length)}`, data);
  }
  return out;
}

/** Trees the helper wrote in a run, grouped by "path@version". */
export function writtenTrees(written: MemFiles): Map<string, MemFiles> {
  const out = new Map<string, MemFiles>();
  for (const [file, data] of written) {
    if (!file.startsWith(`${TREE_ROOT}/`)) continue;
    const rel = file.slice(TREE_ROOT.length + 1);
    const at = rel.indexOf('@');
    const slash = at < 0 ? -1 : rel.indexOf('/', at);
    if (slash < 0) continue;
    const key = rel.slice(0, slash);
    let tree = out.get(key);
    if (!tree) out.set(key, (tree = new Map()));
    tree.set(file, data);
  }
  return out;
}
