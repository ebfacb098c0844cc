// gofn against native `go build`. For every ok corpus project and target the
// CLI builds each route twice — with `-buildid=` added to the linker flags,
// and with the project's own flags (Vercel's default `-ldflags '-s -w'`), so
// that build IDs are go's — and keeps the sources it compiled; native go, with
// the same version, runs the invocation gofn reports in those sources, and the
// two binaries must be byte-identical with the same `go version -m` lines and
// the same `go tool buildid`. The wasip1 preview module of every route is held
// to `GOOS=wasip1 GOARCH=wasm go build` of its kept sources the same way.
// The two flag sets share work: gofn's action cache keeps the compiles of the
// first for the second, and native go uses one build cache. Every bad project
// must get its located diagnostics and a clean non-zero exit. Nothing is
// skipped: if the CLI or a toolchain bundle is missing, these tests fail.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { formatDiagnostic, type NativeTarget } from '../src/core/types.ts';
import { nodeEngine } from '../src/node/engine-host.ts';
import { writeFiles } from '../src/node/project.ts';
import { goBuildFlags, listProjects, loadBadExpect, loadCase, loadProject, withEmptyBuildId } from './support/corpus.ts';
import { checkDiagnostics } from './support/expect.ts';
import { parseJson, runGofn, stackTraceIn, type CliBuildFailed, type CliBuildOk } from './support/gofn-cli.ts';
import { goToolBuildId, goVersionM, nativeBuild } from './support/native.ts';

const minutes = 60_000;
const targets: NativeTarget[] = ['linux/amd64', 'linux/arm64'];
const flagSets = [
  { name: 'with -buildid=', flags: (f: string) => withEmptyBuildId(f) },
  { name: "with the project's flags", flags: (f: string) => f },
];
const cases = targets.flatMap((target) => flagSets.map((set) => [target, set.name] as const));
// Outside any VCS checkout, so native go has nothing to stamp either way.
const scratch = mkdtempSync(join(tmpdir(), 'gofn-differential-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
// One engine for every preview build: the tools are compiled (and their code optimized) once, not per project.
const engine = nodeEngine();

describe.each(listProjects('ok'))('ok/%s', (name) => {
  const project = loadProject('ok', name);
  const kase = loadCase(name);

  test.each(cases)('gofn build --target %s %s is byte-identical to native go build', async (target, setName) => {
    const set = flagSets.find((f) => f.name === setName)!;
    const flags = set.flags(goBuildFlags(project.files));
    const work = join(scratch, name, target.replace('/', '-'), String(flagSets.indexOf(set)));
    const keep = join(work, 'kept');
    const out = join(work, 'out');
    const run = await runGofn(
      ['build', project.dir, '--target', target, '--json', '--keep-sources', keep, '--env', `GO_BUILD_FLAGS=${flags}`, '--out', out],
      20 * minutes,
    );
    expect(stackTraceIn(run.stderr), `gofn crashed:\n${run.stderr}`).toBeUndefined();
    expect(run.code, `gofn build failed:\n${run.stderr}\n${run.stdout}`).toBe(0);
    const built = parseJson<CliBuildOk>(run, `gofn build ${name}`);

    expect(built.target).toBe(target);
    if (kase.goVersion) expect(built.goVersion).toBe(kase.goVersion);
    // Which Go built it, and why, is part of the answer whenever go.mod names a version.
    const asked = /^go (\S+)$/m.exec(String(project.files['go.mod'] ?? ''))?.[1];
    if (asked && !/^toolchain /m.test(String(project.files['go.mod']))) expect(built.requested).toBe(asked);
    expect(built.note).toContain(`using go${built.goVersion}`);
    const byEntry = (a: { entry: string }, b: { entry: string }) => a.entry.localeCompare(b.entry);
    expect(built.routes.map(({ route, entry, handler }) => ({ route, entry, handler })).sort(byEntry)).toEqual(
      [...kase.routes].sort(byEntry),
    );

    for (const r of built.routes) {
      const bytes = new Uint8Array(readFileSync(r.output));
      expect(sha256(bytes), `${r.output} matches the reported sha256`).toBe(r.sha256);
      expect(bytes.length).toBe(r.bytes);
      const vc = JSON.parse(readFileSync(join(dirname(r.output), '.vc-config.json'), 'utf8')) as Record<string, unknown>;
      expect(vc).toMatchObject({ handler: 'bootstrap', runtime: 'provided.al2023', architecture: target === 'linux/arm64' ? 'arm64' : 'x86_64' });

      expect(r.native, `route ${r.route} reports its native invocation`).toBeDefined();
      const cwd = isAbsolute(r.native.cwd) ? r.native.cwd : resolve(keep, r.native.cwd);
      expect(existsSync(cwd), `native cwd ${cwd} exists in the kept sources`).toBe(true);
      expect(r.command, 'the one-line reproduction names the native invocation').toContain(r.native.args.join(' ').slice(0, 20));
      const native = await nativeBuild({ dir: cwd, goVersion: built.goVersion, env: r.native.env, args: r.native.args });
      const nativePath = join(work, `native-${sha256(new TextEncoder().encode(r.route)).slice(0, 8)}`);
      writeFileSync(nativePath, native);

      expect(await goVersionM(r.output), `go version -m of ${r.route}`).toEqual(await goVersionM(nativePath));
      const ids = [await goToolBuildId(r.output), await goToolBuildId(nativePath)];
      expect(ids[0], `go tool buildid of ${r.route}`).toEqual(ids[1]);
      expect(r.buildId, 'the reported build ID is the one go tool buildid reads').toBe(ids[0] === '' ? undefined : ids[0]);
      expect(sha256(native), `${r.route} (${r.entry}) gofn vs native go${built.goVersion} in ${cwd}`).toBe(r.sha256);
    }
  }, 30 * minutes);

  test('the wasip1 preview module of every route is byte-identical to GOOS=wasip1 GOARCH=wasm go build', async () => {
    const work = join(scratch, name, 'wasip1');
    const result = await engine.build({ files: project.files, target: 'wasip1/wasm', env: { GO_BUILD_FLAGS: goBuildFlags(project.files) }, keepSourcesDir: join(work, 'kept') });
    if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
    await writeFiles(join(work, 'kept'), Object.entries(result.keptSources!).map(([path, data]) => ({ path, data })));
    for (const r of result.routes) {
      const native = await nativeBuild({ dir: r.native!.cwd, goVersion: result.goVersion, env: r.native!.env, args: r.native!.args });
      const ours = join(work, `${sha256(new TextEncoder().encode(r.route)).slice(0, 8)}.wasm`);
      writeFileSync(ours, r.binary);
      writeFileSync(`${ours}.native`, native);
      expect(r.native!.env).toMatchObject({ GOOS: 'wasip1', GOARCH: 'wasm' });
      expect(await goToolBuildId(ours)).toBe(await goToolBuildId(`${ours}.native`));
      expect(sha256(native), `${r.route} preview module vs native go${result.goVersion}`).toBe(r.sha256);
    }
  }, 30 * minutes);
});

describe.each(listProjects('bad'))('bad/%s', (name) => {
  const project = loadProject('bad', name);
  const exp = loadBadExpect(name);

  test('gofn build --json reports the located diagnostics and exits non-zero without crashing', async () => {
    const out = join(scratch, 'bad', name);
    const run = await runGofn(['build', project.dir, '--json', '--out', out], 20 * minutes);
    expect(stackTraceIn(run.stderr), `gofn crashed:\n${run.stderr}`).toBeUndefined();
    expect(run.signal).toBeNull();
    expect(run.code, `gofn build should fail:\n${run.stdout}`).not.toBe(0);
    const failed = parseJson<CliBuildFailed>(run, `gofn build ${name}`);
    expect(Array.isArray(failed.diagnostics), `diagnostics in ${run.stdout}`).toBe(true);
    expect(checkDiagnostics(exp.diagnostics, failed.diagnostics)).toEqual([]);
    expect(existsSync(join(out, '.vercel')), 'a failed build writes no output').toBe(false);
  }, 20 * minutes);
});
