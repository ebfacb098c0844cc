// Module paths and versions as golang.org/x/mod/module reads them: the
// major-version suffix of a path ("/v2", gopkg.in's ".v2"), whether a version
// fits it, +incompatible, and pseudo-versions
// (vX.Y.Z-yyyymmddhhmmss-abcdefabcdef in its three forms).
import { build, canonical, isValid, major, prerelease } from './semver.ts';

export function splitPathVersion(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && /[0-9.]/.test(path[i - 1]!)) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return { prefix: path, pathMajor: '', ok: true };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return { prefix: path, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

function splitGopkgIn(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && /[0-9]/.test(path[i - 1]!)) i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return { prefix: path, pathMajor: '', ok: false };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return { prefix: path, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

/** module.CheckPathMajor: undefined when v fits the path's major suffix, else go's reason. */
export function checkPathMajor(v: string, pathMajor: string): string | undefined {
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) pathMajor = pathMajor.slice(0, -'-unstable'.length);
  if (v.startsWith('v0.0.0-') && pathMajor === '.v1') return undefined;
  const m = major(v);
  let want = pathMajor;
  if (pathMajor === '') {
    if (m === 'v0' || m === 'v1' || build(v) === '+incompatible') return undefined;
    want = 'v0 or v1';
  } else if (pathMajor[0] === '/' || pathMajor[0] === '.') {
    if (m === pathMajor.slice(1)) return undefined;
    want = pathMajor.slice(1);
  }
  return `should be ${want}, not ${major(v)}`;
}

export const matchPathMajor = (v: string, pathMajor: string): boolean => checkPathMajor(v, pathMajor) === undefined;

export function pathMajorPrefix(pathMajor: string): string {
  if (pathMajor === '') return '';
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) pathMajor = pathMajor.slice(0, -'-unstable'.length);
  return pathMajor.slice(1);
}

export function canonicalVersion(v: string): string {
  const cv = canonical(v);
  return build(v) === '+incompatible' ? `${cv}+incompatible` : cv;
}

const PSEUDO_RE = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export function isPseudoVersion(v: string): boolean {
  return v.split('-').length - 1 >= 2 && isValid(v) && PSEUDO_RE.test(v);
}

/** The pseudo-version timestamp format, yyyymmddhhmmss in UTC. */
export function pseudoTimestamp(t: Date): string {
  return t.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function pseudoVersion(majorPrefix: string, older: string, t: Date, rev: string): string {
  const m = majorPrefix || 'v0';
  const segment = `${pseudoTimestamp(t)}-${rev}`;
  const b = build(older);
  const base = canonical(older);
  if (base === '') return `${m}.0.0-${segment}`;
  if (prerelease(base) !== '') return `${base}.0.${segment}${b}`;
  const i = base.lastIndexOf('.') + 1;
  return `${base.slice(0, i)}${incDecimal(base.slice(i))}-0.${segment}${b}`;
}

function incDecimal(d: string): string {
  const digits = [...d];
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === '9'; i--) digits[i] = '0';
  if (i >= 0) digits[i] = String(Number(digits[i]) + 1);
  else digits.unshift('1');
  return digits.join('');
}

function decDecimal(d: string): string {
  const digits = [...d];
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === '0'; i--) digits[i] = '9';
  if (i < 0) return '';
  if (i === 0 && digits[i] === '1' && digits.length > 1) digits.shift();
  else digits[i] = String(Number(digits[i]) - 1);
  return digits.join('');
}

export interface PseudoParts {
  base: string;
  timestamp: string;
  rev: string;
  build: string;
}

export function parsePseudoVersion(v: string): PseudoParts | undefined {
  if (!isPseudoVersion(v)) return undefined;
  const b = build(v);
  let rest = v.slice(0, v.length - b.length);
  const j = rest.lastIndexOf('-');
  const rev = rest.slice(j + 1);
  rest = rest.slice(0, j);
  const i = rest.lastIndexOf('-');
  const k = rest.lastIndexOf('.');
  if (k > i) return { base: rest.slice(0, k), timestamp: rest.slice(k + 1), rev, build: b };
  return { base: rest.slice(0, i), timestamp: rest.slice(i + 1), rev, build: b };
}

/** module.PseudoVersionBase: the tag a pseudo-version claims to follow ("" for none), or an error sentence. */
export function pseudoVersionBase(v: string): { base: string } | { error: string } {
  const p = parsePseudoVersion(v);
  if (!p) return { error: 'syntax error' };
  const pre = prerelease(p.base);
  if (pre === '') return p.build ? { error: `lacks base version, but has build metadata "${p.build}"` } : { base: '' };
  if (pre === '-0') {
    const b = p.base.slice(0, -2);
    const i = b.lastIndexOf('.');
    const patch = decDecimal(b.slice(i + 1));
    if (patch === '') return { error: `version before ${b} would have negative patch number` };
    return { base: b.slice(0, i + 1) + patch + p.build };
  }
  return { base: p.base.replace(/\.0$/, '') + p.build };
}

/** The time a pseudo-version names, or undefined when malformed. */
export function pseudoVersionTime(v: string): Date | undefined {
  const p = parsePseudoVersion(v);
  const m = p && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(p.timestamp);
  if (!m) return undefined;
  const t = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return pseudoTimestamp(t) === p!.timestamp ? t : undefined;
}

/** str.HasPathPrefix: s is prefix or starts with prefix and a slash. */
export function hasPathPrefix(s: string, prefix: string): boolean {
  return s === prefix || (s.startsWith(prefix) && (prefix.endsWith('/') || s[prefix.length] === '/'));
}

/** modfile.ModulePath: the module line's path, or "" when go.mod has none. */
export function goModModulePath(data: Uint8Array | undefined): string {
  if (!data) return '';
  for (const raw of new TextDecoder().decode(data).split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^module\s+(.*)$/.exec(line);
    if (!m) continue;
    let p = m[1]!.trim();
    if (p.startsWith('"') || p.startsWith('`')) {
      try {
        p = p.startsWith('`') ? p.slice(1, -1) : (JSON.parse(p) as string);
      } catch {
        return '';
      }
    }
    return p;
  }
  return '';
}

/** The go.mod "go" line's version ("" when none). */
export function goModGoVersion(data: Uint8Array | undefined): string {
  if (!data) return '';
  const m = /^\s*go\s+([0-9][^\s/]*)/m.exec(new TextDecoder().decode(data));
  return m ? m[1]! : '';
}
