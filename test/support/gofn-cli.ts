// Runs the gofn CLI (bin/gofn.mjs) as a user would, and reads its --json output.
import { runProcess, type ProcessRun } from './spawn.ts';
import { join } from 'node:path';
import type { Diagnostic, NativeInvocation } from '../../src/core/types.ts';
import { repoRoot } from './corpus.ts';

export type CliRun = ProcessRun;

export function runGofn(args: string[], timeoutMs: number): Promise<CliRun> {
  return runProcess(process.execPath, [join(repoRoot, 'bin', 'gofn.mjs'), ...args], { cwd: repoRoot, timeout: timeoutMs });
}

/** One route of `gofn build --json` (issue 2's contract; more keys are allowed). */
export interface CliRoute {
  route: string;
  entry: string;
  handler: string;
  output: string;
  sha256: string;
  bytes: number;
  /** go's build ID of the binary; absent when linked with -buildid=. */
  buildId?: string;
  native: NativeInvocation;
  /** The native invocation as one shell line. */
  command: string;
}

export interface CliBuildOk {
  goVersion: string;
  /** go.mod's toolchain line, else its go line, when it has one. */
  requested?: string;
  note: string;
  target: string;
  routes: CliRoute[];
}

export interface CliBuildFailed {
  goVersion?: string;
  target: string;
  diagnostics: Diagnostic[];
}

export function parseJson<T>(run: CliRun, what: string): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`${what}: stdout is not JSON (exit ${run.code}, signal ${run.signal})\nstdout:\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 4000)}`);
  }
}

/** A Node or V8 stack trace in output means the CLI crashed instead of reporting. */
export function stackTraceIn(text: string): string | undefined {
  const m = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m.exec(text) ?? /node:internal|Uncaught|UnhandledPromiseRejection/.exec(text);
  return m?.[0];
}
