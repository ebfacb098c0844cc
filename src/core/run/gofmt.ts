// Format with the bundled gofmt (run as WASI): source on stdin, result on stdout.
import type { Diagnostic } from '../types.ts';
import type { WasiRunRequest, WasiRunResult } from '../wasi/runner.ts';

export type FormatResult = { ok: true; source: string } | { ok: false; diagnostics: Diagnostic[] };

export async function formatWithGofmt(
  run: (req: Omit<WasiRunRequest, 'module'>) => Promise<WasiRunResult>,
  file: string,
  source: string,
): Promise<FormatResult> {
  const result = await run({ args: ['gofmt'], env: {}, files: new Map(), cwd: '/', stdin: new TextEncoder().encode(source) });
  if (result.exitCode === 0) return { ok: true, source: new TextDecoder().decode(result.stdout) };
  const diagnostics: Diagnostic[] = [];
  for (const line of new TextDecoder().decode(result.stderr).split('\n')) {
    const m = /^<standard input>:(\d+):(\d+): (.*)$/.exec(line);
    if (m) diagnostics.push({ source: 'analyze', message: m[3]!, location: { file, line: Number(m[1]), column: Number(m[2]) } });
    else if (line.trim()) diagnostics.push({ source: 'analyze', message: line.trim(), location: { file, line: 0, column: 0 } });
  }
  if (diagnostics.length === 0) diagnostics.push({ source: 'analyze', message: `gofmt exited with ${result.exitCode}`, location: { file, line: 0, column: 0 } });
  return { ok: false, diagnostics };
}
