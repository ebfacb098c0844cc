// Builds through the engine's fast paths give the bytes a cold build gives:
// a load reused after edits that changed only function bodies (a line added
// before the handler too, so its position moves), the action cache warm, a
// cancelled build before the last one. Real wasm toolchain, two engines over
// two stores. load-memo.test.ts covers when a load may be reused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { nodeEngine } from '../src/node/engine-host.ts';
import type { BuildResult, ProjectFiles } from '../src/core/types.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const engine = () => {
  const d = mkdtempSync(join(tmpdir(), 'gofn-fast-paths-'));
  dirs.push(d);
  return nodeEngine({ cacheDir: d });
};

const project = (greeting: string, extraLine = '', imports = '"example.com/m/lib"'): ProjectFiles => ({
  'go.mod': 'module example.com/m\n\ngo 1.26\n',
  'lib/lib.go': `package lib\n\nimport "strings"\n\nfunc Greeting(name string) string {\n${extraLine}\treturn strings.ToUpper(${JSON.stringify(greeting)}) + ", " + name\n}\n`,
  'api/index.go': `package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t${imports}\n)\n\nfunc helper() string {\n${extraLine}\treturn lib.Greeting("gopher")\n}\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintln(w, helper())\n}\n`,
});

const loadLabel = (r: BuildResult): string | undefined => r.timings.find((t) => t.step === 'load')?.label;
const sha = (r: BuildResult): string => (r.ok ? r.routes[0]!.sha256 : `failed: ${JSON.stringify(r.diagnostics)}`);
const target = 'wasip1/wasm' as const;

test('edits of function bodies reuse the load and build what a cold build of the same files builds', async () => {
  const warm = engine();
  const first = await warm.build({ files: project('hello'), target });
  expect(first.ok).toBe(true);
  expect(loadLabel(first)).toBe('load packages');

  // Cancelled at its first step: the next build starts from where things were.
  const ctrl = new AbortController();
  ctrl.abort();
  await expect(warm.build({ files: project('cancelled'), target }, undefined, ctrl.signal)).rejects.toThrow();

  const edited = await warm.build({ files: project('howdy', '\tname := "x"\n\t_ = name\n'), target });
  expect(loadLabel(edited)).toMatch(/reused/);
  // std and the wrapper came from the cache; the edited packages and the link ran.
  const ran = edited.timings.filter((t) => !t.cached && (t.step === 'compile' || t.step === 'link')).map((t) => t.label);
  expect(ran.some((l) => l.includes('example.com/m/lib'))).toBe(true);

  const cold = await engine().build({ files: project('howdy', '\tname := "x"\n\t_ = name\n'), target });
  expect(loadLabel(cold)).toBe('load packages');
  expect(sha(edited)).toBe(sha(cold));

  // An import changed: loaded again, and still the cold build's bytes.
  const renamed = project('howdy', '', 'l "example.com/m/lib"');
  renamed['api/index.go'] = (renamed['api/index.go'] as string).replace('lib.Greeting', 'l.Greeting');
  const reloaded = await warm.build({ files: renamed, target });
  expect(loadLabel(reloaded)).toBe('load packages');
  expect(sha(reloaded)).toBe(sha(await engine().build({ files: renamed, target })));
}, 600_000);
