// Listing a whole module the way `go vet ./...` and `go test ./...` see it:
// every package, its test files and the test functions in them, from
// `gofn-helper list` (toolchain/helper/list.go). `load` stays the build's
// entry-driven loader; a bundle whose helper predates `list` gets a sentence.
import type { Diagnostic, ProjectFiles } from '../types.ts';
import { answerObject, arr, AnswerError, embedMap, obj, parseAnswerDiagnostics, parseLoadedPackage, relativeTo, str, strings } from './load-answer.ts';
import { helperRequest, PROJECT_ROOT, runHelper, type LoadOptions, type RunWasi } from './loader.ts';
import type { LoadedPackage } from './packages.ts';

export interface TestFunc {
  /** "_test": the package's own test files; "_xtest": the external test package. */
  package: '_test' | '_xtest';
  name: string;
}

export interface ExampleFunc extends TestFunc {
  output: string;
  unordered: boolean;
}

/** cmd/go's testFuncs (cmd/go/internal/load/test.go): what the generated test main calls. */
export interface TestFuncs {
  tests: TestFunc[];
  benchmarks: TestFunc[];
  fuzzTargets: TestFunc[];
  examples: ExampleFunc[];
  testMain?: TestFunc;
  importTest: boolean;
  needTest: boolean;
  importXtest: boolean;
  needXtest: boolean;
}

export interface ListedPackage extends LoadedPackage {
  /** Named by ./... (every package of the module); the others are only imported. */
  root: boolean;
  /** Files build constraints leave out (vet's buildtag check reads them). */
  ignoredFiles: string[];
  testGoFiles: string[];
  xtestGoFiles: string[];
  testImports: string[];
  xtestImports: string[];
  testEmbedPatterns: string[];
  testEmbedFiles: Record<string, string[]>;
  xtestEmbedPatterns: string[];
  xtestEmbedFiles: Record<string, string[]>;
  /** Set for roots with test files. */
  tests?: TestFuncs;
}

export type ListResult = { ok: true; packages: ListedPackage[]; stdImports: string[] } | { ok: false; diagnostics: Diagnostic[] };

export const HELPER_TOO_OLD =
  'this toolchain bundle was built before go vet and go test were supported (its gofn-helper has no "list" command); rebuild it with `npm run toolchain`';

/** Runs `gofn-helper list`. Problems in the project are diagnostics; an unreadable answer throws. */
export async function listProject(run: RunWasi, module: WebAssembly.Module, files: ProjectFiles, opts: Omit<LoadOptions, 'entries'>): Promise<ListResult> {
  try {
    return parseListAnswer(await runHelper(run, module, 'list', files, helperRequest(opts)));
  } catch (e) {
    if (e instanceof Error && /unknown command list/.test(e.message)) throw new Error(HELPER_TOO_OLD);
    throw e;
  }
}

export function parseListAnswer(stdout: string): ListResult {
  const a = answerObject(stdout);
  const rel = relativeTo(PROJECT_ROOT);
  if (a.ok === false) return { ok: false, diagnostics: parseAnswerDiagnostics(a, rel) };
  if (a.ok !== true) throw new AnswerError('ok is neither true nor false');
  const packages = arr(a.packages, 'packages', (v, what): ListedPackage => {
    const p = obj(v, what);
    const listed: ListedPackage = {
      ...parseLoadedPackage(v, what, rel),
      root: p.root === true,
      ignoredFiles: strings(p.ignoredFiles, `${what}.ignoredFiles`),
      testGoFiles: strings(p.testGoFiles, `${what}.testGoFiles`),
      xtestGoFiles: strings(p.xtestGoFiles, `${what}.xtestGoFiles`),
      testImports: strings(p.testImports, `${what}.testImports`),
      xtestImports: strings(p.xtestImports, `${what}.xtestImports`),
      testEmbedPatterns: strings(p.testEmbedPatterns, `${what}.testEmbedPatterns`),
      testEmbedFiles: embedMap(p.testEmbedFiles, `${what}.testEmbedFiles`, rel),
      xtestEmbedPatterns: strings(p.xtestEmbedPatterns, `${what}.xtestEmbedPatterns`),
      xtestEmbedFiles: embedMap(p.xtestEmbedFiles, `${what}.xtestEmbedFiles`, rel),
    };
    if (p.tests !== undefined) listed.tests = testFuncs(p.tests, `${what}.tests`);
    return listed;
  });
  return { ok: true, packages, stdImports: strings(a.stdImports, 'stdImports') };
}

function testFuncs(v: unknown, what: string): TestFuncs {
  const t = obj(v, what);
  const fn = (x: unknown, w: string): TestFunc => {
    const f = obj(x, w);
    const pkg = str(f.package, `${w}.package`);
    if (pkg !== '_test' && pkg !== '_xtest') throw new AnswerError(`${w}.package is ${pkg}`);
    return { package: pkg, name: str(f.name, `${w}.name`) };
  };
  return {
    tests: arr(t.tests, `${what}.tests`, fn),
    benchmarks: arr(t.benchmarks, `${what}.benchmarks`, fn),
    fuzzTargets: arr(t.fuzzTargets, `${what}.fuzzTargets`, fn),
    examples: arr(t.examples, `${what}.examples`, (x, w) => {
      const e = obj(x, w);
      return { ...fn(x, w), output: str(e.output, `${w}.output`), unordered: e.unordered === true };
    }),
    ...(t.testMain !== undefined ? { testMain: fn(t.testMain, `${what}.testMain`) } : {}),
    importTest: t.importTest === true,
    needTest: t.needTest === true,
    importXtest: t.importXtest === true,
    needXtest: t.needXtest === true,
  };
}
