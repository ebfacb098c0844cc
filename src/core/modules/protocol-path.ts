// GOPROXY protocol paths: "<module>/@v/list", "<module>/@v/<version>.info|.mod|.zip",
// "<module>/@latest", with module paths and versions case-encoded
// ("github.com/Azure/x" → "github.com/!azure/x", golang.org/x/mod/module's
// EscapePath), and the checksum database's "sumdb/<name>/…" paths.

export type ProtocolFile =
  | { kind: 'list' | 'latest'; path: string }
  | { kind: 'info' | 'mod' | 'zip' | 'retract'; path: string; version: string }
  | { kind: 'sumdb'; name: string; rest: string };

export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

export function unescapeModulePath(escaped: string): string | undefined {
  if (/[A-Z]/.test(escaped)) return undefined;
  let bad = false;
  const out = escaped.replace(/!(.?)/g, (_, c: string) => {
    if (!/^[a-z]$/.test(c)) bad = true;
    return c.toUpperCase();
  });
  return bad ? undefined : out;
}

export function protocolFile(kind: 'info' | 'mod' | 'zip', path: string, version: string): string {
  return `${escapeModulePath(path)}/@v/${escapeModulePath(version)}.${kind}`;
}

/**
 * What a protocol path asks for, or undefined for anything else (which is
 * never fetched). "<module>/@v/<version>.retract" is the helper's name for a
 * .mod it reads only for retract directives: fetched as .mod, cached apart.
 */
export function parseProtocolPath(p: string): ProtocolFile | undefined {
  if (p.startsWith('sumdb/')) {
    const m = /^sumdb\/([^/]+(?:\/[^/]+)*?)\/(supported|latest|lookup\/.+|tile\/.+)$/.exec(p);
    return m ? { kind: 'sumdb', name: m[1]!, rest: m[2]! } : undefined;
  }
  let m = /^(.+)\/@v\/list$/.exec(p);
  if (m) {
    const path = unescapeModulePath(m[1]!);
    return path ? { kind: 'list', path } : undefined;
  }
  m = /^(.+)\/@latest$/.exec(p);
  if (m) {
    const path = unescapeModulePath(m[1]!);
    return path ? { kind: 'latest', path } : undefined;
  }
  m = /^(.+)\/@v\/([^/]+)\.(info|mod|zip|retract)$/.exec(p);
  if (m) {
    const path = unescapeModulePath(m[1]!);
    const version = unescapeModulePath(m[2]!);
    return path && version ? { kind: m[3] as 'info' | 'mod' | 'zip' | 'retract', path, version } : undefined;
  }
  return undefined;
}

/** "path@version" for messages and progress. */
export function describe(f: ProtocolFile): string {
  switch (f.kind) {
    case 'sumdb': {
      const lookup = /^lookup\/(.+)$/.exec(f.rest);
      if (lookup) return `checksum of ${unescapeModulePath(lookup[1]!) ?? lookup[1]} (${f.name})`;
      return `${f.name} ${f.rest.split('/')[0]}`;
    }
    case 'list':
    case 'latest':
      return `${f.path} versions`;
    default:
      return `${f.path}@${f.version}${f.kind === 'zip' ? '' : ` (${f.kind === 'retract' ? 'mod' : f.kind})`}`;
  }
}
