// Semantic versions as the go command reads them (golang.org/x/mod/semver):
// a leading "v", "v1" and "v1.2" as shorthands for "v1.0.0" and "v1.2.0",
// no leading zeros, pre-release and build suffixes. npm's semver reads
// versions differently (no "v", no shorthands), so this is x/mod's parser.

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string;
  build: string;
}

const isDigits = (s: string): boolean => /^[0-9]+$/.test(s);
const isIdentChar = (c: string): boolean => /^[A-Za-z0-9-]$/.test(c);
const isBadNum = (s: string): boolean => isDigits(s) && s[0] === '0' && s !== '0';

function parseInt(v: string): [string, string] | undefined {
  let i = 0;
  while (i < v.length && v[i]! >= '0' && v[i]! <= '9') i++;
  if (i === 0 || (v[0] === '0' && i !== 1)) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parseSuffix(v: string, pre: boolean): [string, string] | undefined {
  let i = 1;
  let start = 1;
  while (i < v.length && !(pre && v[i] === '+')) {
    if (!isIdentChar(v[i]!) && v[i] !== '.') return undefined;
    if (v[i] === '.') {
      if (start === i || (pre && isBadNum(v.slice(start, i)))) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i || (pre && isBadNum(v.slice(start, i)))) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parse(v: string): Parsed | undefined {
  if (!v.startsWith('v')) return undefined;
  const p: Parsed = { major: '', minor: '', patch: '', short: '', prerelease: '', build: '' };
  let r = parseInt(v.slice(1));
  if (!r) return undefined;
  [p.major, v] = r;
  if (v === '') return { ...p, minor: '0', patch: '0', short: '.0.0' };
  if (v[0] !== '.') return undefined;
  r = parseInt(v.slice(1));
  if (!r) return undefined;
  [p.minor, v] = r;
  if (v === '') return { ...p, patch: '0', short: '.0' };
  if (v[0] !== '.') return undefined;
  r = parseInt(v.slice(1));
  if (!r) return undefined;
  [p.patch, v] = r;
  if (v[0] === '-') {
    r = parseSuffix(v, true);
    if (!r) return undefined;
    [p.prerelease, v] = r;
  }
  if (v[0] === '+') {
    r = parseSuffix(v, false);
    if (!r) return undefined;
    [p.build, v] = r;
  }
  return v === '' ? p : undefined;
}

export const isValid = (v: string): boolean => parse(v) !== undefined;

export function canonical(v: string): string {
  const p = parse(v);
  if (!p) return '';
  if (p.build !== '') return v.slice(0, v.length - p.build.length);
  return p.short !== '' ? v + p.short : v;
}

export function major(v: string): string {
  const p = parse(v);
  return p ? v.slice(0, 1 + p.major.length) : '';
}

export const prerelease = (v: string): string => parse(v)?.prerelease ?? '';
export const build = (v: string): string => parse(v)?.build ?? '';

function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;
  while (x !== '' && y !== '') {
    x = x.slice(1);
    y = y.slice(1);
    const ix = x.indexOf('.');
    const iy = y.indexOf('.');
    const dx = ix < 0 ? x : x.slice(0, ix);
    const dy = iy < 0 ? y : y.slice(0, iy);
    x = ix < 0 ? '' : x.slice(ix);
    y = iy < 0 ? '' : y.slice(iy);
    if (dx !== dy) {
      const nx = isDigits(dx);
      const ny = isDigits(dy);
      if (nx !== ny) return nx ? -1 : 1;
      if (nx && dx.length !== dy.length) return dx.length < dy.length ? -1 : 1;
      return dx < dy ? -1 : 1;
    }
  }
  return x === '' ? -1 : 1;
}

/** -1, 0 or 1; an invalid version is below every valid one, and equal to another invalid one. */
export function compare(v: string, w: string): number {
  const pv = parse(v);
  const pw = parse(w);
  if (!pv && !pw) return 0;
  if (!pv) return -1;
  if (!pw) return 1;
  return compareInt(pv.major, pw.major) || compareInt(pv.minor, pw.minor) || compareInt(pv.patch, pw.patch) || comparePrerelease(pv.prerelease, pw.prerelease);
}

/** semver.Sort: by version, then by string for equal versions. */
export function sortVersions(list: string[]): string[] {
  return list.sort((a, b) => compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}
