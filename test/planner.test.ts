// The planner against the native go command: for each fixture module, the
// planned argv, importcfg, embedcfg and modinfo must equal what
// `go build -n -trimpath` prints, and the plan run with the native tools must
// link a binary byte-identical to `go build -trimpath` of the same sources.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatVersionM } from '../src/core/plan/buildinfo.ts';
import { parseBuildFlags } from '../src/core/plan/flags.ts';
import { stepKey } from '../src/core/plan/actionid.ts';
import { planBuild } from '../src/core/plan/planner.ts';
import type { Target } from '../src/core/types.ts';
import { moduleObjdirs, normalizeBuildIds, normalizeImportcfg, parseScript, renderAction } from './support/go-script.ts';
import { fixtures, type PlannerFixture } from './support/planner-fixtures.ts';
import { prepare as prepareFixture } from './support/planner-prepare.ts';
import { go, goEnv, goroot, goScript, hostVersion, packs, removeTree, runPlanNatively, writeTree } from './support/planner-native.ts';

const OLD = '1.24.11';
const cleanup: string[] = [];
afterAll(() => cleanup.forEach(removeTree));

const prepare = (fx: PlannerFixture, version: string, target: Target, reuse?: string) => prepareFixture(fx, version, target, cleanup, reuse);

for (const fx of fixtures) {
  describe(fx.name, () => {
    const versions = [hostVersion(), ...(fx.old ? [OLD] : [])];
    for (const version of versions) {
      for (const target of fx.targets) {
        it(`go${version} ${target}: same commands as go build -n`, async () => {
          const { dir, flags, loaded, plan } = await prepare(fx, version, target);
          const root = goroot(version);
          const p = plan({ src: dir, goroot: root, work: '$WORK' });
          const script = parseScript(goScript(version, ['build', '-a', '-n', '-trimpath', ...flags.args, '-o', 'ref.bin', `./${fx.main}`], dir, target));
          const tool = (t: string): string => (t === 'pack' && version !== OLD ? 'go tool pack' : join(root, 'pkg', 'tool', 'linux_amd64', t));
          const isStd = (path: string): boolean => path in loaded.std;

          for (const [importPath, objdir] of moduleObjdirs(p)) {
            const theirs = script.commands.filter((c) => c.line.includes(` ${objdir}`) && !/\/link /.test(c.line));
            const ours = p.steps.find((s) => s.importPath === importPath && s.kind === 'package')!.actions;
            expect(ours.map((a) => normalizeBuildIds(renderAction(a, tool, a.cwd))), importPath).toEqual(theirs.map((c) => normalizeBuildIds(c.line)));
            expect(ours.map((a) => a.cwd), importPath).toEqual(theirs.map((c) => c.dir));
            for (const action of ours) {
              for (const g of action.generated) {
                const want = script.files.get(g.path);
                const got = 'contents' in g ? g.contents : `copy of ${g.copyOf}`;
                expect(normalizeImportcfg(got, isStd), g.path).toEqual(normalizeImportcfg(want ?? '<not written by go>', isStd));
              }
            }
          }
          const link = p.steps[p.steps.length - 1]!.actions[0]!;
          const theirLink = script.commands.find((c) => /\/link /.test(c.line))!;
          expect(normalizeBuildIds(`GOROOT='' ${renderAction(link, tool, '')}`)).toEqual(normalizeBuildIds(theirLink.line));
          const cfg = link.generated[0]!;
          expect('contents' in cfg && normalizeImportcfg(cfg.contents, isStd)).toEqual(normalizeImportcfg(script.files.get(cfg.path)!, isStd));
        }, 300_000);

        it(`go${version} ${target}: planned actions run with the native tools link the same binary as go build -trimpath`, async () => {
          const { dir, loaded, plan } = await prepare(fx, version, target);
          const root = mkdtempSync(join(tmpdir(), 'gofn-run-'));
          cleanup.push(root);
          const p = plan({ src: dir, goroot: join(root, 'goroot'), work: join(root, 'work') });
          const packsBefore = packs;
          const ours = await runPlanNatively(p, version, loaded.exports, loaded.std);
          expect(packs - packsBefore).toBe(p.steps.flatMap((s) => s.actions).filter((a) => a.tool === 'pack').length);

          // The reference: exactly the native invocation the plan hands to users.
          const [cmd, ...args] = p.native.args;
          expect(cmd).toBe('go');
          execFileSync('go', args, { cwd: join(dir, p.native.cwd), env: { ...goEnv(version), ...p.native.env }, stdio: ['ignore', 'pipe', 'pipe'] });
          const ref = readFileSync(join(dir, 'ref.bin'));
          expect(ours.length).toBe(ref.length);
          expect(Buffer.compare(Buffer.from(ours), ref)).toBe(0);

          // `go version -m` reads ELF but not wasm files.
          if (target !== 'wasip1/wasm') {
            const oursFile = join(root, 'ours.bin');
            writeFileSync(oursFile, ours);
            expect(go(version, ['version', '-m', oursFile], root)).toBe(formatVersionM(oursFile, version, p.modinfo));
          }
        }, 300_000);
      }
    }
  });
}

describe('action keys and build IDs', () => {
  const fx = fixtures[0]!;
  const version = hostVersion();
  const target = 'linux/amd64';

  it('a handler body change that keeps its export data leaves the wrapper key unchanged', async () => {
    // Same directories for every variant: paths are part of the keys.
    const src = writeTree(fx.files);
    const root = mkdtempSync(join(tmpdir(), 'gofn-run-'));
    cleanup.push(src, root);
    const keys = async (body: string, extra = '') => {
      const variant: PlannerFixture = {
        ...fx,
        files: {
          ...fx.files,
          // Not inlinable (a loop), so the body stays out of the export data.
          'api/index.go': `package api\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t"example.com/m/lib/greet"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Fprint(w, greet.Hello(${body}))\n\t}\n}\n${extra}`,
        },
      };
      const { loaded, plan } = await prepare(variant, version, target, src);
      const p = plan({ src, goroot: join(root, 'goroot'), work: join(root, 'work') });
      rmSync(join(root, 'work'), { recursive: true, force: true });
      await runPlanNatively(p, version, loaded.exports, loaded.std);
      const read = (path: string) => new Uint8Array(readFileSync(path));
      const step = (path: string, kind = 'package') => p.steps.find((s) => s.importPath === path && s.kind === kind)!;
      return {
        api: stepKey(step('example.com/m/api'), read),
        main: stepKey(step('example.com/m/cmd/bootstrap'), read),
        link: stepKey(step('example.com/m/cmd/bootstrap', 'link'), read),
        greet: stepKey(step('example.com/m/lib/greet'), read),
      };
    };
    const a = await keys('"a"');
    const b = await keys('"b"');
    expect(b.greet).toBe(a.greet);
    expect(b.api).not.toBe(a.api);
    expect(b.main).toBe(a.main);
    expect(b.link).not.toBe(a.link);
    const c = await keys('"a"', '\nfunc Extra() int { return 1 }\n');
    expect(c.main).not.toBe(a.main);
  }, 300_000);

  it("without -buildid= the binary is go build's, build IDs included", async () => {
    const variant: PlannerFixture = { ...fx, flags: "-ldflags '-s -w'" };
    const { dir, loaded, plan } = await prepare(variant, version, target);
    const root = mkdtempSync(join(tmpdir(), 'gofn-run-'));
    cleanup.push(root);
    const p = plan({ src: dir, goroot: join(root, 'goroot'), work: join(root, 'work') });
    const ours = Buffer.from(await runPlanNatively(p, version, loaded.exports, loaded.std));
    execFileSync('go', p.native.args.slice(1), { cwd: dir, env: { ...goEnv(version), ...p.native.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const ref = readFileSync(join(dir, 'ref.bin'));
    const oursFile = join(root, 'ours.bin');
    writeFileSync(oursFile, ours);
    expect(go(version, ['tool', 'buildid', oursFile], dir)).toBe(go(version, ['tool', 'buildid', join(dir, 'ref.bin')], dir));
    expect(Buffer.compare(ours, ref)).toBe(0);
  }, 300_000);

  it('reports flags that would need std rebuilt, and missing sources, as diagnostics', async () => {
    const { input } = await prepare(fx, version, target);
    const flags = parseBuildFlags("-gcflags='all=-N -l'");
    if (!flags.ok) throw new Error('flags');
    const base = input({ src: '/src', goroot: '/goroot', work: '/work' });
    const r = planBuild({ ...base, flags: flags.flags });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/-gcflags=all=… would apply to standard library packages/);
    const files = { ...base.files };
    delete files['lib/greet/greet.go'];
    const r2 = planBuild({ ...base, files });
    expect(!r2.ok && r2.diagnostics[0]).toMatchObject({ source: 'load', location: { file: 'lib/greet/greet.go' } });
  }, 300_000);

  it('a plan on the virtual layout differs from a host-layout plan only in its roots', async () => {
    const { dir, input } = await prepare(fx, version, target);
    const v = planBuild(input({ src: '/src', goroot: '/goroot', work: '/work' }));
    const h = planBuild(input({ src: dir, goroot: '/usr/local/go', work: '/tmp/w' }));
    if (!v.ok || !h.ok) throw new Error('plan failed');
    const strip = (x: string) => x.replace(/-buildid[ =]\S+/g, '-buildid');
    const norm = (x: string) => strip(x.replaceAll(dir, '/src').replaceAll('/usr/local/go', '/goroot').replaceAll('/tmp/w', '/work'));
    expect(v.plan.steps.flatMap((s) => s.actions.map((a) => strip(a.argv.join(' '))))).toEqual(h.plan.steps.flatMap((s) => s.actions.map((a) => norm(a.argv.join(' ')))));
    expect(v.plan.steps.map((s) => s.actions.map((a) => a.inputs.every((i) => i.startsWith('/src/') || i.startsWith('/goroot/') || i.startsWith('/work/'))))).not.toContainEqual([false]);
  }, 300_000);
});
