// What go vet prints, from what the vet runs printed. Go 1.26 runs vet with
// -json and prints each diagnostic itself as "file:line:col: message"
// (cmd/go/internal/vet: printJSONDiagnostics); earlier versions pass vet's
// stderr through under a "# package" header (work.Shell.reportCmd), as go
// test does in every version. Paths are project-relative here; the CLI makes
// them relative to where it runs, as go's ShortPath does.
import { formatDiagnostic, type Diagnostic, type Location } from '../types.ts';
import type { CompileFailure, VetRunOutput } from './vet-run.ts';

export interface VetReport {
  /** go vet's stderr, line for line. */
  text: string;
  /** go vet's exit status: 1 when anything was reported. */
  exitCode: 0 | 1;
  /** Each finding as a warning, for editors and the Problems list. */
  findings: Diagnostic[];
}

/** Turns "/src/api/x.go" into the project path the user wrote ("api/[id].go" stays bracketed). */
export type PathMapper = (file: string) => string;

interface JsonDiagnostic {
  posn: string;
  message: string;
  related?: { posn: string; message: string }[];
}

const position = /^(.*):(\d+):(\d+)$/;
const lineStart = /^(\/[^:\s]+|[^:\s]+\.go):(\d+):(\d+): (.*)$/;

export function vetReport(results: (VetRunOutput | CompileFailure)[], json: boolean, mapPath: PathMapper): VetReport {
  const lines: string[] = [];
  const findings: Diagnostic[] = [];
  let exitCode: 0 | 1 = 0;
  const header = (r: { importPath: string; variant?: boolean }) => [`# ${r.importPath}`, ...(r.variant ? [`# [${r.importPath}]`] : [])];
  const mapLine = (line: string) => line.replace(/(^|\s)(\/src\/[^:\s]+)/g, (_, pre: string, f: string) => pre + mapPath(f));
  for (const r of results) {
    if ('diagnostics' in r) {
      exitCode = 1;
      lines.push(`# ${r.importPath}`, ...r.diagnostics.map(formatDiagnostic));
      continue;
    }
    if (json && r.exitCode === 0) {
      for (const d of jsonDiagnostics(r.stdout)) {
        exitCode = 1;
        const loc = parsePosn(d.posn, mapPath);
        lines.push(loc ? `${loc.file}:${loc.line}:${loc.column}: ${d.message}` : `${d.posn}: ${d.message}`);
        const notes = (d.related ?? []).map((rel) => {
          const l = parsePosn(rel.posn, mapPath);
          return `${l ? `${l.file}:${l.line}:${l.column}` : rel.posn}: \t${rel.message}`;
        });
        lines.push(...notes);
        findings.push({ source: 'vet', severity: 'warning', message: d.message, ...(loc ? { location: loc } : {}), ...(notes.length ? { notes } : {}) });
      }
      continue;
    }
    const out = r.stderr.replace(/\n$/, '');
    if (out === '' && r.exitCode === 0) continue;
    if (r.exitCode !== 0) exitCode = 1;
    const body = out.split('\n').map(mapLine);
    lines.push(...header(r), ...body);
    for (const l of body) {
      // Type errors come as "vet: file:line:col: message".
      const m = lineStart.exec(l.replace(/^vet: /, ''));
      if (m) findings.push({ source: 'vet', severity: 'warning', message: m[4]!, location: { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } });
      else if (/^\s/.test(l) && findings.length) findings.at(-1)!.notes = [...(findings.at(-1)!.notes ?? []), l.trim()];
      else if (l.trim()) findings.push({ source: 'vet', severity: 'warning', message: l.replace(/^vet: /, '') });
    }
  }
  return { text: lines.length ? `${lines.join('\n')}\n` : '', exitCode, findings };
}

/** unitchecker's JSON: package ID → analyzer → diagnostics (or an error), analyzers in name order. */
function jsonDiagnostics(stdout: string): JsonDiagnostic[] {
  if (!stdout.trim()) return [];
  const tree = JSON.parse(stdout) as Record<string, Record<string, JsonDiagnostic[] | { error: string }>>;
  const out: JsonDiagnostic[] = [];
  for (const units of Object.values(tree)) {
    for (const result of Object.values(units)) {
      if (Array.isArray(result)) out.push(...result);
      else out.push({ posn: 'vet', message: result.error });
    }
  }
  return out;
}

function parsePosn(posn: string, mapPath: PathMapper): Location | undefined {
  const m = position.exec(posn);
  return m ? { file: mapPath(m[1]!), line: Number(m[2]), column: Number(m[3]) } : undefined;
}
