// The sources one entrypoint is built from: the project as written, plus the
// generated main package, with same-named handlers of sibling entrypoints
// renamed so the shared package compiles. These exact files are what
// --keep-sources writes, so `go build` there makes the same binary.
import type { EntryInfo, LoadedPackage } from '../load/packages.ts';
import type { ProjectFiles, Route, Target } from '../types.ts';
import { wrapperMain } from './wrapper.ts';

/** Folder of the generated main packages inside the module; "_" keeps it out of ./... patterns. */
export const MAIN_ROOT = '_gofn';

/** "/api/users/[id]" → "_gofn/api/users/_id_": one folder per route, never an entrypoint path itself. */
export function mainDir(route: Route): string {
  const segments = route.route.split('/').filter(Boolean).map((s) => s.replace(/^\[(.*)\]$/, '_$1_').replace(/[^A-Za-z0-9._~-]/g, '_'));
  return [MAIN_ROOT, ...segments].join('/');
}

function text(v: string | Uint8Array): string {
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

/** Renames the identifier at (line, column) in src; Go columns count bytes, so work on bytes. */
export function renameAt(src: string, line: number, column: number, from: string, to: string): string {
  const bytes = new TextEncoder().encode(src);
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = bytes.indexOf(10, offset);
    if (nl < 0) return src;
    offset = nl + 1;
  }
  offset += column - 1;
  const found = new TextDecoder().decode(bytes.subarray(offset, offset + new TextEncoder().encode(from).length));
  if (found !== from) throw new Error(`entry-sources: expected ${from} at ${line}:${column}, found ${JSON.stringify(found)}`);
  const dec = new TextDecoder();
  return dec.decode(bytes.subarray(0, offset)) + to + dec.decode(bytes.subarray(offset + new TextEncoder().encode(from).length));
}

/** Imports of a generated wrapper, read back from its import block. */
export function wrapperImports(source: string): string[] {
  const block = /^import \(\n([\s\S]*?)\n\)/m.exec(source);
  const lines = block ? block[1]!.split('\n') : [...source.matchAll(/^import (.*)$/gm)].map((m) => m[1]!);
  return [...new Set(lines.map((l) => /"([^"]+)"/.exec(l)?.[1]).filter((x): x is string => !!x))].sort();
}

export interface EntrySources {
  files: ProjectFiles;
  main: LoadedPackage;
}

/**
 * entries: every entry of the project (same-package ones matter). A sibling
 * entry whose handler name is declared more than once in the package is
 * renamed in this copy, so the package compiles; the entry being built keeps
 * its name. (Each entry is its own binary, so siblings' handlers are unused.)
 */
export function entrySources(files: ProjectFiles, modulePath: string, route: Route, entry: EntryInfo, entries: EntryInfo[], target: Target): EntrySources {
  const out: ProjectFiles = { ...files };
  entries.forEach((other, i) => {
    if (other.entry === entry.entry || other.importPath !== entry.importPath || other.handlerAlsoIn.length === 0) return;
    const at = other.handlerPos;
    out[at.file] = renameAt(text(out[at.file]!), at.line, at.column, other.handler, `${other.handler}_gofnSibling${i + 1}`);
  });
  const dir = mainDir(route);
  const source = wrapperMain(target, { importPath: entry.importPath, handler: entry.handler, entry: entry.entry });
  out[`${dir}/main.go`] = source;
  const main: LoadedPackage = {
    importPath: `${modulePath}/${dir}`,
    dir,
    name: 'main',
    goFiles: ['main.go'],
    sFiles: [],
    hFiles: [],
    imports: wrapperImports(source),
    embedPatterns: [],
    embedFiles: {},
  };
  return { files: out, main };
}
