// Reading what `gofn-helper load` answered: checked field by field, because
// the helper is a separately built program and may come from an older bundle.
import { parseModulesAnswer, parsePackageModule } from './modules-answer.ts';
import type { EntryInfo, LoadedPackage, LoadNeeds, LoadResult } from './packages.ts';
import type { Diagnostic, DiagnosticSource, Location } from '../types.ts';

/** Must equal protocolVersion in toolchain/helper/protocol.go. */
export const HELPER_PROTOCOL = 2;

const SOURCES: readonly DiagnosticSource[] = ['load', 'analyze', 'gomod', 'module', 'security'];

export class AnswerError extends Error {
  constructor(what: string) {
    super(`gofn-helper answered something unexpected: ${what}`);
    this.name = 'AnswerError';
  }
}

export type Obj = Record<string, unknown>;

export function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AnswerError(`${what} is not an object`);
  return v as Obj;
}

export function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new AnswerError(`${what} is not a string`);
  return v;
}

export function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new AnswerError(`${what} is not a non-negative integer`);
  return v;
}

export function arr<T>(v: unknown, what: string, item: (x: unknown, what: string) => T): T[] {
  if (!Array.isArray(v)) throw new AnswerError(`${what} is not an array`);
  return v.map((x, i) => item(x, `${what}[${i}]`));
}

/**
 * Turns the helper's stdout into a LoadResult, or the downloads a module-mode
 * run waits for. Paths come back relative to the project; any that still
 * carry the mount point are made relative here.
 */
export function parseLoadAnswer(stdout: string, root: string): LoadResult | LoadNeeds {
  const a = answerObject(stdout);
  const rel = relativeTo(root);
  const location = (v: unknown, what: string): Location => parseLocation(v, what, rel);
  const modules = a.modules === undefined ? undefined : parseModulesAnswer(a.modules, (v, what) => parseDiagnostic(v, what, rel));
  if (a.need !== undefined) {
    if (!modules) throw new AnswerError('need without modules');
    return { need: strings(a.need, 'need'), modules };
  }
  if (a.ok === false) return { ok: false, diagnostics: parseAnswerDiagnostics(a, rel), ...(modules ? { modules } : {}) };
  if (a.ok !== true) throw new AnswerError('ok is neither true nor false');
  const packages = arr(a.packages, 'packages', (v, what) => parseLoadedPackage(v, what, rel));
  const entries = arr(a.entries, 'entries', (v, what): EntryInfo => {
    const e = obj(v, what);
    return {
      entry: rel(str(e.entry, `${what}.entry`)),
      importPath: str(e.importPath, `${what}.importPath`),
      packageName: str(e.packageName, `${what}.packageName`),
      handler: str(e.handler, `${what}.handler`),
      handlerPos: location(e.handlerPos, `${what}.handlerPos`),
      handlerAlsoIn: arr(e.handlerAlsoIn, `${what}.handlerAlsoIn`, location),
    };
  });
  return { ok: true, packages, stdImports: strings(a.stdImports, 'stdImports'), entries, ...(modules ? { modules } : {}) };
}

/** One package of an answer (`load` and `list` share the fields); rel makes paths project-relative. */
export function parseLoadedPackage(v: unknown, what: string, rel: (p: string) => string): LoadedPackage {
  const p = obj(v, what);
  return {
    importPath: str(p.importPath, `${what}.importPath`),
    dir: rel(str(p.dir, `${what}.dir`)),
    name: str(p.name, `${what}.name`),
    goFiles: strings(p.goFiles, `${what}.goFiles`),
    sFiles: strings(p.sFiles, `${what}.sFiles`),
    hFiles: strings(p.hFiles, `${what}.hFiles`),
    imports: strings(p.imports, `${what}.imports`),
    embedPatterns: strings(p.embedPatterns, `${what}.embedPatterns`),
    embedFiles: embedMap(p.embedFiles, `${what}.embedFiles`, rel),
    ...(p.module !== undefined ? { module: parsePackageModule(p.module, `${what}.module`) } : {}),
  };
}

export function strings(v: unknown, what: string): string[] {
  return arr(v, what, str);
}

/** Pattern → matched files, made project-relative. */
export function embedMap(v: unknown, what: string, rel: (p: string) => string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [pattern, files] of Object.entries(obj(v, what))) out[pattern] = strings(files, `${what}[${pattern}]`).map(rel);
  return out;
}

/** The helper's stdout as a JSON object of this engine's protocol (every command answers one). */
export function answerObject(stdout: string): Obj {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new AnswerError(`not JSON: ${stdout.slice(0, 200)}`);
  }
  const a = obj(raw, 'the answer');
  if (a.protocol !== HELPER_PROTOCOL) {
    throw new Error(
      `gofn-helper speaks protocol ${String(a.protocol)} but this engine speaks protocol ${HELPER_PROTOCOL}; rebuild the toolchain bundle (npm run toolchain) so both come from the same sources`,
    );
  }
  return a;
}

/** Paths under the mount point made project-relative. */
export function relativeTo(root: string): (p: string) => string {
  return (p) => (p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p === root ? '' : p);
}

function parseLocation(v: unknown, what: string, rel: (p: string) => string): Location {
  const l = obj(v, what);
  return { file: rel(str(l.file, `${what}.file`)), line: int(l.line, `${what}.line`), column: int(l.column, `${what}.column`) };
}

function parseDiagnostic(v: unknown, what: string, rel: (p: string) => string): Diagnostic {
  const d = obj(v, what);
  const source = str(d.source, `${what}.source`);
  if (!(SOURCES as readonly string[]).includes(source)) throw new AnswerError(`${what}.source is ${source}`);
  const out: Diagnostic = { source: source as DiagnosticSource, message: str(d.message, `${what}.message`) };
  if (d.location !== undefined) out.location = parseLocation(d.location, `${what}.location`, rel);
  if (d.notes !== undefined) out.notes = arr(d.notes, `${what}.notes`, str);
  return out;
}

/** An answer with ok false: its diagnostics, checked field by field. */
export function parseAnswerDiagnostics(a: Obj, rel: (p: string) => string): Diagnostic[] {
  const diagnostics = arr(a.diagnostics, 'diagnostics', (v, what) => parseDiagnostic(v, what, rel));
  if (diagnostics.length === 0) throw new AnswerError('ok is false but there are no diagnostics');
  return diagnostics;
}
