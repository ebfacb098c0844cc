// Compares what a handler answered, or what a build reported, with the
// corpus expectations. Each returns a list of mismatches so a failing test
// shows everything that differs at once.
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../../src/core/types.ts';
import { expand, type ExpectedDiagnostic, type ResponseExpectation } from './corpus.ts';

export interface ObservedResponse {
  status: number;
  /** One entry per header line; a host that merges repeated headers may give "a, b". */
  headers: [string, string][];
  body: Uint8Array;
  /** Flushed chunks, when the host can see them. */
  chunks?: number;
  /** Handler output, when the host captures it per request or per instance. */
  logs?: string;
}

export interface CheckContext {
  goos: 'linux' | 'wasip1';
  goVersion: string;
}

function headerMatches(actual: [string, string][], name: string, value: string): boolean {
  const lower = name.toLowerCase();
  return actual.some(
    ([n, v]) => n.toLowerCase() === lower && (v === value || (lower !== 'set-cookie' && v.split(', ').includes(value))),
  );
}

export function checkResponse(exp: ResponseExpectation, got: ObservedResponse, ctx: CheckContext): string[] {
  const problems: string[] = [];
  const x = (s: string) => expand(s, ctx.goVersion);
  const text = new TextDecoder().decode(got.body);
  if (got.status !== exp.status) problems.push(`status ${got.status}, want ${exp.status} (body: ${text.slice(0, 300)})`);
  if (exp.body !== undefined && text !== x(exp.body)) problems.push(`body ${JSON.stringify(text)}, want ${JSON.stringify(x(exp.body))}`);
  const byGoos = exp.bodyByGoos?.[ctx.goos];
  if (byGoos !== undefined && text !== x(byGoos)) problems.push(`body ${JSON.stringify(text)}, want for ${ctx.goos} ${JSON.stringify(x(byGoos))}`);
  for (const part of [exp.bodyIncludes ?? []].flat()) {
    if (!text.includes(x(part))) problems.push(`body ${JSON.stringify(text.slice(0, 500))} lacks ${JSON.stringify(x(part))}`);
  }
  if (exp.json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push(`body is not JSON: ${JSON.stringify(text.slice(0, 300))}`);
    }
    if (parsed !== undefined && !isDeepStrictEqual(parsed, exp.json)) {
      problems.push(`JSON ${JSON.stringify(parsed)}, want ${JSON.stringify(exp.json)}`);
    }
  }
  for (const [name, value] of exp.headers ?? []) {
    if (!headerMatches(got.headers, name, x(value))) {
      const seen = got.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
      problems.push(`header ${name}: ${JSON.stringify(seen)}, want a value ${JSON.stringify(x(value))}`);
    }
  }
  if (exp.minChunks !== undefined && got.chunks !== undefined && got.chunks < exp.minChunks) {
    problems.push(`${got.chunks} chunks, want at least ${exp.minChunks}`);
  }
  if (exp.logsIncludes?.length && got.logs !== undefined) {
    for (const part of exp.logsIncludes) {
      if (!got.logs.includes(x(part))) problems.push(`logs lack ${JSON.stringify(x(part))}`);
    }
  }
  return problems;
}

function diagnosticMatches(exp: ExpectedDiagnostic, d: Diagnostic): boolean {
  if (exp.source !== undefined && d.source !== exp.source) return false;
  const loc = d.location;
  if (exp.file !== undefined && loc?.file !== exp.file) return false;
  if (exp.line !== undefined && loc?.line !== exp.line) return false;
  if (exp.column !== undefined && loc?.column !== exp.column) return false;
  const message = d.message.toLowerCase();
  return exp.messageIncludes.every((part) => message.includes(part.toLowerCase()));
}

export function describeExpected(exp: ExpectedDiagnostic): string {
  const pos = [exp.file ?? '*', exp.line ?? '*', exp.column ?? '*'].join(':');
  return `${exp.source ?? '*'} ${pos} ${JSON.stringify(exp.messageIncludes)}`;
}

/** Every expected diagnostic must be matched by one reported diagnostic. */
export function checkDiagnostics(expected: ExpectedDiagnostic[], got: Diagnostic[]): string[] {
  return expected
    .filter((exp) => !got.some((d) => diagnosticMatches(exp, d)))
    .map((exp) => `no diagnostic like ${describeExpected(exp)}; got ${JSON.stringify(got)}`);
}

/** Parses go's "file:line:col: message" output lines into diagnostics. */
export function parseGoOutput(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of output.split('\n')) {
    // Go files carry line:column; go.mod errors (golang.org/x/mod/modfile) usually only a line.
    const m = /^\s*(?:vet: )?([^\s:]+\.go|(?:[^\s:]+\/)?go\.mod):(\d+)(?::(\d+))?: (.*)$/.exec(raw);
    if (m) out.push({ source: 'compile', message: m[4]!, location: { file: m[1]!, line: Number(m[2]), column: Number(m[3] ?? 0) } });
  }
  return out;
}
