// Dynamic-route names like "api/users/[id].go" are fine for Vercel's router
// but not for cmd/go: it rejects "[id].go" as an input file name and
// "…/[org]" as an import path. Builds therefore use bracket-free names
// ("id_.go", "org_"), in the kept sources too, and map positions back.
import type { EntryInfo, LoadedPackage } from './packages.ts';
import type { Diagnostic, ProjectFiles } from '../types.ts';

const bracketed = /\[([^\]/]*)\]/g;

export function safeSegment(segment: string): string {
  return segment.replace(bracketed, '$1_');
}

export function safePath(path: string): string {
  return path.includes('[') ? path.split('/').map(safeSegment).join('/') : path;
}

export interface PathMapping {
  files: ProjectFiles;
  packages: LoadedPackage[];
  entries: EntryInfo[];
  /** Build path → project path, for diagnostics. */
  original: Map<string, string>;
  /** Two project paths that would map to one build path. */
  clash?: Diagnostic;
}

export function withSafePaths(files: ProjectFiles, packages: LoadedPackage[], entries: EntryInfo[], modulePath: string): PathMapping {
  const out: ProjectFiles = {};
  const original = new Map<string, string>();
  let clash: Diagnostic | undefined;
  for (const [path, data] of Object.entries(files)) {
    const safe = safePath(path);
    if (safe !== path) original.set(safe, path);
    if (safe in out && !clash) {
      clash = {
        source: 'routes',
        message: `"${path}" is built as "${safe}" (go build accepts no brackets in file names), which the project also has; rename one of them`,
        location: { file: path, line: 0, column: 0 },
      };
    }
    out[safe] = data;
  }
  const importPath = (p: string) => (p === modulePath || p.startsWith(modulePath + '/') ? safePath(p) : p);
  const mapped = packages.map((p) => ({
    ...p,
    importPath: importPath(p.importPath),
    dir: safePath(p.dir),
    goFiles: p.goFiles.map(safeSegment),
    sFiles: p.sFiles.map(safeSegment),
    hFiles: p.hFiles.map(safeSegment),
    imports: p.imports.map(importPath),
    embedFiles: Object.fromEntries(Object.entries(p.embedFiles).map(([k, v]) => [k, v.map(safePath)])),
  }));
  return { files: out, packages: mapped, entries: entries.map((e) => ({
      ...e,
      entry: safePath(e.entry),
      importPath: importPath(e.importPath),
      handlerPos: { ...e.handlerPos, file: safePath(e.handlerPos.file) },
      handlerAlsoIn: e.handlerAlsoIn.map((l) => ({ ...l, file: safePath(l.file) })),
    })), original, clash };
}

export function unmapDiagnostics(diagnostics: Diagnostic[], original: Map<string, string>): Diagnostic[] {
  return diagnostics.map((d) => {
    const file = d.location && original.get(d.location.file);
    return file ? { ...d, location: { ...d.location!, file } } : d;
  });
}
