// Runs a natively built harness server (see native-harness.ts) and sends it a
// case's requests in order, over real HTTP on loopback.
import { spawn } from 'node:child_process';
import type { CaseRequest } from './corpus.ts';
import type { ObservedResponse } from './expect.ts';

export interface ServedCase {
  responses: ObservedResponse[];
  /** Everything the process wrote to stdout and stderr. */
  logs: string;
}

export function observedHeaders(h: Headers): [string, string][] {
  const out: [string, string][] = [];
  h.forEach((value, name) => {
    if (name !== 'set-cookie') out.push([name, value]);
  });
  for (const c of h.getSetCookie()) out.push(['set-cookie', c]);
  return out;
}

/** Sends the requests in order and records each answer as a client sees it. */
export async function fetchAll(base: string, requests: Pick<CaseRequest, 'method' | 'url' | 'headers' | 'body'>[]): Promise<ObservedResponse[]> {
  const responses: ObservedResponse[] = [];
  for (const req of requests) {
    const res = await fetch(`${base}${req.url}`, { method: req.method, headers: req.headers, body: req.body, redirect: 'manual' });
    responses.push({ status: res.status, headers: observedHeaders(res.headers), body: new Uint8Array(await res.arrayBuffer()) });
  }
  return responses;
}

export async function serveCase(binary: string, requests: Pick<CaseRequest, 'method' | 'url' | 'headers' | 'body'>[]): Promise<ServedCase> {
  const child = spawn(binary, [], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
  let logs = '';
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  const address = await new Promise<string>((done, fail) => {
    let seen = '';
    child.stdout.on('data', (b: Buffer) => {
      logs += b.toString('utf8');
      seen += b.toString('utf8');
      const m = /gofn-harness listening (\S+)\n/.exec(seen);
      if (m) done(m[1]!);
    });
    child.stderr.on('data', (b: Buffer) => (logs += b.toString('utf8')));
    child.on('error', fail);
    void exited.then(() => fail(new Error(`harness exited before listening:\n${logs}`)));
  });
  let responses: ObservedResponse[];
  try {
    responses = await fetchAll(`http://${address}`, requests);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return { responses, logs };
}
