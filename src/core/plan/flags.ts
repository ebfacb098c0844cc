// GO_BUILD_FLAGS: split like a shell (as Vercel does), then parsed the way
// cmd/go parses its build flags, so that what we plan is what `go build`
// would do with the same words. Only the flags whose effect we reproduce are
// accepted; anything else is a Diagnostic rather than a silently different binary.
import { parse as shellParse } from 'shell-quote';
import type { Diagnostic } from '../types.ts';

/** What Vercel uses when GO_BUILD_FLAGS is unset. */
export const DEFAULT_GO_BUILD_FLAGS = "-ldflags '-s -w'";

/** One occurrence of -gcflags/-ldflags/-asmflags: an optional package pattern and its flags. */
export interface PerPackageFlag {
  /** Undefined: applies to the packages named on the command line (the main package only). */
  pattern?: string;
  flags: string[];
}

export interface PerPackageFlagSet {
  values: PerPackageFlag[];
  /** The last raw value given, as `go version -m` records it; undefined when the flag never appeared. */
  raw?: string;
}

export interface BuildFlags {
  gcflags: PerPackageFlagSet;
  ldflags: PerPackageFlagSet;
  asmflags: PerPackageFlagSet;
  /** Build tags in the order given (cmd/go keeps that order in the build info). */
  tags: string[];
  /** The words as split from GO_BUILD_FLAGS, for the equivalent native `go build` command line. */
  args: string[];
}

export type FlagsResult = { ok: true; flags: BuildFlags } | { ok: false; diagnostics: Diagnostic[] };

const SUPPORTED = '-ldflags, -gcflags, -asmflags, -tags, -trimpath';
const PER_PACKAGE = new Set(['gcflags', 'ldflags', 'asmflags']);

/** Parses GO_BUILD_FLAGS; undefined or empty means Vercel's default `-ldflags '-s -w'`. */
export function parseBuildFlags(value: string | undefined): FlagsResult {
  const text = value === undefined || value === '' ? DEFAULT_GO_BUILD_FLAGS : value;
  const words: string[] = [];
  const diagnostics: Diagnostic[] = [];
  // shell-quote reads an unterminated quote as if it were closed; a shell refuses it, and so do we.
  const open = unterminatedQuote(text);
  if (open) return { ok: false, diagnostics: [flagError(`GO_BUILD_FLAGS has an unterminated ${open} quote: ${text}`)] };
  // Variables are not expanded: the build has no shell, so `$X` stays as written.
  for (const entry of shellParse(text, (name: string) => `$${name}`)) {
    if (typeof entry === 'string') words.push(entry);
    else if ('comment' in entry) break;
    else if ('pattern' in entry) words.push(entry.pattern);
    else diagnostics.push(flagError(`shell operator ${JSON.stringify(entry.op)} is not allowed in GO_BUILD_FLAGS`));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return parseBuildArgs(words);
}

/** The quote character left open at the end of a shell word list, if any (POSIX rules: no escapes inside '…'). */
export function unterminatedQuote(text: string): "'" | '"' | undefined {
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    }
  }
  return quote;
}

/** Parses already-split words with Go's flag package rules (-f=v, -f v, --f, boolean -f). */
export function parseBuildArgs(words: string[]): FlagsResult {
  const flags: BuildFlags = {
    gcflags: { values: [] },
    ldflags: { values: [] },
    asmflags: { values: [] },
    tags: [],
    args: [...words],
  };
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      if (i + 1 < words.length) diagnostics.push(flagError(`unexpected argument ${JSON.stringify(words[i + 1])}: GO_BUILD_FLAGS may only hold flags`));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      diagnostics.push(flagError(`unexpected argument ${JSON.stringify(word)}: GO_BUILD_FLAGS may only hold flags`));
      continue;
    }
    const body = word.startsWith('--') ? word.slice(2) : word.slice(1);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    let inline = eq < 0 ? undefined : body.slice(eq + 1);
    if (name === 'trimpath') {
      const on = inline === undefined ? true : parseGoBool(inline);
      if (on === undefined) diagnostics.push(flagError(`invalid boolean value ${JSON.stringify(inline)} for -trimpath`));
      else if (!on) diagnostics.push(flagError('-trimpath=false is not supported: builds always use -trimpath so that they are reproducible'));
      continue;
    }
    if (!PER_PACKAGE.has(name) && name !== 'tags') {
      diagnostics.push(flagError(`flag -${name} is not supported in GO_BUILD_FLAGS (supported: ${SUPPORTED})`));
      if (inline === undefined && i + 1 < words.length && !words[i + 1]!.startsWith('-')) i++;
      continue;
    }
    if (inline === undefined) {
      if (i + 1 >= words.length) {
        diagnostics.push(flagError(`flag needs an argument: -${name}`));
        break;
      }
      inline = words[++i]!;
    }
    if (name === 'tags') {
      const tags = parseTags(inline);
      if (typeof tags === 'string') diagnostics.push(flagError(`invalid value ${JSON.stringify(inline)} for -tags: ${tags}`));
      else flags.tags = tags;
      continue;
    }
    const set = flags[name as 'gcflags' | 'ldflags' | 'asmflags'];
    const parsed = parsePerPackage(inline);
    if (typeof parsed === 'string') {
      diagnostics.push(flagError(`invalid value ${JSON.stringify(inline)} for -${name}: ${parsed}`));
      continue;
    }
    set.raw = inline;
    set.values.push(parsed);
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, flags };
}

function flagError(message: string): Diagnostic {
  return { source: 'flags', message: `GO_BUILD_FLAGS: ${message}` };
}

function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

// cmd/go's tagsFlag: "a,b" splits on commas; a value with a space or a quote
// is split like other quoted flag lists (the Go 1.12 form -tags='a b').
function parseTags(s: string): string[] | string {
  if (s.includes(' ') || s.includes("'")) return quotedSplit(s);
  return s.split(',').filter((t) => t !== '');
}

// load.PerPackageFlag.set: an optional "pattern=" prefix when the value does
// not start with "-", then the flags split by quoted.Split.
function parsePerPackage(v: string): PerPackageFlag | string {
  const trimmed = v.trim();
  if (trimmed === '') return { flags: [] };
  let rest = trimmed;
  let pattern: string | undefined;
  if (!trimmed.startsWith('-')) {
    const i = trimmed.indexOf('=');
    if (i < 0) return 'missing =<value> in <pattern>=<value>';
    if (i === 0) return 'missing <pattern> in <pattern>=<value>';
    if (trimmed[0] === "'" || trimmed[0] === '"') return `parameter may not start with quote character ${trimmed[0]}`;
    pattern = trimmed.slice(0, i).trim();
    rest = trimmed.slice(i + 1);
  }
  const flags = quotedSplit(rest);
  if (typeof flags === 'string') return flags;
  return pattern === undefined ? { flags } : { pattern, flags };
}

/** cmd/internal/quoted.Split: fields separated by spaces; '…' or "…" around a whole field, no escapes. */
export function quotedSplit(s: string): string[] | string {
  const out: string[] = [];
  const space = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let i = 0;
  while (i < s.length) {
    while (i < s.length && space(s[i])) i++;
    if (i >= s.length) break;
    const c = s[i]!;
    if (c === '"' || c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end < 0) return `unterminated ${c} string`;
      out.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < s.length && !space(s[i])) i++;
    out.push(s.slice(start, i));
  }
  return out;
}

/** A package as per-package flag patterns see it. */
export interface FlagTarget {
  importPath: string;
  /** Absolute directory (any consistent root) for relative patterns. */
  dir: string;
  standard: boolean;
  /** Named on the command line: the main package. */
  cmdline: boolean;
}

/** The flags that apply to one package: the last matching occurrence wins (load.PerPackageFlag.For). */
export function flagsFor(set: PerPackageFlagSet, pkg: FlagTarget, cwd: string): string[] {
  let flags: string[] = [];
  for (const v of set.values) if (matchesPackage(v.pattern, pkg, cwd)) flags = v.flags;
  return flags;
}

export function matchesPackage(pattern: string | undefined, pkg: FlagTarget, cwd: string): boolean {
  if (pattern === undefined) return pkg.cmdline;
  if (pattern === 'all') return true;
  if (pattern === 'std') return pkg.standard;
  if (pattern === 'cmd') return pkg.standard && pkg.importPath.startsWith('cmd/');
  if (pattern.startsWith('./') || pattern.startsWith('../') || pattern === '.' || pattern === '..') {
    const i = pattern.indexOf('...');
    const dirPart = i < 0 ? pattern : pattern.slice(0, pattern.lastIndexOf('/', i));
    const rest = i < 0 ? '' : pattern.slice(pattern.lastIndexOf('/', i) + 1);
    const dir = joinPath(cwd, dirPart);
    if (rest === '') return pkg.dir === dir;
    const rel = relPath(dir, pkg.dir);
    if (rel === undefined) return false;
    return matchPattern(rest)(rel);
  }
  return matchPattern(pattern)(pkg.importPath);
}

/** cmd/internal/pkgpattern.MatchPattern, with its vendor exclusion. */
export function matchPattern(pattern: string): (name: string) => boolean {
  const vendorChar = '\x00';
  if (pattern.includes(vendorChar)) return () => false;
  let re = replaceVendor(escapeRegExp(pattern), vendorChar);
  const dots = '\\.\\.\\.';
  const wild = `[^${vendorChar}]*`;
  if (re.endsWith(`/${vendorChar}/${dots}`)) re = `${re.slice(0, -(`/${vendorChar}/${dots}`.length))}(/vendor|/${vendorChar}/${dots})`;
  else if (re === `${vendorChar}/${dots}`) re = `(/vendor|/${vendorChar}/${dots})`;
  if (re.endsWith(`/${dots}`)) re = `${re.slice(0, -(`/${dots}`.length))}(/${dots})?`;
  re = re.split(dots).join(wild);
  const reg = new RegExp(`^${re}$`, 'u');
  return (name) => !name.includes(vendorChar) && reg.test(replaceVendor(name, vendorChar));
}

function replaceVendor(x: string, repl: string): string {
  if (!x.includes('vendor')) return x;
  const elem = x.split('/');
  for (let i = 0; i < elem.length - 1; i++) if (elem[i] === 'vendor') elem[i] = repl;
  return elem.join('/');
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function joinPath(base: string, rel: string): string {
  const parts = base.split('/');
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/') || '/';
}

function relPath(from: string, to: string): string | undefined {
  if (to === from) return '.';
  if (to.startsWith(from.endsWith('/') ? from : `${from}/`)) return to.slice(from.length + (from.endsWith('/') ? 0 : 1));
  return undefined;
}
