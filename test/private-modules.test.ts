// Private modules from git (GOPRIVATE + GIT_CREDENTIALS), end to end on
// loopback: a git host that wants basic auth (git's own http-backend), its
// ?go-get=1 pages, a public module on the tests' module proxy, and
// - direct mode's zips hash exactly as golang.org/x/mod/zip.CreateFromVCS +
//   dirhash make them from the same repository and revisions;
// - `gofn build` of a handler importing them is byte-identical to native
//   `go build` from a GOPROXY directory of those zips, and `gofn invoke` and
//   `gofn serve` take the same path;
// - no credential, a wrong token, a host the pass-through does not allow:
//   each its own sentence, no stack, nothing cached;
// - the token appears in no output, message, kept source, output tree or
//   module cache key or file.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/core/engine.ts';
import { parseProtocolPath } from '../src/core/modules/protocol-path.ts';
import type { Engine } from '../src/core/types.ts';
import { DirectMode } from '../src/core/vcs/direct.ts';
import { gitPass } from '../src/node/git-pass.ts';
import { diskStore, localFetcher } from '../src/node/host.ts';
import { buildServer } from '../src/node/server.ts';
import { nodeEngine, repoRoot } from '../src/node/engine-host.ts';
import { stackTraceIn } from './support/gofn-cli.ts';
import { hash1 } from './support/goproxy-layout.ts';
import { goVersionM, nativeBuild } from './support/native.ts';
import { GIT_TOKEN, GIT_USER, startPrivateFixture, type PrivateFixture } from './support/private-project.ts';
import { PRIVATE_HOST, PRIVATE_MODULE } from './support/private-repo.ts';
import { runProcess } from './support/spawn.ts';

const work = join(tmpdir(), 'gofn-private-modules');
const secretForms = [GIT_TOKEN, Buffer.from(`${GIT_USER}:${GIT_TOKEN}`).toString('base64'), encodeURIComponent(GIT_TOKEN)];
let fx: PrivateFixture;

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  fx = await startPrivateFixture(join(work, 'fixture'));
});
afterAll(async () => {
  await fx?.close();
});

function writeProject(dir: string, files: Record<string, string>): string {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Every file under dir: its path (the cache's keys) and its bytes. */
function walk(dir: string): { path: string; data: Buffer }[] {
  if (!existsSync(dir)) return [];
  const out: { path: string; data: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push({ path: p, data: Buffer.alloc(0) }, ...walk(p));
    else out.push({ path: p, data: readFileSync(p) });
  }
  return out;
}

function expectNoSecret(where: string, text: string | Buffer): void {
  for (const s of secretForms) expect(Buffer.from(text).includes(s), `${where} holds the token`).toBe(false);
}

function gofn(args: string[], env: Record<string, string>) {
  return runProcess(process.execPath, [join(repoRoot, 'bin', 'gofn.mjs'), ...args], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 580_000 });
}

describe('direct mode', () => {
  it('lists versions from tags and makes zips that hash as zip.CreateFromVCS + dirhash', async () => {
    const direct = new DirectMode({ fetcher: (u, i) => fetch(u, i) }).forBuild({ env: fx.env });
    const get = async (p: string): Promise<Uint8Array> => {
      const out = await direct.get(parseProtocolPath(p)!);
      if ('error' in out) throw new Error(`${p}: ${out.error.message}`);
      return out.data;
    };
    const text = async (p: string): Promise<string> => new TextDecoder().decode(await get(p));
    expect(await text(`${PRIVATE_MODULE}/@v/list`)).toBe('v1.0.0\nv1.1.0\n');
    expect(await text(`${PRIVATE_MODULE}/v2/@v/list`)).toBe('v2.0.0\n');
    expect(await text(`${PRIVATE_MODULE}/tools/@v/list`)).toBe('v0.1.0\n');
    // A branch and the default branch resolve to pseudo-versions based on the highest tag below them.
    expect(JSON.parse(await text(`${PRIVATE_MODULE}/@v/main.info`))).toEqual({ Version: fx.pseudo, Time: '2024-03-04T10:00:00Z' });
    expect(JSON.parse(await text(`${PRIVATE_MODULE}/@v/feature.info`)).Version).toBe(`v1.1.1-0.20240305100000-${fx.repo.feature.slice(0, 12)}`);
    expect(await text(`${PRIVATE_MODULE}/@v/${fx.pseudo}.mod`)).toBe(`module ${PRIVATE_MODULE}\n\ngo 1.22\n`);
    for (const [key, want] of fx.vcsSums) {
      const [path, version] = key.split(' ') as [string, string];
      const zip = unzipSync(await get(`${path}/@v/${version}.zip`));
      expect(hash1(Object.entries(zip)), `${path}@${version}`).toBe(want);
    }
    // A pseudo-version that names the wrong time is refused, as go refuses it.
    const bad = await direct.get(parseProtocolPath(`${PRIVATE_MODULE}/@v/${fx.pseudo.replace('20240304100000', '20240304100001')}.zip`)!);
    expect('error' in bad && bad.error.message).toMatch(/does not match version-control timestamp \(expected 20240304100000\)/);
  });
});

describe('gofn build with GOPRIVATE and GIT_CREDENTIALS', () => {
  it('builds the handler byte-identical to native go build from the CreateFromVCS zips, and the token shows nowhere', async () => {
    const dir = writeProject(join(work, 'project'), fx.project);
    const cache = join(work, 'cache-ok');
    const out = join(work, 'out');
    const keep = join(work, 'kept');
    for (const d of [cache, out, keep]) rmSync(d, { recursive: true, force: true });
    // The secret comes from the environment, not the command line.
    const run = await gofn(['build', dir, '--json', '--out', out, '--keep-sources', keep, '--env', "GO_BUILD_FLAGS=-ldflags='-s -w -buildid='"], { ...fx.env, GOFN_CACHE: cache });
    expect(run.code, run.stderr).toBe(0);
    const built = JSON.parse(run.stdout) as { goVersion: string; routes: { route: string; output: string; sha256: string; native: { cwd: string; env: Record<string, string>; args: string[] } }[] };
    expect(built.routes.map((r) => r.route)).toEqual(['/api']);
    const r = built.routes[0]!;
    const ours = readFileSync(resolve(out, r.output));
    const native = await nativeBuild({
      dir: resolve(keep, r.native.cwd),
      goVersion: built.goVersion,
      env: { ...r.native.env, GOPROXY: `file://${fx.vcsProxyDir},${fx.proxy.url}`, GOSUMDB: 'off', GOFLAGS: `${r.native.env.GOFLAGS ?? ''} -mod=mod -modcacherw`.trim(), GOMODCACHE: join(work, 'native-modcache') },
      args: r.native.args,
    });
    expect(Buffer.compare(ours, Buffer.from(native)), 'bootstrap bytes equal native go build').toBe(0);
    const nativePath = join(work, 'native-bootstrap');
    writeFileSync(nativePath, native);
    expect(await goVersionM(resolve(out, r.output))).toEqual(await goVersionM(nativePath));
    // The secret: in no output, no kept source, no output tree file, no cache key or cache file.
    expectNoSecret('stdout', run.stdout);
    expectNoSecret('stderr', run.stderr);
    for (const f of [...walk(out), ...walk(keep), ...walk(cache)]) {
      expectNoSecret(f.path, f.path);
      expectNoSecret(f.path, f.data);
    }
    expect(walk(cache).some((f) => /gomod.*team\/private/.test(f.path.slice(cache.length)))).toBe(true);
  });

  it.each([
    ['no credential', {}, /GIT_CREDENTIALS has no credential for git\.gofn\.test/],
    ['a wrong token', { GIT_CREDENTIALS: `https://${GIT_USER}:wrong-${GIT_TOKEN.slice(0, 5)}@${PRIVATE_HOST}` }, /credential for git\.gofn\.test in GIT_CREDENTIALS was refused/],
  ])('with %s: a 401 sentence naming the host and the variable, no stack, nothing cached', async (_name, creds, want) => {
    const dir = writeProject(join(work, 'project-bad'), fx.project);
    const cache = join(work, `cache-${_name.replace(/\W+/g, '-')}`);
    rmSync(cache, { recursive: true, force: true });
    const env: Record<string, string> = { ...fx.env, GIT_CREDENTIALS: '', ...creds, GOFN_CACHE: cache };
    const run = await gofn(['build', dir], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(want);
    expect(run.stderr).toMatch(/401 Unauthorized/);
    expect(stackTraceIn(run.stderr + run.stdout)).toBeUndefined();
    expectNoSecret('stderr', run.stderr);
    expect(walk(cache).filter((f) => /gomod.*team\/private/.test(f.path.slice(cache.length))).map((f) => f.path)).toEqual([]);
  });
});

describe('go.sum for private modules', () => {
  it('skips the checksum database (GOPRIVATE implies GONOSUMDB) but the hashes still land in go.sum, equal to CreateFromVCS', async () => {
    // GOSUMDB names the loopback database, which knows nothing of git.gofn.test: asking it would fail the build.
    const goSum = fx.project['go.sum']!.split('\n').filter((l) => !l.includes(PRIVATE_HOST)).join('\n');
    const engine = nodeEngine({ cacheDir: join(work, 'cache-tidy') });
    const result = await engine.build({ files: { ...fx.project, 'go.sum': goSum }, target: 'wasip1/wasm', env: fx.env, tidy: true });
    expect(result.ok, JSON.stringify(!result.ok && result.diagnostics)).toBe(true);
    const proposed = result.modules?.proposal?.goSum ?? '';
    for (const line of fx.project['go.sum']!.trim().split('\n')) expect(proposed).toContain(line);
    expectNoSecret('proposal', JSON.stringify(result.modules));
  });
});

describe('the same path in gofn invoke and gofn serve', () => {
  it('gofn invoke answers with the private modules compiled in', async () => {
    const dir = writeProject(join(work, 'project-invoke'), fx.project);
    const run = await gofn(['invoke', dir, 'GET', '/api'], { ...fx.env, GOFN_CACHE: join(work, 'cache-invoke') });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('hello from the private module v1.1.0 untagged hello you from v2 tool public');
    expectNoSecret('stdout', run.stdout);
    expectNoSecret('stderr', run.stderr);
  });

  it('gofn serve builds it with the env of the request', async () => {
    const server = buildServer(nodeEngine({ cacheDir: join(work, 'cache-serve') }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/build`, { method: 'POST', body: JSON.stringify({ files: fx.project, target: 'linux/amd64', env: fx.env }) });
      const text = await res.text();
      expect(res.status, text.slice(0, 2000)).toBe(200);
      expectNoSecret('serve answer', text);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('through the git pass-through (the browser path)', () => {
  let pass: Server;
  let passBase = '';
  let allowed: string[] = [];
  const logs: string[] = [];
  beforeAll(async () => {
    const mw = (hosts: string[]) => gitPass({ hosts, hostMap: `${PRIVATE_HOST}=${fx.git.url}` });
    pass = createServer((req, res) => {
      logs.push(`${req.method} ${req.url}`);
      mw(allowed)(req, res, () => res.writeHead(404).end());
    });
    await new Promise<void>((r) => pass.listen(0, '127.0.0.1', r));
    passBase = `http://127.0.0.1:${(pass.address() as AddressInfo).port}/_gofn/git/`;
  });
  afterAll(() => new Promise<void>((r) => pass.close(() => r())));

  const engineThroughPass = (cache: string): Engine =>
    createEngine({ fetcher: localFetcher(join(repoRoot, 'toolchains')), store: diskStore(cache), toolchainBase: '', goproxy: fx.proxy.url, gitPassThrough: passBase });
  // The page's build env: GOFN_HOST_MAP is the server's business there, not the page's.
  const pageEnv = (): Record<string, string> => Object.fromEntries(Object.entries(fx.env).filter(([k]) => k !== 'GOFN_HOST_MAP'));

  it('refuses a host it does not allow, with a sentence saying how to allow it, and caches nothing', async () => {
    allowed = ['github.com'];
    const cache = join(work, 'cache-pass-refused');
    rmSync(cache, { recursive: true, force: true });
    const result = await engineThroughPass(cache).build({ files: fx.project, target: 'wasip1/wasm', env: pageEnv() });
    expect(result.ok).toBe(false);
    const text = !result.ok ? result.diagnostics.map((d) => d.message).join('\n') : '';
    expect(text).toMatch(/git pass-through does not forward to git\.gofn\.test.*GOFN_GIT_HOSTS=git\.gofn\.test/);
    expectNoSecret('diagnostics', text);
    expect(walk(cache).filter((f) => /gomod.*team\/private/.test(f.path.slice(cache.length))).map((f) => f.path)).toEqual([]);
  });

  it('builds through it once the host is allowed', async () => {
    allowed = [PRIVATE_HOST];
    const result = await engineThroughPass(join(work, 'cache-pass')).build({ files: fx.project, target: 'wasip1/wasm', env: pageEnv() });
    expect(result.ok, JSON.stringify(!result.ok && result.diagnostics)).toBe(true);
    expect(logs.some((l) => l.includes('/info/refs?service=git-upload-pack'))).toBe(true);
    for (const l of logs) expectNoSecret('pass-through request line', l);
  });
});
