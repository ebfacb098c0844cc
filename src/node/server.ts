// `gofn serve`: the engine behind an HTTP endpoint, for builds outside a
// browser (a build step in CI, an edge function's backend). Projects arrive as
// JSON; binaries go back base64-encoded in the same JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import type { Engine, ProjectFiles, Target } from '../core/types.ts';
import { nodeEngine } from './engine-host.ts';
import { gitPass } from './git-pass.ts';
import { goproxyPass } from './goproxy-pass.ts';
import type { AddressInfo } from 'node:net';
import { appServer } from './app-server.ts';
import { compose } from './compose.ts';
import { readBodyUpTo } from './read-body.ts';
import type { Middleware } from './isolation.ts';

const targets: Target[] = ['linux/amd64', 'linux/arm64', 'wasip1/wasm'];
const maxBody = 32 << 20;

/** POST /build body: files as text, or {base64} for binary content. */
export interface BuildPayload {
  files: Record<string, string | { base64: string }>;
  target?: Target;
  env?: Record<string, string>;
  entries?: string[];
}

function decodeFiles(files: BuildPayload['files']): ProjectFiles | string {
  const out: ProjectFiles = {};
  for (const [path, v] of Object.entries(files)) {
    if (path.startsWith('/') || path.split('/').includes('..')) return `file path "${path}" must be relative and stay inside the project`;
    if (typeof v === 'string') out[path] = v;
    else if (v && typeof v.base64 === 'string') out[path] = new Uint8Array(Buffer.from(v.base64, 'base64'));
    else return `file "${path}" must be a string or {"base64": "…"}`;
  }
  return out;
}


function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** POST /build and GET /versions; other paths pass on. */
export function buildApi(engine: Engine): Middleware {
  // One build at a time: the tools are single-threaded and memory-hungry.
  let queue: Promise<unknown> = Promise.resolve();
  return (req, res, next) => {
    if ((req.method === 'GET' && req.url === '/versions') || req.url === '/build') void serveBuild(req, res);
    else next();
  };

  async function serveBuild(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method === 'GET' && req.url === '/versions') return send(res, 200, { versions: await engine.available() });
      if (req.method !== 'POST') return send(res, 405, { error: 'POST /build or GET /versions' });
      const raw = await readBodyUpTo(req, maxBody);
      if (!raw) return send(res, 413, { error: `request body over ${maxBody} bytes` });
      let payload: BuildPayload;
      try {
        payload = JSON.parse(raw.toString('utf8')) as BuildPayload;
      } catch (e) {
        return send(res, 400, { error: `body is not JSON: ${(e as Error).message}` });
      }
      const files = payload && typeof payload.files === 'object' ? decodeFiles(payload.files) : 'missing "files"';
      if (typeof files === 'string') return send(res, 400, { error: files });
      const target = payload.target ?? 'linux/amd64';
      if (!targets.includes(target)) return send(res, 400, { error: `target must be one of ${targets.join(', ')}` });
      const run = queue.then(() => engine.build({ files, target, env: payload.env, entries: payload.entries }));
      queue = run.catch(() => undefined);
      const result = await run;
      if (!result.ok) return send(res, 422, result);
      send(res, 200, {
        ...result,
        routes: result.routes.map(({ binary, ...r }) => ({ ...r, bytes: binary.length, binary: Buffer.from(binary).toString('base64') })),
      });
    } catch (e) {
      send(res, 500, { error: e instanceof Error ? e.message : String(e) });
    }
  }
}

/** The build API with the module proxy pass-through beside it. */
export function buildServer(engine: Engine): Server {
  return createServer(compose([goproxyPass(), gitPass(), buildApi(engine)], (_req, res) => send(res, 404, { error: 'POST /build or GET /versions' })));
}

const usage = `usage: gofn serve [--port 8787] [--host 127.0.0.1] [--app [--dist DIR] [--toolchains DIR] [--build-api]]
  without --app: the build API (POST /build, GET /versions) and the module proxy pass-through
  --app: the built web app (npm run build), its toolchain bundles and the module proxy pass-through
         from one origin, cross-origin isolated; --build-api adds the build API`;

export async function serveCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        app: { type: 'boolean', default: false },
        dist: { type: 'string' },
        toolchains: { type: 'string' },
        'build-api': { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    console.error(`gofn serve: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  let server: Server;
  if (values.app) {
    const app = await appServer({ dist: values.dist, toolchains: values.toolchains, buildApi: values['build-api'] ? nodeEngine() : undefined });
    if (typeof app === 'string') {
      console.error(`gofn serve: ${app}`);
      return 2;
    }
    server = app;
  } else server = buildServer(nodeEngine());
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(Number(values.port), values.host, resolve));
  const base = `http://${values.host}:${(server.address() as AddressInfo).port}`;
  if (values.app) console.error(`gofn: the app at ${base}/ (toolchains at /toolchains/, module proxy pass-through at /_gofn/goproxy/, git pass-through at /_gofn/git/${values['build-api'] ? ', POST /build' : ''})`);
  else console.error(`gofn: POST ${base}/build  (GET /versions; module proxy pass-through at /_gofn/goproxy/, git pass-through at /_gofn/git/)`);
  await new Promise<void>((done) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, done);
  });
  server.closeAllConnections();
  server.close();
  return 0;
}
