// The corpus is checked with plain native `go` first, so the engine's tests
// compare against expectations that real Go agrees with: every ok project
// builds for linux/amd64, linux/arm64 and wasip1/wasm and answers its case's
// requests natively; every bad project fails in go exactly as recorded (or,
// for the platform's own rules, go accepts it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  goBuildFlags,
  listProjects,
  loadBadExpect,
  loadCase,
  loadProject,
  withEmptyBuildId,
  type ExpectedDiagnostic,
} from './support/corpus.ts';
import { checkDiagnostics, checkResponse, parseGoOutput } from './support/expect.ts';
import { harnessDir, writeFiles, writeHarness } from './support/native-harness.ts';
import { goVersionM, hostGoVersion, nativeBuild, runGo } from './support/native.ts';
import { serveCase } from './support/native-serve.ts';
import { splitShellWords } from './support/shell-words.ts';

const scratch = mkdtempSync(join(tmpdir(), 'gofn-corpus-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const okNames = listProjects('ok');
const badNames = listProjects('bad');
const minutes = 60_000;

test('the corpus has the projects the engine is measured on', () => {
  expect(okNames.length).toBeGreaterThanOrEqual(14);
  expect(badNames.length).toBeGreaterThanOrEqual(12);
});

describe.each(okNames)('ok/%s', (name) => {
  const project = loadProject('ok', name);
  const kase = loadCase(name);
  const goVersion = kase.goVersion ?? hostGoVersion();
  const flags = splitShellWords(goBuildFlags(project.files));
  const dir = join(scratch, 'ok', name);
  const harness = writeHarness(project.files, dir, goVersion);

  test('case.json lists the routes and handlers of its entrypoints', () => {
    const derived = harness.routes.map(({ route, entry, handler }) => ({ route, entry, handler }));
    expect(derived).toEqual([...kase.routes].sort((a, b) => a.entry.localeCompare(b.entry)));
  });

  test(`go vet passes (go${goVersion}, linux/amd64)`, async () => {
    const r = await runGo({ dir, goVersion, env: { GOOS: 'linux', GOARCH: 'amd64' }, args: ['vet', ...flags, './...', `./${harnessDir}`] });
    expect(r.stderr + r.stdout, 'go vet output').toBe('');
    expect(r.code).toBe(0);
  }, 5 * minutes);

  test('builds natively and answers its requests as case.json says', async () => {
    const bin = join(dir, 'server');
    const b = await runGo({ dir, goVersion, env: { GOOS: 'linux', GOARCH: 'amd64' }, args: ['build', ...flags, '-o', bin, `./${harnessDir}`] });
    expect(b.code, b.stderr).toBe(0);
    const served = await serveCase(bin, kase.requests);
    const problems = kase.requests.flatMap((req, i) =>
      checkResponse(req.expect, { ...served.responses[i]!, logs: served.logs }, { goos: 'linux', goVersion }).map(
        (p) => `${req.method} ${req.url}: ${p}`,
      ),
    );
    expect(problems).toEqual([]);
  }, 5 * minutes);

  // The differential test's premise: with -trimpath and -buildid=, where the
  // sources live does not change the binary (and the flags survive quoting).
  test('native go build -trimpath with -buildid= is reproducible in another directory', async () => {
    const other = join(scratch, 'ok-again', name);
    writeHarness(project.files, other, goVersion);
    const flagsNoId = splitShellWords(withEmptyBuildId(goBuildFlags(project.files)));
    const args = ['go', 'build', '-trimpath', '-o', 'a.out', ...flagsNoId, `./${harnessDir}`];
    const env = { GOOS: 'linux', GOARCH: 'amd64' };
    const a = await nativeBuild({ dir, goVersion, env, args });
    const b = await nativeBuild({ dir: other, goVersion, env, args });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const [va, vb] = [await goVersionM(join(dir, 'a.out')), await goVersionM(join(other, 'a.out'))];
    expect(va[0]).toBe(`go${goVersion}`);
    expect(va).toContain('build\t-trimpath=true');
    expect(vb).toEqual(va);
  }, 5 * minutes);

  test.each([
    ['linux', 'arm64'],
    ['wasip1', 'wasm'],
  ])('builds natively for %s/%s', async (goos, goarch) => {
    const r = await runGo({ dir, goVersion, env: { GOOS: goos, GOARCH: goarch }, args: ['build', ...flags, '-o', '/dev/null', `./${harnessDir}`] });
    expect(r.stderr, 'go build output').toBe('');
    expect(r.code).toBe(0);
  }, 5 * minutes);
});

describe.each(badNames)('bad/%s', (name) => {
  const project = loadProject('bad', name);
  const exp = loadBadExpect(name);
  // Built from a copy outside the repository, so go never stamps VCS data.
  const dir = join(scratch, 'bad', name);
  writeFiles(dir, project.files);

  test('expect.json locates every diagnostic it expects', () => {
    expect(exp.diagnostics.length).toBeGreaterThan(0);
    for (const d of exp.diagnostics) {
      expect(d.messageIncludes.length).toBeGreaterThan(0);
      if (d.file !== undefined) expect(Object.keys(project.files)).toContain(d.file);
    }
  });

  test(`native go build ./... ${exp.native.outcome === 'ok' ? 'accepts the sources' : 'fails as recorded'}`, async () => {
    const r = await runGo({ dir, goVersion: hostGoVersion(), env: { GOOS: 'linux', GOARCH: 'amd64' }, args: ['build', '-o', '/dev/null', './...'] });
    const output = r.stderr + r.stdout;
    if (exp.native.outcome === 'ok') {
      expect(output, 'go build output').toBe('');
      expect(r.code).toBe(0);
      return;
    }
    expect(r.code).not.toBe(0);
    for (const part of exp.native.output) expect(output).toContain(part);
    if (exp.native.sameDiagnostics) {
      const sourceless = exp.diagnostics.map(({ source: _, ...d }): ExpectedDiagnostic => d);
      expect(checkDiagnostics(sourceless, parseGoOutput(output))).toEqual([]);
    }
  }, 5 * minutes);
});
