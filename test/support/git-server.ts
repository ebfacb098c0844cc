// A git host on loopback for the direct-mode tests: git's own
// git-http-backend (smart HTTP, read-only) behind a small Node server that
// requires HTTP basic auth, plus the ?go-get=1 pages that name the
// repository. It logs every request it saw (method, path, whether it carried
// credentials and whether they were accepted), never the credentials.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitServerOptions {
  /** GIT_PROJECT_ROOT: repositories are served at their path below it. */
  projectRoot: string;
  user: string;
  token: string;
  /** go-get pages: import-path prefix (host/path) → the repository URL the meta tag names. */
  goImports: Record<string, string>;
}

export interface GitServer {
  url: string;
  log: string[];
  close(): Promise<void>;
}

const BACKEND = '/usr/lib/git-core/git-http-backend';

export async function startGitServer(opts: GitServerOptions): Promise<GitServer> {
  const expected = `Basic ${Buffer.from(`${opts.user}:${opts.token}`).toString('base64')}`;
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization;
    const note = (status: number): void => void log.push(`${req.method} ${url.pathname}${url.search} auth=${auth ? (auth === expected ? 'ok' : 'wrong') : 'none'} → ${status}`);
    if (url.searchParams.get('go-get') === '1') {
      // Requests arrive at the loopback address, so pages are matched by path alone.
      const path = url.pathname.replace(/\/$/, '');
      const hit = Object.entries(opts.goImports).find(([prefix]) => {
        const p = prefix.slice(prefix.indexOf('/'));
        return path === p || path.startsWith(`${p}/`);
      });
      note(hit ? 200 : 404);
      if (!hit) return void res.writeHead(404).end('no such package\n');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(`<!doctype html><html><head><meta name="go-import" content="${hit[0]} git ${hit[1]}"></head><body>go get ${hit[0]}</body></html>\n`);
    }
    if (auth !== expected) {
      note(401);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="gofn test"', 'Content-Type': 'text/plain' });
      return void res.end('authentication required\n');
    }
    const gitPath = /\/(info\/refs|git-upload-pack)$/.test(url.pathname);
    if (!gitPath || (url.pathname.endsWith('/info/refs') && url.searchParams.get('service') !== 'git-upload-pack')) {
      note(404);
      return void res.writeHead(404).end('not found\n');
    }
    cgi(req, res, url, opts.projectRoot, opts.user, note);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Runs git-http-backend as a CGI program for one request. */
function cgi(req: IncomingMessage, res: ServerResponse, url: URL, projectRoot: string, user: string, note: (s: number) => void): void {
  const child = spawn(BACKEND, [], {
    env: {
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  const out: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.resume();
  child.on('close', () => {
    const all = Buffer.concat(out);
    const end = all.indexOf('\r\n\r\n');
    const headText = all.subarray(0, end < 0 ? 0 : end).toString('latin1');
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of headText.split('\r\n')) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      const k = line.slice(0, i).trim();
      const v = line.slice(i + 1).trim();
      if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
      else headers[k] = v;
    }
    note(status);
    res.writeHead(status, headers);
    res.end(all.subarray(end < 0 ? 0 : end + 4));
  });
}
