// cmd/go's action IDs (work/exec.go buildActionID and linkActionID): the
// SHA-256 of a salt and a fixed sequence of text lines, of which the last
// name each dependency's content ID. The lines known at plan time are
// recorded in the plan; the executor adds the dependencies' IDs once those
// exist and hands the tools the placeholder build ID derived from the hash.
import { hashToString } from './actionid.ts';
import { goQuote } from './buildinfo.ts';
import { sha256 } from '../bytes/sha256.ts';

/** `<tool> -V=full` of a release toolchain, which cmd/go uses as the tool's ID. */
export interface ToolIds {
  compile: string;
  asm: string;
  link: string;
}

export interface ActionIdDep {
  importPath: string;
  /** The archive whose build ID supplies the content ID; absent for unsafe, which has none. */
  archive?: string;
}

export interface ActionIdRecipe {
  /** cache.NewHash's salt: the go command's runtime.Version(), e.g. "go1.26.8". */
  salt: string;
  /** Lines known at plan time, in go's order, without their "\n". */
  lines: string[];
  /** The dependencies whose content IDs end the hash, in go's order (a.Deps). */
  deps: ActionIdDep[];
  /** compile lines "import <path> <cid>"; link lines "packagefile <path>=<cid>". */
  depLine: 'import' | 'packagefile';
  /** Link only: the main package, whose full build ID follows its packagefile line. */
  mainPackage?: string;
}

/** A release toolchain's tool IDs, when the bundle does not record them: "compile version go1.26.8". */
export function releaseToolIds(goVersion: string): ToolIds {
  const v = `go${goVersion.replace(/^go/, '')}`;
  return { compile: `compile version ${v}`, asm: `asm version ${v}`, link: `link version ${v}` };
}

/** The hash salt: runtime.Version() of the go command without an experiment suffix. */
export function hashSalt(goVersion: string): string {
  return `go${goVersion.replace(/^go/, '')}`;
}

/** fmt's %q of a []string: ["-N" "-l"]. */
export function quoteList(list: string[]): string {
  return `[${list.map((s) => goQuote(s)).join(' ')}]`;
}

/** GOAMD64=v1, GOARM64=v8.0, GOWASM= : cfg.GetArchEnv as every action ID records it. */
export function archLine(goarch: string): string {
  if (goarch === 'amd64') return 'GOAMD64=v1';
  if (goarch === 'arm64') return 'GOARM64=v8.0';
  if (goarch === 'wasm') return 'GOWASM=';
  throw new Error(`no arch level variable known for GOARCH=${goarch}`);
}

export interface CompileIdInput {
  salt: string;
  goos: string;
  goarch: string;
  importPath: string;
  /** "path@version" for -trimpath's module line: the main module has an empty version. */
  module: string;
  /** The module's go line ("" when its go.mod has none). */
  moduleGo: string;
  /** The main package's build info text (BuildInfo.String()); undefined for other packages. */
  modinfo?: string;
  tools: ToolIds;
  gcflags: string[];
  asmflags: string[];
  hasAsm: boolean;
  /** Source files in go's order (Go, .h, .s, then embedded), relative to the package directory, with contents. */
  files: { name: string; data: string | Uint8Array }[];
  deps: ActionIdDep[];
}

export function compileRecipe(c: CompileIdInput): ActionIdRecipe {
  const lines = [
    'compile',
    `module ${c.module}`,
    `go ${c.moduleGo}`,
    `goos ${c.goos} goarch ${c.goarch}`,
    `import ${goQuote(c.importPath)}`,
    'omitdebug false standard false local false prefix ""',
    'trimpath',
  ];
  if (c.modinfo !== undefined) lines.push(`modinfo ${goQuote(c.modinfo)}`);
  // The compile tool ID is printed with %s, the asm one with %q.
  lines.push(`compile ${c.tools.compile} [] ${quoteList(c.gcflags)}`);
  if (c.hasAsm) lines.push(`asm ${goQuote(c.tools.asm)} [] ${quoteList(c.asmflags)}`);
  lines.push(archLine(c.goarch));
  for (const f of c.files) lines.push(`file ${f.name} ${hashToString(sha256(f.data))}`);
  return { salt: c.salt, lines, deps: c.deps, depLine: 'import' };
}

export interface LinkIdInput {
  salt: string;
  goos: string;
  goarch: string;
  mainPackage: string;
  defaultGodebug: string;
  tools: ToolIds;
  ldflags: string[];
  /** Every package linked, in importcfg.link order (main first). */
  deps: ActionIdDep[];
}

export function linkRecipe(l: LinkIdInput): ActionIdRecipe {
  const lines = [
    'link',
    `buildmode default goos ${l.goos} goarch ${l.goarch}`,
    `import ${goQuote(l.mainPackage)}`,
    'omitdebug false standard false local false prefix ""',
    `defaultgodebug ${goQuote(l.defaultGodebug)}`,
    'trimpath',
    `link ${l.tools.link} [] exe`,
    `linkflags ${quoteList(l.ldflags)}`,
    archLine(l.goarch),
    // -trimpath hides GOROOT; the external linker switch is never set here.
    'GOROOT=',
    'GO_EXTLINK_ENABLED=',
  ];
  return { salt: l.salt, lines, deps: l.deps, depLine: 'packagefile', mainPackage: l.mainPackage };
}

/**
 * What cmd/go hashes, write by write as GODEBUG=gocachehash=1 prints them
 * (the salt, then one "…\n" per line), given each dependency's full build ID
 * ("" for unsafe).
 */
export function actionIdWrites(r: ActionIdRecipe, buildIdOf: (dep: ActionIdDep) => string): string[] {
  const out = [r.salt, ...r.lines.map((l) => `${l}\n`)];
  for (const dep of r.deps) {
    const full = buildIdOf(dep);
    const content = full.slice(full.lastIndexOf('/') + 1);
    out.push(r.depLine === 'import' ? `import ${dep.importPath} ${content}\n` : `packagefile ${dep.importPath}=${content}\n`);
    if (dep.importPath === r.mainPackage) out.push(`packagemain ${full}\n`);
  }
  return out;
}

/** The action ID as build IDs carry it (20 characters) and the writes it hashes. */
export function actionId(r: ActionIdRecipe, buildIdOf: (dep: ActionIdDep) => string): { id: string; writes: string[] } {
  const writes = actionIdWrites(r, buildIdOf);
  return { id: hashToString(sha256(writes.join(''))), writes };
}
