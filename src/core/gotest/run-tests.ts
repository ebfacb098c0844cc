// Running what buildTests built, and printing what `go test ./...` prints
// (cmd/go/internal/test: runTestActor.Act, printExitStatus): each binary runs
// in the package's directory with -test.paniconexit0 and -test.timeout, its
// output shown with -v or on failure, then "ok", "FAIL" or "?" per package,
// and a last "FAIL" when anything failed. A binary that outlives its own
// timeout (a busy loop never lets go's alarm fire on wasm) is killed with
// cmd/go's words for that.
import { mountProject } from '../load/loader.ts';
import type { ProjectFiles, TestPackageBuild } from '../types.ts';
import { runProgram } from './program.ts';
import type { ProgramWorkerFactory } from './program-protocol.ts';
import { parseTestOutput, type TestCase } from './test-events.ts';

export interface TestRunOptions {
  /** -run: a regular expression selecting tests (Go's syntax; the binary matches it). */
  run?: string;
  verbose?: boolean;
  /** -timeout, default go's 10 minutes. */
  timeoutMs?: number;
  createWorker: ProgramWorkerFactory;
  /** go test's stdout and stderr as they are written (per package, as go buffers them). */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** Each package's result once it is known. */
  onPackage?: (result: PackageTestResult) => void;
  signal?: AbortSignal;
}

export interface PackageTestResult {
  importPath: string;
  status: 'ok' | 'fail' | 'none' | 'build-failed';
  /** Wall time of the binary's run. */
  ms?: number;
  tests: TestCase[];
  /** The binary's output (stdout and stderr), whether or not go test shows it. */
  output: string;
  /** The package failed because its binary was killed at the timeout. */
  killed?: boolean;
}

export interface TestRunReport {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
  packages: PackageTestResult[];
}

export const DEFAULT_TEST_TIMEOUT_MS = 10 * 60_000;
const NO_TESTS = '\ntesting: warning: no tests to run\n';
const dec = new TextDecoder();

export async function runTests(builds: TestPackageBuild[], files: ProjectFiles, opts: TestRunOptions): Promise<TestRunReport> {
  let stdout = '';
  let stderr = '';
  let exitCode: 0 | 1 = 0;
  const out = (s: string) => ((stdout += s), opts.onStdout?.(s));
  const err = (s: string) => ((stderr += s), opts.onStderr?.(s));
  const timeout = opts.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
  const packages: PackageTestResult[] = [];
  const mounted = [...mountProject(files, '/src')];
  for (const b of builds) {
    opts.signal?.throwIfAborted();
    let result: PackageTestResult;
    if (b.status === 'failed') {
      if (b.output) err(b.output);
      out(`FAIL\t${b.importPath} [build failed]\n`);
      exitCode = 1;
      result = { importPath: b.importPath, status: 'build-failed', tests: [], output: b.output };
    } else if (b.status === 'none') {
      out(`?   \t${b.importPath}\t[no test files]\n`);
      result = { importPath: b.importPath, status: 'none', tests: [], output: '' };
    } else {
      const name = `${b.importPath.split('/').pop()}.test`;
      const args = [name, '-test.paniconexit0', `-test.timeout=${goDuration(timeout)}`, ...(opts.verbose ? ['-test.v=true'] : []), ...(opts.run !== undefined ? [`-test.run=${opts.run}`] : [])];
      // cmd/go's backstop kills a binary one WaitDelay (a tenth of the timeout, at least 5 s) or a
      // minute after its timeout, the minute being for a goroutine dump. On wasm there is none to
      // wait for: without preemption, a binary whose alarm has not fired by then is spinning and
      // never will, so it is killed after the WaitDelay.
      const killAfter = timeout === 0 ? Infinity : timeout + Math.max(timeout / 10, 5_000);
      const module = await WebAssembly.compile(b.binary! as Uint8Array<ArrayBuffer>);
      const r = await runProgram(opts.createWorker, {
        module, args, env: { HOME: '/home/gopher', TMPDIR: '/tmp' }, files: mounted, cwd: b.dir ? `/src/${b.dir}` : '/src', dirs: ['/tmp', '/home/gopher'],
      }, { killAfterMs: killAfter, signal: opts.signal });
      const text = dec.decode(r.output);
      const t = `${(r.ms / 1000).toFixed(3)}s`;
      let shown = '';
      if (r.exitCode === 0) {
        const norun = text.startsWith(NO_TESTS.slice(1)) || text.includes(NO_TESTS) ? ' [no tests to run]' : '';
        if (opts.verbose) shown += text + (text && !text.endsWith('\n') ? '\n' : '');
        shown += `ok  \t${b.importPath}\t${t}${norun}\n`;
      } else {
        exitCode = 1;
        shown += text;
        if (r.killed) shown += `${text && !text.endsWith('\n') ? '\n' : ''}*** Test killed: ran too long (${goDuration(killAfter)}).\n`;
        if (r.killed || r.crash !== undefined || text === '') shown += `${r.killed ? 'signal: killed' : r.crash ?? `exit status ${r.exitCode}`}\n`;
        else if (!text.endsWith('\n')) shown += '\n';
        shown += `FAIL\t${b.importPath}\t${t}\n`;
      }
      out(shown);
      result = { importPath: b.importPath, status: r.exitCode === 0 ? 'ok' : 'fail', ms: r.ms, tests: parseTestOutput(text).tests, output: text, ...(r.killed ? { killed: true } : {}) };
    }
    packages.push(result);
    opts.onPackage?.(result);
  }
  if (exitCode !== 0) out('FAIL\n');
  return { stdout, stderr, exitCode, packages };
}

/** time.Duration.String for whole milliseconds: "10m0s", "1m5s", "2s", "1.5s", "500ms", "0s". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : String(s)}s`;
  return h ? `${h}h${m}m${sec}` : m ? `${m}m${sec}` : sec;
}

/** Parses go's duration syntax for -timeout ("30s", "1m30s", "500ms"; "0" turns the timeout off). */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/y;
  let ms = 0;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    ms += Number(m[1]) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as 'h' | 'm' | 's' | 'ms'];
    at = re.lastIndex;
  }
  return at > 0 ? Math.round(ms) : undefined;
}
