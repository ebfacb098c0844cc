// `gofn invoke` end to end: the CLI builds the preview module with the wasm
// toolchain and answers requests from one warm instance.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess } from './support/spawn.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const project = 'test/fixtures/invoke';

function invoke(args: string[]) {
  return runProcess(process.execPath, ['bin/gofn.mjs', 'invoke', project, ...args], { cwd: repo });
}

describe('gofn invoke', () => {
  it('GET with headers and query: status line, headers, blank line, body; logs on stderr', async () => {
    const r = await invoke(['GET', '/api/echo?a=1&b=two', '-H', 'X-Trace: abc', '-H', 'Accept: text/plain']);
    expect(r.code).toBe(0);
    const [head, body] = r.stdout.split('\n\n');
    expect(head!.split('\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(head).toContain('X-Echo-Method: GET');
    expect(head).toContain('Content-Type: text/plain; charset=utf-8');
    expect(body).toContain('method=GET\npath=/api/echo\nquery=a=1&b=two\n');
    expect(body).toContain('header X-Trace=abc\n');
    expect(body).toContain('header Accept=text/plain\n');
    expect(r.stdout).not.toContain('echoed');
    expect(r.stderr).toContain('echoed GET /api/echo');
  });

  it('POST with a body', async () => {
    const r = await invoke(['POST', '/api/echo', '-H', 'Content-Type: application/json', '-d', '{"name":"gopher"}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('method=POST');
    expect(r.stdout).toContain('body={"name":"gopher"}\n');
    expect(r.stdout).toContain('header Content-Type=application/json');
  });

  it('a dynamic segment reaches the handler as a query parameter, the path unchanged', async () => {
    const r = await invoke(['GET', '/api/items/42?x=1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('item 42 at /api/items/42\n');
  });

  it('keeps state across requests in one instance', async () => {
    const r = await invoke(['GET', '/api/count', 'GET', '/api/count']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hits=1\n');
    expect(r.stdout).toContain('hits=2\n');
  });

  it('a panic answers 500 and puts the stack in the logs', async () => {
    const r = await invoke(['GET', '/api/boom']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('HTTP/1.1 500 Internal Server Error');
    expect(r.stderr).toContain('assignment to entry in nil map');
    expect(r.stderr).toMatch(/goroutine \d+ \[running\]/);
    expect(r.stderr).toContain('api/boom.go:');
  });

  it('an infinite loop is stopped at the timeout with a clear message', async () => {
    const r = await invoke(['GET', '/api/spin', '--timeout', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('HTTP/1.1 504 Gateway Timeout');
    expect(r.stdout + r.stderr).toContain('did not answer within 2 s');
  });

  it('an unknown path names the routes there are', async () => {
    const r = await invoke(['GET', '/api/nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no route answers /api/nope');
    expect(r.stderr).toContain('/api/echo');
  });
});

describe('the command line', () => {
  const gofn = (args: string[]) => runProcess(process.execPath, ['bin/gofn.mjs', ...args], { cwd: repo });

  it('an unknown option or a missing value gets one line and the command\'s usage, not a stack trace', async () => {
    for (const [args, line] of [
      [['build', project, '--bogus'], "gofn build: Unknown option '--bogus'"],
      [['invoke', project, 'GET', '/api/echo', '--timeout'], "gofn invoke: Option '--timeout <value>' argument missing"],
    ] as const) {
      const r = await gofn([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(line);
      expect(r.stderr).toContain(`usage:\n  gofn ${args[0]} `);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('--help after a command prints its usage and succeeds', async () => {
    const r = await gofn(['build', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage:\n {2}gofn build <dir>/);
  });
});
