// Reading what `gofn-helper load` answered: checked field by field, because
// the helper is a separately built program and may come from an older bundle.
import type { EntryInfo, ListedModule, LoadedPackage, LoadNeeds, LoadResult, ModulesAnswer, PackageModule } from './packages.ts';
import type { Diagnostic, DiagnosticSource, Location } from '../types.ts';

/** Must equal protocolVersion in toolchain/helper/protocol.go. */
export const HELPER_PROTOCOL = 2;

const SOURCES: readonly DiagnosticSource[] = ['load', 'analyze', 'gomod', 'module', 'security'];

class AnswerError extends Error {
  constructor(what: string) {
    super(`gofn-helper answered something unexpected: ${what}`);
    this.name = 'AnswerError';
  }
}

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AnswerError(`${what} is not an object`);
  return v as Obj;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new AnswerError(`${what} is not a string`);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new AnswerError(`${what} is not a non-negative integer`);
  return v;
}

function arr<T>(v: unknown, what: string, item: (x: unknown, what: string) => T): T[] {
  if (!Array.isArray(v)) throw new AnswerError(`${what} is not an array`);
  return v.map((x, i) => item(x, `${what}[${i}]`));
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new AnswerError(`${what} is not a boolean`);
  return v;
}

const optStr = (v: unknown, what: string): string | undefined => (v === undefined ? undefined : str(v, what));

function packageModule(v: unknown, what: string): PackageModule {
  const m = obj(v, what);
  const out: PackageModule = { path: str(m.path, `${what}.path`), version: str(m.version, `${what}.version`) };
  const sum = optStr(m.sum, `${what}.sum`);
  if (sum) out.sum = sum;
  const go = optStr(m.goVersion, `${what}.goVersion`);
  if (go) out.goVersion = go;
  if (m.replace !== undefined) {
    const r = obj(m.replace, `${what}.replace`);
    out.replace = { path: str(r.path, `${what}.replace.path`), version: str(r.version, `${what}.replace.version`) };
    const rs = optStr(r.sum, `${what}.replace.sum`);
    if (rs) out.replace.sum = rs;
  }
  return out;
}

function listedModule(v: unknown, what: string): ListedModule {
  const m = obj(v, what);
  const out: ListedModule = { path: str(m.path, `${what}.path`) };
  const version = optStr(m.version, `${what}.version`);
  if (version) out.version = version;
  if (m.main === true) out.main = true;
  const go = optStr(m.goVersion, `${what}.goVersion`);
  if (go) out.goVersion = go;
  if (m.replace !== undefined) out.replace = listedModule(m.replace, `${what}.replace`);
  return out;
}

/**
 * Turns the helper's stdout into a LoadResult, or the downloads a module-mode
 * run waits for. Paths come back relative to the project; any that still
 * carry the mount point are made relative here.
 */
export function parseLoadAnswer(stdout: string, root: string): LoadResult | LoadNeeds {
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
  const rel = (p: string): string => (p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p === root ? '' : p);
  const location = (v: unknown, what: string): Location => {
    const l = obj(v, what);
    return { file: rel(str(l.file, `${what}.file`)), line: int(l.line, `${what}.line`), column: int(l.column, `${what}.column`) };
  };
  const diagnostic = (v: unknown, what: string): Diagnostic => {
    const d = obj(v, what);
    const source = str(d.source, `${what}.source`);
    if (!(SOURCES as readonly string[]).includes(source)) throw new AnswerError(`${what}.source is ${source}`);
    const out: Diagnostic = { source: source as DiagnosticSource, message: str(d.message, `${what}.message`) };
    if (d.location !== undefined) out.location = location(d.location, `${what}.location`);
    if (d.notes !== undefined) out.notes = arr(d.notes, `${what}.notes`, str);
    return out;
  };
  const modules = a.modules === undefined ? undefined : modulesAnswer(a.modules, diagnostic);
  if (a.need !== undefined) {
    if (!modules) throw new AnswerError('need without modules');
    return { need: arr(a.need, 'need', str), modules };
  }
  if (a.ok === false) {
    const diagnostics = arr(a.diagnostics, 'diagnostics', diagnostic);
    if (diagnostics.length === 0) throw new AnswerError('ok is false but there are no diagnostics');
    return { ok: false, diagnostics, ...(modules ? { modules } : {}) };
  }
  if (a.ok !== true) throw new AnswerError('ok is neither true nor false');
  const strings = (v: unknown, what: string): string[] => arr(v, what, str);
  const packages = arr(a.packages, 'packages', (v, what): LoadedPackage => {
    const p = obj(v, what);
    const embeds = obj(p.embedFiles, `${what}.embedFiles`);
    const embedFiles: Record<string, string[]> = {};
    for (const [pattern, files] of Object.entries(embeds)) embedFiles[pattern] = strings(files, `${what}.embedFiles[${pattern}]`).map(rel);
    return {
      importPath: str(p.importPath, `${what}.importPath`),
      dir: rel(str(p.dir, `${what}.dir`)),
      name: str(p.name, `${what}.name`),
      goFiles: strings(p.goFiles, `${what}.goFiles`),
      sFiles: strings(p.sFiles, `${what}.sFiles`),
      hFiles: strings(p.hFiles, `${what}.hFiles`),
      imports: strings(p.imports, `${what}.imports`),
      embedPatterns: strings(p.embedPatterns, `${what}.embedPatterns`),
      embedFiles,
      ...(p.module !== undefined ? { module: packageModule(p.module, `${what}.module`) } : {}),
    };
  });
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

function modulesAnswer(v: unknown, diagnostic: (v: unknown, what: string) => Diagnostic): ModulesAnswer {
  const m = obj(v, 'modules');
  const out: ModulesAnswer = {
    buildList: arr(m.buildList, 'modules.buildList', listedModule),
    verified: arr(m.verified, 'modules.verified', (x, what) => {
      const z = obj(x, what);
      const kind = str(z.kind, `${what}.kind`);
      if (kind !== 'zip' && kind !== 'mod') throw new AnswerError(`${what}.kind is ${kind}`);
      return { path: str(z.path, `${what}.path`), version: str(z.version, `${what}.version`), sum: str(z.sum, `${what}.sum`), kind };
    }),
    warnings: arr(m.warnings, 'modules.warnings', diagnostic),
    vendor: bool(m.vendor, 'modules.vendor'),
  };
  if (m.proposal !== undefined) {
    const p = obj(m.proposal, 'modules.proposal');
    out.proposal = {
      goMod: str(p.goMod, 'proposal.goMod'),
      goSum: str(p.goSum, 'proposal.goSum'),
      changes: arr(p.changes, 'proposal.changes', str),
      applied: bool(p.applied, 'proposal.applied'),
    };
  }
  return out;
}
