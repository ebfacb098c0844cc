// The HTTP endpoint builds with the same engine as the CLI.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/node/server.ts';
import { nodeEngine } from '../src/node/engine-host.ts';

const server = buildServer(nodeEngine());
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const hello = `package api

import (
\t"fmt"
\t"net/http"
)

func Hi(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "hi") }
`;

describe('gofn serve', () => {
  it('lists versions', async () => {
    const res = await fetch(`${base}/versions`);
    expect(((await res.json()) as { versions: string[] }).versions.length).toBeGreaterThanOrEqual(2);
  });

  it('builds a project to an ELF bootstrap', async () => {
    const res = await fetch(`${base}/build`, { method: 'POST', body: JSON.stringify({ files: { 'api/hi.go': hello }, target: 'linux/amd64' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { routes: { route: string; handler: string; binary: string }[] };
    expect(body.routes.map((r) => [r.route, r.handler])).toEqual([['/api/hi', 'Hi']]);
    expect(Buffer.from(body.routes[0]!.binary, 'base64').subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  });

  it('answers 422 with located diagnostics for a broken project', async () => {
    const res = await fetch(`${base}/build`, { method: 'POST', body: JSON.stringify({ files: { 'api/hi.go': hello.replace('"hi")', '"hi"') } }) });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { diagnostics: { location?: { file: string; line: number } }[] };
    expect(body.diagnostics[0]!.location).toMatchObject({ file: 'api/hi.go', line: 8 });
  });

  it('rejects paths that leave the project', async () => {
    const res = await fetch(`${base}/build`, { method: 'POST', body: JSON.stringify({ files: { '../x.go': hello } }) });
    expect(res.status).toBe(400);
  });
});
