// A module proxy for tests: modules the test writes, laid out in a directory
// as the GOPROXY protocol names its files (<escaped path>/@v/list,
// <version>.info, .mod, .zip), served over HTTP on loopback. A directory in
// that layout served as static files is a real GOPROXY (go itself reads one
// through file:// URLs), so native go can download from it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { zipSync } from 'fflate';

export interface TestModule {
  path: string;
  version: string;
  /** Files of the module, go.mod included. */
  files: Record<string, string>;
}

/** Upper case as "!" + lower case, as module paths and versions are escaped in the protocol. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** dirhash.Hash1: sha256 of the sorted "sha256hex  name\n" lines, as go.sum's h1: values. */
export function hash1(files: [string, Uint8Array | string][]): string {
  const summary = [...files]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, data]) => `${createHash('sha256').update(data).digest('hex')}  ${name}\n`)
    .join('');
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
}

/** Writes the modules in GOPROXY layout; returns the go.sum lines that verify them. */
export async function writeGoproxyDir(dir: string, modules: TestModule[]): Promise<string[]> {
  const sums: string[] = [];
  const versions = new Map<string, string[]>();
  for (const m of modules) {
    const base = join(dir, escapeModulePath(m.path), '@v');
    await mkdir(base, { recursive: true });
    const prefix = `${m.path}@${m.version}/`;
    const zip = zipSync(Object.fromEntries(Object.entries(m.files).map(([name, text]) => [prefix + name, new TextEncoder().encode(text)])));
    const gomod = m.files['go.mod'] ?? `module ${m.path}\n`;
    await writeFile(join(base, `${escapeModulePath(m.version)}.info`), JSON.stringify({ Version: m.version, Time: '2024-01-02T03:04:05Z' }));
    await writeFile(join(base, `${escapeModulePath(m.version)}.mod`), gomod);
    await writeFile(join(base, `${escapeModulePath(m.version)}.zip`), zip);
    versions.set(m.path, [...(versions.get(m.path) ?? []), m.version]);
    sums.push(`${m.path} ${m.version} ${hash1(Object.entries(m.files).map(([n, t]) => [prefix + n, t]))}`);
    sums.push(`${m.path} ${m.version}/go.mod ${hash1([['go.mod', gomod]])}`);
  }
  for (const [path, list] of versions) {
    await writeFile(join(dir, escapeModulePath(path), '@v', 'list'), list.join('\n') + '\n');
    await writeFile(join(dir, escapeModulePath(path), '@latest'), JSON.stringify({ Version: list.at(-1), Time: '2024-01-02T03:04:05Z' }));
  }
  return sums;
}

export interface StaticServer {
  url: string;
  /** Request paths in arrival order, with the Authorization header each carried. */
  requests: { method: string; path: string; authorization?: string }[];
  /** Answers the next request for a path with this status (once), before looking at the disk. */
  failOnce: Map<string, number>;
  /** Answers a path with a 302 to the URL returned, when one is. */
  redirect?: (path: string) => string | undefined;
  close(): Promise<void>;
}

/** Serves dir's files as a static file server would: 404 with a text body for what is missing. */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  const state: Omit<StaticServer, 'url' | 'close'> = { requests: [], failOnce: new Map() };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    state.requests.push({ method: req.method ?? '', path, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const fail = state.failOnce.get(path);
    if (fail !== undefined) {
      state.failOnce.delete(path);
      res.writeHead(fail, { 'Content-Type': 'text/plain' });
      return res.end(`injected failure ${fail}\n`);
    }
    const to = state.redirect?.(path);
    if (to) {
      res.writeHead(302, { Location: to });
      return res.end();
    }
    void sendFile(join(root, path), req.method === 'HEAD', res).then((sent) => {
      if (sent) return;
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`not found: ${path}\n`);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  });
}

async function sendFile(file: string, headOnly: boolean, res: ServerResponse): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.writeHead(200, { 'Content-Length': String(info.size), 'Content-Type': 'application/octet-stream' });
  if (headOnly) res.end();
  else createReadStream(file).pipe(res);
  return true;
}

export async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}
