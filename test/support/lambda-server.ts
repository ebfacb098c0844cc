// A Lambda Runtime API on loopback, for running a real `bootstrap` in tests
// the way Lambda and Vercel run it: events go out on /invocation/next, the
// function posts its response or its error, and the platform's HTTP answer is
// built from that with the same code the preview uses (bridge.ts). A process
// that exits (a panic, os.Exit) is started again on the next invocation, as
// Lambda starts a fresh instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromBase64, headerPairs, invocationFailed, toBridgeRequest, type BridgeHead, type PlatformResponse } from '../../src/core/preview/bridge.ts';
import type { PreviewRequest } from '../../src/core/types.ts';
import { DEFAULT_HOST, platformEnv } from '../../src/core/preview/platform-request.ts';
import { DEFAULT_MEMORY } from '../../src/core/project/function-config.ts';

export interface LambdaAnswer extends PlatformResponse {
  /** The error the function reported (its JSON) or how the process ended, when it did not answer. */
  error?: string;
}

export interface RunningBootstrap {
  invoke(req: PreviewRequest, timeoutMs?: number): Promise<LambdaAnswer>;
  /** Everything the processes wrote to stdout and stderr so far. */
  output(): string;
  /** How many processes were started (1 + restarts). */
  starts(): number;
  close(): Promise<void>;
}

interface Pending {
  id: string;
  event: string;
  done(answer: LambdaAnswer): void;
}

const API = '/2018-06-01/runtime';

export async function startBootstrap(binaryPath: string, opts: { env?: Record<string, string> } = {}): Promise<RunningBootstrap> {
  const queue: Pending[] = [];
  const inflight = new Map<string, Pending>();
  let waiting: ServerResponse | undefined;
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  let starts = 0;
  let closing = false;

  const dispatch = () => {
    if (!waiting || queue.length === 0) return;
    const next = queue.shift()!;
    inflight.set(next.id, next);
    waiting.writeHead(200, {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': next.id,
      'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30_000),
      'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:000000000000:function:gofn-test',
      'Lambda-Runtime-Trace-Id': `Root=1-${Date.now().toString(16)}-${next.id.replace(/-/g, '').slice(0, 24)}`,
    });
    waiting.end(next.event);
    waiting = undefined;
  };

  const server = createServer((req, res) => {
    void route(req, res);
  });
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${API}/invocation/next`) {
      waiting = res;
      dispatch();
      return;
    }
    const m = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    const pending = m ? inflight.get(m[1]!) : undefined;
    if (req.method === 'POST' && m && pending) {
      inflight.delete(pending.id);
      pending.done(m[2] === 'response' ? fromLambdaResponse(body) : { ...invocationFailed(), error: body });
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
      return;
    }
    if (req.method === 'POST' && url === `${API}/init/error`) {
      output += `[init error] ${body}\n`;
      res.writeHead(202).end('{"status":"OK"}');
      return;
    }
    res.writeHead(404).end();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const ensureProcess = () => {
    if (proc || closing) return;
    starts++;
    // The platform's system variables, as the preview sets them (its defaults: localhost:3000, 2048 MB).
    const child = spawn(binaryPath, [], { env: { AWS_LAMBDA_RUNTIME_API: api, ...opts.env, ...platformEnv(DEFAULT_HOST, DEFAULT_MEMORY) }, stdio: ['ignore', 'pipe', 'pipe'] });
    proc = child;
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    exited = new Promise((resolve) =>
      child.on('close', (code, signal) => {
        proc = undefined;
        waiting = undefined;
        for (const p of inflight.values()) p.done({ ...invocationFailed(), error: `the process exited (${signal ?? `code ${code}`}) before answering` });
        inflight.clear();
        // An invocation queued while this process was dying goes to its successor.
        if (queue.length > 0) ensureProcess();
        resolve();
      }),
    );
  };

  return {
    invoke(req, timeoutMs = 20_000) {
      ensureProcess();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bootstrap did not answer within ${timeoutMs} ms`)), timeoutMs);
        const event = JSON.stringify({ Action: 'Invoke', body: JSON.stringify(toBridgeRequest(req)) });
        queue.push({
          id: randomUUID(),
          event,
          done: (answer) => {
            clearTimeout(timer);
            resolve(answer);
          },
        });
        dispatch();
      });
    },
    output: () => output,
    starts: () => starts,
    async close() {
      closing = true;
      proc?.kill();
      await exited;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One request against a fresh process. */
export async function invokeBootstrap(binaryPath: string, req: PreviewRequest, opts: { env?: Record<string, string> } = {}): Promise<LambdaAnswer & { output: string }> {
  const b = await startBootstrap(binaryPath, opts);
  let answer: LambdaAnswer;
  try {
    answer = await b.invoke(req);
  } finally {
    await b.close();
  }
  return { ...answer, output: b.output() };
}

function fromLambdaResponse(json: string): LambdaAnswer {
  const res = JSON.parse(json) as BridgeHead & { encoding?: string; body?: string };
  const body = res.encoding === 'base64' ? fromBase64(res.body ?? '') : new TextEncoder().encode(res.body ?? '');
  return { status: res.statusCode, headers: headerPairs(res.headers), body };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => resolve(Buffer.concat(parts).toString()));
    req.on('error', reject);
  });
}
