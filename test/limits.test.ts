// The platform's edges in the CLI: a handler that writes without end gets
// Vercel's 413 and one that allocates without end the memory error, the
// process stays far from the gigabytes it used to reach (peak printed), and
// the next request meets a fresh instance.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/corpus.ts';
import { copyFixture, startDev, type DevProcess } from './support/dev-process.ts';
import { formatBytes, GiB, watchPeak } from './support/peak-memory.ts';

const fixture = join(repoRoot, 'test', 'fixtures', 'limits');

function invokeWithPeak(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; peak: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'gofn.mjs'), 'invoke', fixture, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const watch = watchPeak(() => [child.pid!]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, peak: watch.stop() }));
  });
}

const statusLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('HTTP/1.1 '));

describe('gofn invoke at the platform limits', () => {
  it('an endless response is answered 413 FUNCTION_PAYLOAD_TOO_LARGE; the next request meets a fresh instance', async () => {
    const r = await invokeWithPeak(['GET', '/api/flood', 'GET', '/api/flood?n=10']);
    console.log(`gofn invoke, endless response: peak memory ${formatBytes(r.peak)}`);
    expect(r.code).toBe(0);
    expect(statusLines(r.stdout)).toEqual(['HTTP/1.1 413 Request Entity Too Large', 'HTTP/1.1 200 OK']);
    expect(r.stdout).toContain('X-Vercel-Error: FUNCTION_PAYLOAD_TOO_LARGE');
    expect(r.stdout).toContain('Request Entity Too Large\n\nFUNCTION_PAYLOAD_TOO_LARGE\n');
    expect(r.stdout.trimEnd().endsWith('xxxxxxxxxx')).toBe(true);
    expect(r.stderr.match(/Starting a new instance/g)).toHaveLength(2);
    expect(r.peak).toBeLessThan(2.5 * GiB);
  }, 600_000);

  it('endless allocation stops at the 2048 MB default with a one-line reason and a trimmed trace; the next request meets a fresh instance', async () => {
    const r = await invokeWithPeak(['POST', '/api/hog', 'GET', '/api/hog']);
    console.log(`gofn invoke, endless allocation: peak memory ${formatBytes(r.peak)}`);
    expect(r.code).toBe(0);
    expect(statusLines(r.stdout)).toEqual(['HTTP/1.1 500 Internal Server Error', 'HTTP/1.1 200 OK']);
    expect(r.stdout).toContain('A server error has occurred\n\nFUNCTION_INVOCATION_FAILED\n');
    expect(r.stdout.trimEnd().endsWith('blocks=0')).toBe(true);
    const lines = r.stderr.split('\n');
    const reason = lines.findIndex((l) => l.startsWith('[gofn] Out of memory: the instance used up its 2048 MB'));
    expect(reason).toBeGreaterThanOrEqual(0);
    expect(lines[reason + 1]).toMatch(/^runtime: out of memory|^fatal error: out of memory/);
    expect(lines.length).toBeLessThan(120);
    expect(r.stderr.match(/Starting a new instance/g)).toHaveLength(2);
    expect(r.peak).toBeLessThan(2.5 * GiB);
  }, 600_000);
});

describe('gofn dev at the platform limits', () => {
  let dir: string;
  let dev: DevProcess;
  beforeAll(async () => {
    dir = copyFixture('limits');
    dev = await startDev(dir, ['--instances', '1']);
  }, 600_000);
  afterAll(async () => {
    await dev?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 413 and the memory error over HTTP, with a fresh instance after each', async () => {
    const watch = watchPeak(() => [dev.pid]);
    const flood = await fetch(`${dev.base}/api/flood`);
    expect(flood.status).toBe(413);
    expect(await flood.text()).toBe('Request Entity Too Large\n\nFUNCTION_PAYLOAD_TOO_LARGE\n');
    // Flushed first: the head is out, so the connection is cut at the limit.
    await expect(fetch(`${dev.base}/api/flood?flush=1`).then((r) => r.arrayBuffer())).rejects.toThrow();
    const hog = await fetch(`${dev.base}/api/hog`, { method: 'POST' });
    expect(hog.status).toBe(500);
    expect(await (await fetch(`${dev.base}/api/hog`)).text()).toBe('blocks=0\n');
    const peak = watch.stop();
    console.log(`gofn dev, endless response then endless allocation: peak memory ${formatBytes(peak)}`);
    expect(peak).toBeLessThan(2.5 * GiB);
    expect(dev.lines.some((l) => /^\[\/api\/hog( #\d+)?\] gofn: Out of memory/.test(l))).toBe(true);
    expect(dev.lines).toContainEqual(expect.stringMatching(/^gofn dev: \/api\/hog passed 1\.\d\d GiB: the idle engine thread was stopped/));
    // The next build starts a new engine thread.
    const file = join(dir, 'api', 'flood.go');
    writeFileSync(file, readFileSync(file, 'utf8').replace('without end', 'with no end'));
    expect((await fetch(`${dev.base}/api/flood?n=3`)).status).toBe(200);
  }, 600_000);
});
