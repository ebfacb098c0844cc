// `gofn serve`: the engine behind an HTTP endpoint, for builds outside a
// browser (a build step in CI, an edge function's backend). Projects arrive as
// JSON; binaries go back base64-encoded in the same JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import type { Engine, ProjectFiles, Target } from '../core/types.ts';
import { nodeEngine } from './engine-host.ts';
import { gitPass } from './git-pass.ts';
import { goproxyPass } from './goproxy-pass.ts';

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

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function buildServer(engine: Engine): Server {
  // One build at a time: the tools are single-threaded and memory-hungry.
  let queue: Promise<unknown> = Promise.resolve();
  // The module proxy pass-through answers under its own prefix; everything else is the build API.
  const pass = goproxyPass();
  const git = gitPass();
  return createServer((req, res) => pass(req, res, () => git(req, res, () => void serveBuild(req, res))));

  async function serveBuild(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method === 'GET' && req.url === '/versions') return send(res, 200, { versions: await engine.available() });
      if (req.method !== 'POST' || req.url !== '/build') return send(res, 404, { error: 'POST /build or GET /versions' });
      const raw = await readBody(req);
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

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string', default: '8787' }, host: { type: 'string', default: '127.0.0.1' } } });
  const server = buildServer(nodeEngine());
  await new Promise<void>((resolve) => server.listen(Number(values.port), values.host, resolve));
  console.error(`gofn: POST http://${values.host}:${values.port}/build  (GET /versions; module proxy pass-through at /_gofn/goproxy/, git pass-through at /_gofn/git/)`);
  await new Promise(() => undefined);
  return 0;
}
