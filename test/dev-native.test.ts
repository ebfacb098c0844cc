// The same requests to `gofn dev` and to a native `go build` of the same
// handlers served by net/http (the platform stand-in of the corpus check):
// the same status, headers — framing included: Content-Length or chunked —
// and body. Left out: Date, the connection headers Node and Go word
// differently, and the headers the platform adds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRequest } from './support/corpus.ts';
import { copyFixture, startDev, type DevProcess } from './support/dev-process.ts';
import type { ObservedResponse } from './support/expect.ts';
import { harnessDir, writeHarness } from './support/native-harness.ts';
import { runGo } from './support/native.ts';
import { fetchAll, serveCase } from './support/native-serve.ts';
import { readProject } from '../src/node/project.ts';

// The fixture's go.mod says go 1.24, so gofn builds it with the 1.24 bundle.
const goVersion = '1.24.11';
const requests: Pick<CaseRequest, 'method' | 'url' | 'headers' | 'body'>[] = [
  { method: 'GET', url: '/api/hello' },
  { method: 'GET', url: '/api/users/42?x=1' },
  { method: 'GET', url: '/api/users/gopher_7?page=2&sort=name' },
  { method: 'POST', url: '/api/echo?status=created', headers: [['Content-Type', 'application/json'], ['X-Demo', 'yes']], body: '{"a":1}' },
  { method: 'PUT', url: '/api/echo?pad=1500', body: 'x' },
  { method: 'GET', url: '/api/echo?pad=1800' },
  { method: 'GET', url: '/api/echo?pad=5000' },
  { method: 'DELETE', url: '/api/echo?pad=100000' },
  { method: 'GET', url: '/api/stream?gap=30' },
  { method: 'GET', url: '/api/count' },
  { method: 'GET', url: '/api/count' },
];
const platformOnly = new Set(['date', 'connection', 'keep-alive', 'server', 'x-vercel-id', 'x-vercel-cache']);

let dir: string;
let scratch: string;
let dev: DevProcess;
let native: ObservedResponse[];

beforeAll(async () => {
  dir = copyFixture('dev');
  scratch = mkdtempSync(join(tmpdir(), 'gofn-dev-native-'));
  writeHarness(await readProject(dir), scratch, goVersion);
  const bin = join(scratch, 'server');
  const b = await runGo({ dir: scratch, goVersion, env: { GOOS: 'linux', GOARCH: 'amd64' }, args: ['build', '-o', bin, `./${harnessDir}`] });
  if (b.code !== 0) throw new Error(b.stderr);
  native = (await serveCase(bin, requests)).responses;
  dev = await startDev(dir, ['--instances', '1']);
}, 900_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function comparable(r: ObservedResponse, nativeHas: Set<string>) {
  return {
    status: r.status,
    // Cache-Control is the platform's default only when the handler set none.
    headers: r.headers.filter(([k]) => !platformOnly.has(k) && (k !== 'cache-control' || nativeHas.has(k))),
    body: Buffer.from(r.body).toString('base64'),
  };
}

describe('gofn dev answers as net/http does', () => {
  it.each(requests.map((r, i) => [`${r.method} ${r.url}`, i] as const))('%s', async (_name, i) => {
    const [got] = await fetchAll(dev.base, [requests[i]!]);
    const want = native[i]!;
    const nativeHas = new Set(want.headers.map(([k]) => k));
    expect(comparable(got!, nativeHas)).toEqual(comparable(want, nativeHas));
  });
});
