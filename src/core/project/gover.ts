// Go version strings compared as the go command compares them
// (cmd/go/internal/gover): "1.21" < "1.21rc1" < "1.21.0" < "1.21.1", the
// "go" prefix optional. A bare "1.X" is the language version, which sorts
// before every release of that line.

export interface GoVersion {
  major: number;
  minor: number;
  /** -1 for a bare language version ("1.22") and for prereleases ("1.22rc1"). */
  patch: number;
  /** "" for releases and bare versions, "alpha" | "beta" | "rc" for prereleases. */
  kind: '' | 'alpha' | 'beta' | 'rc';
  /** The prerelease number ("rc2" → 2); 0 otherwise. */
  pre: number;
}

const re = /^(?:go)?(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*)|(alpha|beta|rc)([1-9]\d*))?)?$/;

export function parseGoVersion(v: string): GoVersion | undefined {
  const m = re.exec(v);
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2] ?? 0),
    patch: m[3] === undefined ? -1 : Number(m[3]),
    kind: (m[4] ?? '') as GoVersion['kind'],
    pre: m[5] === undefined ? 0 : Number(m[5]),
  };
}

// Ranks within one major.minor: bare language version, alpha, beta, rc, releases.
function rank(v: GoVersion): number {
  if (v.patch >= 0) return 4;
  return { '': 0, alpha: 1, beta: 2, rc: 3 }[v.kind];
}

/** Negative, zero or positive as a sorts before, with or after b; unparsable versions sort first. */
export function compareGoVersions(a: string, b: string): number {
  const pa = parseGoVersion(a);
  const pb = parseGoVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  return pa.major - pb.major || pa.minor - pb.minor || rank(pa) - rank(pb) || pa.pre - pb.pre || pa.patch - pb.patch;
}

/** "1.22.3" → "1.22": the language version of a release. */
export function goLine(v: string): string {
  const p = parseGoVersion(v);
  return p ? `${p.major}.${p.minor}` : v;
}

/** Whether a version names one release exactly ("1.22.3", "1.22rc1") rather than a line ("1.22"). */
export function isExactRelease(v: string): boolean {
  const p = parseGoVersion(v);
  return p !== undefined && (p.patch >= 0 || p.kind !== '');
}

/**
 * The first release a go line admits: a bare "1.X" counts as "1.X.0" when
 * picking a toolchain, as a newer go would take any 1.X release.
 */
export function firstRelease(v: string): string {
  const p = parseGoVersion(v);
  return p && p.patch < 0 && p.kind === '' ? `${p.major}.${p.minor}.0` : v.replace(/^go/, '');
}

/** Go releases before 1.21 are not published as golang.org/toolchain modules, so GOTOOLCHAIN cannot fetch them. */
export function fetchableAsToolchain(v: string): boolean {
  return compareGoVersions(v, '1.21rc1') >= 0;
}

/** gover.IsValid, for the forms go.mod and //go:debug default=goX use. */
export function isValidGoVersion(v: string): boolean {
  return /^(0|[1-9]\d*)(\.(0|[1-9]\d*)(\.(0|[1-9]\d*)|(rc|beta)[1-9]\d*)?)?$/.test(v);
}

/** gover.Lang: "1.22.3" → "1.22", "1.21rc1" → "1.21", "1.0.2" → "1". */
export function langVersion(v: string): string {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return '';
  if (m[2] === undefined || (m[1] === '1' && m[2] === '0')) return m[1]!;
  return `${m[1]}.${m[2]}`;
}
