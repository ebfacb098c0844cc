// The paths of the GOPROXY protocol (go help goproxy, "Proxying a checksum
// database"), recognised strictly: anything else under the pass-through's
// prefix is refused, so it can never be used to reach other upstream paths.
// Paths stay case-escaped ("!" + lower case), as clients send them.

/** go's own limits (cmd/go/internal/modfetch: MaxZipFile, MaxGoMod). */
export const MAX_ZIP = 500 << 20;
export const MAX_GOMOD = 16 << 20;
/** Lists, .info, @latest and checksum-database answers are small; go.mod's limit bounds them too. */
export const MAX_OTHER = 16 << 20;

export type GoproxyKind = 'list' | 'latest' | 'info' | 'mod' | 'zip' | 'sumdb-supported' | 'sumdb-latest' | 'sumdb-lookup' | 'sumdb-tile';

export interface GoproxyPath {
  kind: GoproxyKind;
  /** The path to ask upstream for, and the cache key when immutable. */
  path: string;
  /** The answer never changes once it exists, so it may be cached forever. */
  immutable: boolean;
  contentType: string;
}

// An escaped module path element: lower case, digits and -._~, with "!x"
// standing for upper-case X; "." and ".." are no elements.
const elem = /^(?:[a-z0-9._~-]|![a-z])+$/;
const version = /^(?:[a-z0-9.+_~-]|![a-z])+$/;
const sumdbName = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;
// tile/H/L/NNN or tile/H/data/NNN, N split in x-prefixed groups of three digits, ".p/W" for a partial tile.
const tile = /^tile\/\d+\/(?:\d+|data)\/(?:x\d{3}\/)*\d{3}(\.p\/\d+)?$/;

function modulePath(parts: string[]): boolean {
  return parts.length > 0 && parts.every((p) => elem.test(p) && p !== '.' && p !== '..');
}

function unescape(s: string): string {
  return s.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

// Canonical semantic versions (semver.Canonical(v) == v) and "+incompatible" ones;
// only these name fixed content, so only their answers are immutable.
const canonical = /^v(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+incompatible)?$/;

export function isCanonicalVersion(escaped: string): boolean {
  return canonical.test(unescape(escaped));
}

const json = 'application/json';
const text = 'text/plain; charset=utf-8';

/** rest: the path after the prefix, percent-encoded as received. */
export function classifyGoproxyPath(rest: string): GoproxyPath | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  const parts = path.split('/');
  if (parts[0] === 'sumdb') return classifySumdb(path, parts);
  const at = (kind: GoproxyKind, immutable: boolean, contentType: string): GoproxyPath => ({ kind, path, immutable, contentType });
  if (parts.at(-1) === '@latest') return modulePath(parts.slice(0, -1)) ? at('latest', false, json) : undefined;
  if (parts.at(-2) !== '@v' || !modulePath(parts.slice(0, -2))) return undefined;
  const file = parts.at(-1)!;
  if (file === 'list') return at('list', false, text);
  const m = /^(.+)\.(info|mod|zip)$/.exec(file);
  if (!m || !version.test(m[1]!)) return undefined;
  const kind = m[2] as 'info' | 'mod' | 'zip';
  return at(kind, isCanonicalVersion(m[1]!), kind === 'info' ? json : kind === 'mod' ? text : 'application/zip');
}

function classifySumdb(path: string, parts: string[]): GoproxyPath | undefined {
  const [, name, ...restParts] = parts;
  if (!name || !sumdbName.test(name)) return undefined;
  const rest = restParts.join('/');
  const at = (kind: GoproxyKind, immutable: boolean, contentType: string): GoproxyPath => ({ kind, path, immutable, contentType });
  if (rest === 'supported') return at('sumdb-supported', false, text);
  if (rest === 'latest') return at('sumdb-latest', false, text);
  if (restParts[0] === 'lookup') {
    const target = restParts.slice(1).join('/');
    const i = target.lastIndexOf('@');
    if (i < 0 || !modulePath(target.slice(0, i).split('/')) || !version.test(target.slice(i + 1))) return undefined;
    return at('sumdb-lookup', true, text);
  }
  const m = tile.exec(rest);
  if (m) return at('sumdb-tile', m[1] === undefined, 'application/octet-stream');
  return undefined;
}

export function sizeLimit(kind: GoproxyKind): number {
  return kind === 'zip' ? MAX_ZIP : kind === 'mod' ? MAX_GOMOD : MAX_OTHER;
}
