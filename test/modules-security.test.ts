// Module integrity against a lying proxy on loopback (test/support/goproxy):
// it serves tampered zips and go.mod files while its checksum database keeps
// the honest hashes, a zip that escapes its directory, and, under /fork/, a
// checksum database whose log forks from the one the engine saw first.
// Every one must be refused with go's security error, and nothing refused
// may reach the module cache.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diskStore } from '../src/node/host.ts';
import { nodeEngine } from '../src/node/engine-host.ts';
import { formatDiagnostic, type Engine, type ProjectFiles } from '../src/core/types.ts';
import { simpleModule, startProxy, writeModule, type TestProxy } from './support/goproxy.ts';
import { projectFiles } from './support/module-universe.ts';
import { hostGoVersion, runGo } from './support/native.ts';

const minutes = 60_000;
const scratch = mkdtempSync(join(tmpdir(), 'gofn-modsec-'));
const storeDir = join(scratch, 'store');
let proxy: TestProxy;
let engine: Engine;
let env: Record<string, string>;

function zipOf(prefix: string, files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [`${prefix}/${name}`, strToU8(text)])));
}

beforeAll(async () => {
  const root = join(scratch, 'modules');
  for (const name of ['tz', 'tm', 'evil', 'nosum', 'late', 'zipsum']) writeModule(root, `example.com/${name}`, 'v1.0.0', simpleModule(`example.com/${name}`));
  // Served instead of what the directories hold; the checksum database keeps the honest hashes.
  const tampered = simpleModule('example.com/tz');
  tampered['tz.go'] = 'package tz\n\nfunc Name() string { return "tampered" }\n';
  writeFileSync(join(root, 'example.com/tz@v1.0.0.zip'), zipOf('example.com/tz@v1.0.0', tampered));
  writeFileSync(join(root, 'example.com/tm@v1.0.0.mod'), 'module example.com/tm\n\ngo 1.21\n\nrequire example.com/evil v1.0.0\n');
  writeFileSync(
    join(root, 'example.com/evil@v1.0.0.zip'),
    zipOf('example.com/evil@v1.0.0', { ...simpleModule('example.com/evil'), '../escape.go': 'package evil\n' }),
  );
  proxy = await startProxy(root);
  env = { GOPROXY: proxy.url, GOSUMDB: proxy.sumdbKey };
  engine = nodeEngine({ cacheDir: storeDir });
}, 5 * minutes);
afterAll(() => {
  proxy?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The honest go.sum lines, as the checksum database records them. */
async function honestSum(path: string): Promise<string> {
  const record = await (await fetch(`${proxy.url}/sumdb/${proxy.sumdbName}/lookup/${path}@v1.0.0`)).text();
  return record.split('\n').filter((l) => l.startsWith(`${path} `)).join('\n') + '\n';
}

function project(name: string, goSum?: string): ProjectFiles {
  const files: ProjectFiles = projectFiles({ name, goMod: `module example.com/app\n\ngo 1.26\n\nrequire example.com/${name} v1.0.0\n`, imports: [`example.com/${name}`] });
  if (goSum !== undefined) files['go.sum'] = goSum;
  return files;
}

async function cachedZips(name: string): Promise<string[]> {
  return diskStore(storeDir).keys(`gomod/zip/example.com/${name}@`);
}

/** Native go's answer for the same project and proxy. */
async function nativeStderr(files: ProjectFiles, args: string[]): Promise<string> {
  const dir = join(scratch, 'native', String(Math.random()).slice(2));
  for (const [p, d] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), d);
  }
  const r = await runGo({
    dir,
    goVersion: hostGoVersion(),
    env: { ...env, GOPATH: join(scratch, 'gopath'), GOMODCACHE: join(scratch, 'gomodcache'), GOFLAGS: '-modcacherw', GONOSUMDB: '' },
    args,
  });
  expect(r.code).not.toBe(0);
  return r.stderr;
}

async function failure(files: ProjectFiles, extraEnv: Record<string, string> = {}, tidy = false): Promise<string> {
  const built = await engine.build({ files, target: 'linux/amd64', env: { ...env, ...extraEnv }, tidy });
  expect(built.ok, 'the build must fail').toBe(false);
  return built.ok ? '' : built.diagnostics.map((d) => d.message).join('\n');
}

describe('integrity', () => {
  test('a zip that does not match go.sum is refused with go\'s security error and not cached', async () => {
    const files = project('tz', await honestSum('example.com/tz'));
    const message = await failure(files);
    const native = await nativeStderr(files, ['build', './api']);
    const mismatch = /verifying example\.com\/tz@v1\.0\.0: checksum mismatch\n\tdownloaded: (h1:\S+)\n\tgo\.sum: +(h1:\S+)/;
    expect(message).toMatch(mismatch);
    expect(message).toContain('SECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.');
    expect(mismatch.exec(message)!.slice(1)).toEqual(mismatch.exec(native)!.slice(1));
    expect(await cachedZips('tz')).toEqual([]);
  }, 5 * minutes);

  test('a zip go.sum lacks is checked against the checksum database, and a mismatch refused', async () => {
    const message = await failure(project('tz'));
    expect(message).toMatch(new RegExp(`example\\.com/tz@v1\\.0\\.0: verifying module: checksum mismatch\\n\\tdownloaded: h1:\\S+\\n\\t${proxy.sumdbName.replace(/\./g, '\\.')}: h1:\\S+`));
    expect(message).toContain('This download does NOT match the one reported by the checksum server.');
    expect(await cachedZips('tz')).toEqual([]);
  }, 5 * minutes);

  test('a go.mod that does not match go.sum is refused', async () => {
    const message = await failure(project('tm', await honestSum('example.com/tm')));
    const native = await nativeStderr(project('tm', await honestSum('example.com/tm')), ['build', './api']);
    expect(message).toMatch(/verifying example\.com\/tm@v1\.0\.0\/go\.mod: checksum mismatch\n\tdownloaded: h1:\S+\n\tgo\.sum: +h1:\S+/);
    expect(native).toContain('verifying example.com/tm@v1.0.0/go.mod: checksum mismatch');
  }, 5 * minutes);

  test('a zip with a ../ path is refused by go\'s zip rules and not cached', async () => {
    const message = await failure(project('evil'), { GONOSUMDB: 'example.com/evil' });
    expect(message).toContain('example.com/evil@v1.0.0: module zip refused:');
    expect(message).toContain('example.com/evil@v1.0.0/../escape.go');
    expect(await cachedZips('evil')).toEqual([]);
  }, 5 * minutes);
});

describe('the checksum database', () => {
  test('verifies a module go.sum does not list, then proposes its lines', async () => {
    proxy.clearLog();
    const built = await engine.build({ files: project('nosum'), target: 'linux/amd64', env });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    const native = await nativeStderr(project('nosum'), ['build', './api']);
    expect(built.diagnostics.map(formatDiagnostic).join('\n')).toBe(native.trim());
    expect(proxy.requests()).toContain(`/sumdb/${proxy.sumdbName}/lookup/example.com/nosum@v1.0.0`);
    expect(built.modules?.proposal?.goSum).toBe(await honestSum('example.com/nosum'));
    const tidy = await engine.build({ files: project('nosum'), target: 'linux/amd64', env, tidy: true });
    expect(tidy.ok, JSON.stringify(tidy.ok ? '' : tidy.diagnostics)).toBe(true);
    // The verified tree head is kept for the next build to check against.
    expect(await diskStore(storeDir).keys(`gomod/sumdb/config/${proxy.sumdbName}/`)).toEqual([`gomod/sumdb/config/${proxy.sumdbName}/latest`]);
  }, 10 * minutes);

  test('refuses a later tree that is not consistent with the kept one (a forked log)', async () => {
    const before = readFileSync(join(storeDir, 'gomod', 'sumdb', 'config', encodeURIComponent(proxy.sumdbName), 'latest$'));
    const message = await failure(project('late'), { GOPROXY: `${proxy.url}/fork` }, true);
    expect(message).toContain('SECURITY ERROR');
    expect(message).toContain('go.sum database server misbehavior detected!');
    expect(await cachedZips('late')).toEqual([]);
    // The kept tree is still the honest one.
    expect(readFileSync(join(storeDir, 'gomod', 'sumdb', 'config', encodeURIComponent(proxy.sumdbName), 'latest$'))).toEqual(before);
  }, 5 * minutes);
});
