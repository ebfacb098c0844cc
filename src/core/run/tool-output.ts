// Turning what compile, asm and link print on failure into located diagnostics.
import type { Layout, Tool } from '../plan/plan-types.ts';
import type { Diagnostic, DiagnosticSource } from '../types.ts';
import type { WasiRunResult } from '../wasi/runner.ts';

const located = /^(.+?\.(?:go|s|h)):(\d+)(?::(\d+))?: (.*)$/;

/** Maps a path as a tool printed it back to a project-relative file. */
export function projectPath(file: string, layout: Layout, modulePath?: string): string {
  if (file.startsWith(layout.src + '/')) return file.slice(layout.src.length + 1);
  if (file.startsWith('./')) return file.slice(2);
  // -trimpath rewrites the module directory to the module path in positions.
  if (modulePath && file.startsWith(modulePath + '/')) return file.slice(modulePath.length + 1);
  return file;
}

export function toolDiagnostics(tool: Tool, result: WasiRunResult, layout: Layout, modulePath?: string): Diagnostic[] {
  const source: DiagnosticSource = tool === 'pack' ? 'compile' : tool;
  const out: Diagnostic[] = [];
  const text = new TextDecoder().decode(result.stderr) + new TextDecoder().decode(result.stdout);
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line) continue;
    const m = /^\s/.test(line) ? undefined : located.exec(line);
    const note = /^\s/.test(line) ? located.exec(line.trim()) : undefined;
    if (note && out.length > 0) {
      const last = out[out.length - 1]!;
      const where = `${projectPath(note[1]!, layout, modulePath)}:${note[2]}${note[3] ? `:${note[3]}` : ''}`;
      last.notes = [...(last.notes ?? []), `${where}: ${note[4]}`];
    } else if (m) {
      out.push({
        source,
        message: m[4]!,
        location: { file: projectPath(m[1]!, layout, modulePath), line: Number(m[2]), column: m[3] ? Number(m[3]) : 0 },
      });
    } else if (/^\s/.test(line) && out.length > 0) {
      // Indented lines continue the previous message (e.g. "have (…)\n\twant (…)").
      const last = out[out.length - 1]!;
      last.notes = [...(last.notes ?? []), line.trim()];
    } else if (!/^# /.test(line)) {
      out.push({ source, message: line });
    }
  }
  if (out.length === 0) out.push({ source, message: `${tool} failed with exit code ${result.exitCode} and printed nothing` });
  return out;
}
