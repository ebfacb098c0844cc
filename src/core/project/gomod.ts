// go.mod reading, just deep enough to pick a toolchain and name the module
// before any toolchain is loaded (the version must be known as the user
// types). The grammar is the line/block form of golang.org/x/mod/modfile.
// This is a fast path only: builds take go.mod's meaning and its errors from
// the Go helper, which parses it with golang.org/x/mod/modfile as go does.
import type { Diagnostic, GoModInfo } from '../types.ts';

/** The module path used when a project has no go.mod, as Vercel synthesizes one. */
export const syntheticModulePath = 'gofn.local/app';

const goVersionRe = /^[1-9][0-9]*\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?((rc|beta)[1-9][0-9]*)?$/;
const toolchainRe = /^go[1-9][0-9]*\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?((rc|beta)[1-9][0-9]*)?$/;

interface Line {
  verb: string;
  args: string[];
  line: number;
  column: number;
}

function tokenize(text: string, lineNo: number, file: string): { tokens: string[]; error?: Diagnostic } {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (text.startsWith('//', i)) break;
    if (c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) {
        return { tokens, error: { source: 'gomod', message: 'unterminated quoted string', location: { file, line: lineNo, column: i + 1 } } };
      }
      tokens.push(c === '"' ? text.slice(i + 1, end).replace(/\\(.)/g, '$1') : text.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '(' || c === ')') { tokens.push(c); i++; continue; }
    let j = i;
    while (j < text.length && !/[\s()]/.test(text[j]!) && !text.startsWith('//', j)) j++;
    tokens.push(text.slice(i, j));
    i = j;
  }
  return { tokens };
}

function lines(source: string, file: string): { lines: Line[]; diagnostics: Diagnostic[] } {
  const out: Line[] = [];
  const diagnostics: Diagnostic[] = [];
  let block: { verb: string; line: number } | undefined;
  source.split('\n').forEach((raw, idx) => {
    const lineNo = idx + 1;
    const { tokens, error } = tokenize(raw, lineNo, file);
    if (error) diagnostics.push(error);
    if (tokens.length === 0) return;
    const column = raw.search(/\S/) + 1;
    if (block) {
      if (tokens[0] === ')') { block = undefined; return; }
      out.push({ verb: block.verb, args: tokens, line: lineNo, column });
      return;
    }
    if (tokens.length === 2 && tokens[1] === '(') {
      block = { verb: tokens[0]!, line: lineNo };
      return;
    }
    out.push({ verb: tokens[0]!, args: tokens.slice(1), line: lineNo, column });
  });
  if (block) {
    diagnostics.push({ source: 'gomod', message: `unterminated ${block.verb} block`, location: { file, line: block.line, column: 1 } });
  }
  return { lines: out, diagnostics };
}

export function parseGoMod(source: string, file = 'go.mod'): { info: GoModInfo; diagnostics: Diagnostic[] } {
  const info: GoModInfo = { module: '', synthesized: false };
  const { lines: parsed, diagnostics } = lines(source, file);
  const at = (l: Line) => ({ file, line: l.line, column: l.column });
  for (const l of parsed) {
    const bad = (message: string) => diagnostics.push({ source: 'gomod', message, location: at(l) });
    switch (l.verb) {
      case 'module':
        if (l.args.length !== 1) bad('usage: module module/path');
        else info.module = l.args[0]!;
        break;
      case 'go':
        if (l.args.length !== 1 || !goVersionRe.test(l.args[0]!)) bad(`invalid go version '${l.args.join(' ')}': must match format 1.23.0`);
        else { info.go = l.args[0]!; info.goLine = l.line; }
        break;
      case 'toolchain':
        if (l.args.length !== 1 || !toolchainRe.test(l.args[0]!)) bad(`invalid toolchain version '${l.args.join(' ')}': must match format go1.23.0 or default`);
        else { info.toolchain = l.args[0]!.slice(2); info.toolchainLine = l.line; }
        break;
      case 'godebug':
        for (const arg of l.args) {
          const eq = arg.indexOf('=');
          if (eq <= 0) bad(`usage: godebug key=value`);
          else (info.godebug ??= []).push({ key: arg.slice(0, eq), value: arg.slice(eq + 1) });
        }
        break;
    }
  }
  if (!info.module && !diagnostics.some((d) => d.location?.line)) {
    diagnostics.push({ source: 'gomod', message: 'no module declaration in go.mod. To specify the module path:\n\tmodule example.com/m', location: { file, line: 0, column: 0 } });
  }
  return { info, diagnostics };
}

/** go.mod of the project, or the one Vercel would synthesize when there is none. */
export function projectGoMod(files: Record<string, string | Uint8Array>): { info: GoModInfo; diagnostics: Diagnostic[] } {
  const src = files['go.mod'];
  if (src === undefined) {
    return { info: { module: syntheticModulePath, synthesized: true }, diagnostics: [] };
  }
  return parseGoMod(typeof src === 'string' ? src : new TextDecoder().decode(src));
}

/** The go.mod text written for a project without one (kept sources and the native command use it). */
export function synthesizedGoMod(goVersion: string): string {
  const [major, minor] = goVersion.split('.');
  return `module ${syntheticModulePath}\n\ngo ${major}.${minor}\n`;
}
