// GIT_CREDENTIALS as Vercel documents it: one or more lines of
// https://user:token@host[/path] (git's credential-store format). A
// credential is sent, as HTTP basic auth, only to a URL with the same scheme
// and host (and, when the line has a path, under that path); the longest
// matching path wins. The values are secrets: nothing here puts them in a
// message, and `redactor` scrubs them from any text that leaves the engine.

export const CREDENTIALS_VAR = 'GIT_CREDENTIALS';

export interface GitCredential {
  protocol: string;
  host: string;
  path: string;
  username: string;
  password: string;
}

export interface ParsedCredentials {
  list: GitCredential[];
  /** Sentences about lines that could not be read; they name the line, never its value. */
  problems: string[];
}

export function parseGitCredentials(value: string | undefined): ParsedCredentials {
  const out: ParsedCredentials = { list: [], problems: [] };
  const lines = (value ?? '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let u: URL;
    try {
      u = new URL(line);
    } catch {
      out.problems.push(`${CREDENTIALS_VAR} line ${i + 1} is not a URL of the form https://user:token@host`);
      return;
    }
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || (!u.username && !u.password)) {
      out.problems.push(`${CREDENTIALS_VAR} line ${i + 1} must look like https://user:token@host (for ${u.protocol}//${u.host})`);
      return;
    }
    out.list.push({
      protocol: u.protocol,
      host: u.host.toLowerCase(),
      path: u.pathname.replace(/\/+$/, ''),
      username: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
    });
  });
  return out;
}

/** The credential for a URL: same scheme and host, the line's path (if any) a prefix of the URL's path. */
export function credentialFor(list: readonly GitCredential[], url: URL): GitCredential | undefined {
  let best: GitCredential | undefined;
  for (const c of list) {
    if (c.protocol !== url.protocol || c.host !== url.host.toLowerCase()) continue;
    if (c.path && url.pathname !== c.path && !url.pathname.startsWith(`${c.path}/`) && !url.pathname.startsWith(`${c.path}.git`)) continue;
    if (!best || c.path.length > best.path.length) best = c;
  }
  return best;
}

export function basicAuth(c: GitCredential): string {
  const bytes = new TextEncoder().encode(`${c.username}:${c.password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

/**
 * A function that removes every form of the secrets from a text: the
 * tokens, user:token pairs, their basic-auth encodings and any
 * scheme://user:pass@ in URLs.
 */
export function redactor(list: readonly GitCredential[]): (text: string) => string {
  const secrets = new Set<string>();
  for (const c of list) {
    for (const s of [c.password, `${c.username}:${c.password}`, basicAuth(c).slice('Basic '.length), encodeURIComponent(c.password)]) {
      if (s.length >= 4) secrets.add(s);
    }
  }
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s<]*@/gi, '$1');
    for (const s of sorted) out = out.split(s).join('***');
    return out;
  };
}
