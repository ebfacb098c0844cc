// `gofn test` against native `go test -count=1` on the same sources and Go
// version: the same test names, results, test output, package lines and exit
// status. Durations differ by nature, and so do panic stack traces (gofn's
// test binaries are wasip1 builds with -trimpath), which are left out.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTestOutput } from '../src/core/gotest/test-events.ts';
import { goDuration, parseGoDuration } from '../src/core/gotest/run-tests.ts';
import { repoRoot } from './support/corpus.ts';
import { runGo } from './support/native.ts';
import { runProcess } from './support/spawn.ts';

const fixtures = join(repoRoot, 'test/fixtures/gotest');

/** go test's output without durations and without goroutine dumps. */
export function comparable(text: string): string[] {
  const out: string[] = [];
  let trace = false;
  for (const line of text.split('\n')) {
    if (/^goroutine \d+ \[/.test(line)) trace = true;
    if (trace && !/^(FAIL|ok  )\t|^FAIL$/.test(line)) continue;
    trace = false;
    out.push(line.replace(/ \(\d+\.\d+s\)$/, ' (T)').replace(/^((?:ok  |FAIL)\t\S+)\t\d+\.\d+s/, '$1\tT'));
  }
  return out;
}

async function both(project: string, goVersion: string, args: string[]) {
  const dir = join(fixtures, project);
  const native = await runGo({ dir, goVersion, args: ['test', '-count=1', ...args, './...'] });
  const ours = await runProcess(process.execPath, [join(repoRoot, 'bin/gofn.mjs'), 'test', '.', ...args], { cwd: dir });
  return { native, ours };
}

describe('gofn test reports what go test reports', () => {
  it('passing packages: tests, subtests, examples with ordered and unordered output, an external test package, TestMain, no test files (-v)', async () => {
    const { native, ours } = await both('pass', '1.26.8', ['-v']);
    expect(comparable(ours.stdout)).toEqual(comparable(native.stdout));
    expect([ours.code, native.code]).toEqual([0, 0]);
    const names = parseTestOutput(ours.stdout).tests.map((t) => `${t.name}:${t.status}`);
    expect(names).toEqual(expect.arrayContaining(['TestAdd:pass', 'ExampleAdd:pass', 'TestArea/wide:pass', 'ExampleNames:pass', 'TestReady:pass', 'TestSkipped:skip']));
  });

  it('failing packages: a failed test, failed and skipped subtests, a failed example, a panicking test (-v, Go 1.24)', async () => {
    const { native, ours } = await both('fail', '1.24.11', ['-v']);
    expect(comparable(ours.stdout)).toEqual(comparable(native.stdout));
    expect([ours.code, native.code]).toEqual([1, 1]);
    const results = parseTestOutput(ours.stdout).tests.map((t) => `${t.name}:${t.status}`);
    expect(results).toEqual(expect.arrayContaining(['TestShout:fail', 'TestDiv/1/0:skip', 'TestDiv/7/2:fail', 'ExampleDiv:fail', 'TestOutOfRange:fail', 'TestFirst:pass']));
  });

  it('without -v only failures are shown', async () => {
    const { native, ours } = await both('fail', '1.24.11', []);
    expect(comparable(ours.stdout)).toEqual(comparable(native.stdout));
    expect(ours.code).toBe(native.code);
  });

  it('-run selects tests and examples', async () => {
    const { native, ours } = await both('pass', '1.26.8', ['-v', '-run', 'TestA|ExampleNames|Nothing']);
    expect(comparable(ours.stdout)).toEqual(comparable(native.stdout));
    expect(ours.code).toBe(native.code);
  });

  it('a hanging test stops at -timeout with go\'s message', async () => {
    const { native, ours } = await both('hang', '1.26.8', ['-timeout', '3s']);
    const head = (s: string) => comparable(s).filter((l) => l !== '');
    expect(head(ours.stdout)).toEqual(head(native.stdout));
    expect(head(ours.stdout).slice(0, 3)).toEqual(['panic: test timed out after 3s', '\trunning tests:', '\t\tTestForever (3s)']);
    expect([ours.code, native.code]).toEqual([1, 1]);
  });

  it('a test that never yields (no preemption on wasm) is killed after the timeout with cmd/go\'s words', async () => {
    const dir = join(fixtures, 'spin');
    const ours = await runProcess(process.execPath, [join(repoRoot, 'bin/gofn.mjs'), 'test', '.', '-v', '-timeout', '2s'], { cwd: dir });
    expect(comparable(ours.stdout)).toEqual([
      '=== RUN   TestSpin',
      '    spin_test.go:6: counting',
      '*** Test killed: ran too long (7s).',
      'signal: killed',
      'FAIL\texample.com/gotest/spin/spin\tT',
      'FAIL',
      '',
    ]);
    expect(ours.code).toBe(1);
  });
});

describe('go test details', () => {
  it('durations read and print as Go writes them', () => {
    expect(['10m0s', '1m30s', '3s', '1.5s', '500ms', '0'].map((d) => goDuration(parseGoDuration(d)!))).toEqual(['10m0s', '1m30s', '3s', '1.5s', '500ms', '0s']);
    expect(goDuration(11 * 60_000)).toBe('11m0s');
    expect(parseGoDuration('3 s')).toBeUndefined();
  });

  it('-v output parses into per-test results, output attributed to its test', () => {
    const { tests } = parseTestOutput('=== RUN   TestA\n    a_test.go:3: hi\n--- PASS: TestA (0.01s)\n=== RUN   TestB\n=== RUN   TestB/x\n--- FAIL: TestB (0.00s)\n    --- FAIL: TestB/x (0.00s)\n=== RUN   ExampleC\n--- FAIL: ExampleC (0.00s)\ngot:\n1\nwant:\n2\nFAIL\n');
    expect(tests).toEqual([
      { name: 'TestA', status: 'pass', elapsed: 0.01, output: ['    a_test.go:3: hi'] },
      { name: 'TestB', status: 'fail', elapsed: 0, output: [] },
      { name: 'TestB/x', status: 'fail', elapsed: 0, output: [] },
      { name: 'ExampleC', status: 'fail', elapsed: 0, output: ['got:', '1', 'want:', '2'] },
    ]);
  });
});
