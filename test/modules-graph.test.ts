// Module graphs against native `go list -m all`, over a module proxy and
// checksum database on loopback (test/support/goproxy, built from
// golang.org/x/mod's zip and sumdb server types) serving modules this test
// writes. Each graph's go.sum is made by native go; gofn's build list must
// equal go's, its errors go's, and what it proposes for a missing
// requirement what `go mod tidy` writes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeEngine } from '../src/node/engine-host.ts';
import { formatListed } from '../src/node/modules-cmd.ts';
import type { Engine, ProjectFiles } from '../src/core/types.ts';
import { startProxy, type TestProxy } from './support/goproxy.ts';
import { graphCases, missingCase, projectFiles, tooNewCase, writeUniverse, type GraphCase } from './support/module-universe.ts';
import { goVersionM, hostGoVersion, nativeBuild, runGo } from './support/native.ts';

const minutes = 60_000;
const scratch = mkdtempSync(join(tmpdir(), 'gofn-modgraph-'));
let proxy: TestProxy;
let engine: Engine;
let env: Record<string, string>;

beforeAll(async () => {
  writeUniverse(join(scratch, 'modules'));
  proxy = await startProxy(join(scratch, 'modules'));
  env = { GOPROXY: proxy.url, GOSUMDB: proxy.sumdbKey };
  engine = nodeEngine({ cacheDir: join(scratch, 'store') });
}, 5 * minutes);
afterAll(() => {
  proxy?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function nativeEnv(): Record<string, string> {
  // GOPATH holds go's own checksum database state (pkg/sumdb), which must not outlive this proxy's key.
  return { ...env, GOPATH: join(scratch, 'gopath'), GOMODCACHE: join(scratch, 'gomodcache'), GOFLAGS: '-modcacherw', GONOSUMDB: '', GOPRIVATE: '' };
}

function writeProject(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

/**
 * The project with the go.sum native go writes for it (go.mod as go leaves
 * it): go.mod checksums for `go list -m all`, and with forBuild those of the
 * zips the handler's packages come from.
 */
async function withNativeSums(c: GraphCase, forBuild = false): Promise<{ dir: string; files: ProjectFiles }> {
  const dir = join(scratch, 'projects', c.name.replace(/\W+/g, '-'));
  writeProject(dir, projectFiles(c));
  const args = forBuild ? ['build', '-o', '/dev/null', './api'] : ['list', '-m', 'all'];
  const r = await runGo({ dir, goVersion: hostGoVersion(), env: { ...nativeEnv(), GOFLAGS: '-modcacherw -mod=mod' }, args });
  expect(r.code, `native go ${args.join(' ')} with -mod=mod:\n${r.stderr}`).toBe(0);
  const files: ProjectFiles = { ...projectFiles(c), 'go.mod': readFileSync(join(dir, 'go.mod'), 'utf8') };
  try {
    files['go.sum'] = readFileSync(join(dir, 'go.sum'), 'utf8');
  } catch {
    // no module needed a checksum
  }
  return { dir, files };
}

describe('build list equals native go list -m all', () => {
  test.each(graphCases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { dir, files } = await withNativeSums(c);
    const native = await runGo({ dir, goVersion: hostGoVersion(), env: nativeEnv(), args: ['list', '-m', 'all'] });
    expect(native.code, native.stderr).toBe(0);
    const ours = await engine.listModules({ files, env });
    expect(ours.ok, JSON.stringify(ours)).toBe(true);
    if (!ours.ok) return;
    expect(ours.modules.buildList.map(formatListed)).toEqual(native.stdout.trim().split('\n'));
  }, 5 * minutes);

  test('a retracted version is selected with go get\'s warning', async () => {
    const c = graphCases.find((g) => g.name === 'retract')!;
    const { dir, files } = await withNativeSums(c, true);
    const native = await runGo({ dir, goVersion: hostGoVersion(), env: nativeEnv(), args: ['list', '-m', '-u', '-json', 'example.com/rt'] });
    expect(JSON.parse(native.stdout).Retracted).toEqual(['broken: do not use']);
    const built = await engine.build({ files, target: 'linux/amd64', env });
    expect(built.ok, JSON.stringify(built)).toBe(true);
    expect(built.modules?.warnings.map((w) => w.message)).toEqual([
      'warning: example.com/rt@v1.0.0: retracted by module author: broken: do not use',
      'to switch to the latest unretracted version, run:\n\tgo get example.com/rt@latest',
    ]);
  }, 10 * minutes);

  test('a dependency whose go line is too new for the toolchain fails with go\'s error', async () => {
    const dir = join(scratch, 'projects', 'too-new');
    writeProject(dir, projectFiles(tooNewCase));
    // go refuses to download it, so go.sum comes from the checksum database's record.
    const record = await (await fetch(`${proxy.url}/sumdb/${proxy.sumdbName}/lookup/example.com/newgo@v1.0.0`)).text();
    const goSum = record.split('\n').filter((l) => l.startsWith('example.com/newgo ')).join('\n') + '\n';
    writeFileSync(join(dir, 'go.sum'), goSum);
    const native = await runGo({ dir, goVersion: hostGoVersion(), env: nativeEnv(), args: ['build', './api'] });
    expect(native.stderr).toContain(`go: example.com/newgo@v1.0.0 requires go >= 1.30 (running go ${hostGoVersion()}; GOTOOLCHAIN=local)`);
    const files: ProjectFiles = { ...projectFiles(tooNewCase), 'go.sum': goSum };
    const built = await engine.build({ files, target: 'linux/amd64', env });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    // The same sentence, with the GOTOOLCHAIN gofn stands for.
    expect(built.diagnostics.map((d) => d.message)).toEqual([`example.com/newgo@v1.0.0 requires go >= 1.30 (running go ${hostGoVersion()}; GOTOOLCHAIN=go${hostGoVersion()})`]);
  }, 5 * minutes);
});

// What the built binaries link must be what native go links: same bytes
// (with -buildid=, as the differential tests), same `go version -m`.
const buildCases = ['pruning', 'unpruned dependency', 'diamond', 'replace with a module', 'replace with a directory', 'exclude', 'major version', 'package in a subdirectory'];

describe('builds equal native go build', () => {
  // With -buildid= as the differential tests do, and with the default flags
  // (-ldflags '-s -w'), where the build IDs themselves must be go's.
  const flagSets: [string, Record<string, string>][] = [['-buildid=', { GO_BUILD_FLAGS: "-ldflags='-s -w -buildid='" }], ['default flags', {}]];
  test.each(buildCases.flatMap((name) => flagSets.map(([label, extra]) => [name, label, extra] as const)))('%s (%s)', async (name, label, extra) => {
    const c = graphCases.find((g) => g.name === name)!;
    const { files } = await withNativeSums(c, true);
    const keep = join(scratch, 'kept', `${name}-${label}`.replace(/\W+/g, '-'));
    const built = await engine.build({ files, target: 'linux/amd64', env: { ...env, ...extra }, keepSourcesDir: keep });
    expect(built.ok, JSON.stringify(built.ok ? '' : built.diagnostics)).toBe(true);
    if (!built.ok) return;
    writeProject(keep, Object.fromEntries(Object.entries(built.keptSources!).map(([p, d]) => [p, typeof d === 'string' ? d : new TextDecoder().decode(d)])));
    const route = built.routes[0]!;
    const native = await nativeBuild({ dir: route.native!.cwd, goVersion: built.goVersion, env: { ...route.native!.env, ...nativeEnv(), GOFLAGS: '-modcacherw -buildvcs=false' }, args: route.native!.args });
    const ours = join(keep, 'gofn-bootstrap');
    const theirs = join(keep, 'native-bootstrap');
    writeFileSync(ours, route.binary);
    writeFileSync(theirs, native);
    expect(await goVersionM(ours)).toEqual(await goVersionM(theirs));
    expect(Buffer.compare(Buffer.from(route.binary), Buffer.from(native)), `${name} (${label}): gofn and native go build differ`).toBe(0);
  }, 10 * minutes);
});

describe('vendor/', () => {
  /** The diamond project with the vendor/ directory native `go mod vendor` writes. */
  async function vendored(): Promise<{ dir: string; files: ProjectFiles }> {
    const c = graphCases.find((g) => g.name === 'diamond')!;
    const { dir } = await withNativeSums(c, true);
    const r = await runGo({ dir, goVersion: hostGoVersion(), env: nativeEnv(), args: ['mod', 'vendor'] });
    expect(r.code, r.stderr).toBe(0);
    const files: ProjectFiles = {};
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files[relative(dir, p)] = readFileSync(p, 'utf8');
      }
    };
    walk(dir);
    return { dir, files };
  }

  test('builds from vendor/ as -mod=vendor does, fetching nothing', async () => {
    const { files } = await vendored();
    proxy.clearLog();
    const keep = join(scratch, 'kept', 'vendor');
    const built = await engine.build({ files, target: 'linux/amd64', env: { ...env, GO_BUILD_FLAGS: "-ldflags='-s -w -buildid='" }, keepSourcesDir: keep });
    expect(built.ok, JSON.stringify(built.ok ? '' : built.diagnostics)).toBe(true);
    if (!built.ok) return;
    expect(proxy.requests()).toEqual([]);
    expect(built.modules?.vendor).toBe(true);
    writeProject(keep, Object.fromEntries(Object.entries(built.keptSources!).map(([p, d]) => [p, typeof d === 'string' ? d : new TextDecoder().decode(d)])));
    const route = built.routes[0]!;
    // Native go with no proxy at all: vendor/ must be enough.
    const native = await nativeBuild({ dir: route.native!.cwd, goVersion: built.goVersion, env: { ...route.native!.env, ...nativeEnv(), GOPROXY: 'off', GOFLAGS: '-buildvcs=false' }, args: route.native!.args });
    writeFileSync(join(keep, 'gofn-bootstrap'), route.binary);
    writeFileSync(join(keep, 'native-bootstrap'), native);
    expect(await goVersionM(join(keep, 'gofn-bootstrap'))).toEqual(await goVersionM(join(keep, 'native-bootstrap')));
    expect(Buffer.compare(Buffer.from(route.binary), Buffer.from(native))).toBe(0);
  }, 10 * minutes);

  test('an inconsistent vendor/modules.txt fails with go\'s error', async () => {
    const { dir, files } = await vendored();
    const txt = (files['vendor/modules.txt'] as string).replace('# example.com/b v1.1.0\n## explicit', '# example.com/b v1.1.0\n##');
    writeFileSync(join(dir, 'vendor/modules.txt'), txt);
    const native = await runGo({ dir, goVersion: hostGoVersion(), env: nativeEnv(), args: ['build', './api'] });
    const built = await engine.build({ files: { ...files, 'vendor/modules.txt': txt }, target: 'linux/amd64', env });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(`go: ${built.diagnostics[0]!.message}`).toBe(native.stderr.trim().replace(dir, '.'));
  }, 10 * minutes);
});

describe('a missing requirement', () => {
  test('fails as go build does and proposes what go mod tidy writes', async () => {
    const files = projectFiles(missingCase);
    const dir = join(scratch, 'projects', 'missing');
    writeProject(dir, files);
    const native = await runGo({ dir, goVersion: hostGoVersion(), env: nativeEnv(), args: ['build', './api'] });
    expect(native.code).not.toBe(0);
    const built = await engine.build({ files, target: 'linux/amd64', env });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    // go build's own lines, located at each import.
    const nativeLines = native.stderr.trim().split('\n').filter((l) => l.startsWith('api/')).map((l) => l.replace(/:$/, ''));
    expect(built.diagnostics.map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.column}: ${d.message.split('\n')[0]}`)).toEqual(nativeLines.map((l) => l.replace(/; to add it$/, '; to add it:')));

    const tidy = await runGo({ dir, goVersion: hostGoVersion(), env: nativeEnv(), args: ['mod', 'tidy'] });
    expect(tidy.code, tidy.stderr).toBe(0);
    const proposal = built.modules?.proposal;
    expect(proposal?.goMod).toBe(readFileSync(join(dir, 'go.mod'), 'utf8'));
    const nativeSum = new Set(readFileSync(join(dir, 'go.sum'), 'utf8').trim().split('\n'));
    for (const line of proposal!.goSum.trim().split('\n')) expect(nativeSum.has(line), `go.sum line ${line} is one go mod tidy writes`).toBe(true);
    expect(proposal?.applied).toBe(false);

    // With tidy, the build goes ahead with that change applied.
    const applied = await engine.build({ files, target: 'linux/amd64', env, tidy: true });
    expect(applied.ok, JSON.stringify(applied)).toBe(true);
    expect(applied.modules?.proposal?.applied).toBe(true);
    expect(applied.modules?.proposal?.goMod).toBe(proposal?.goMod);
  }, 10 * minutes);
});
