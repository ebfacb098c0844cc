// The txtar archive format (golang.org/x/tools/txtar), which the Go
// Playground uses to hold several files in one text: "-- name --" lines
// start each file; text before the first one is the archive comment.

export interface Txtar {
  comment: string;
  files: { name: string; data: string }[];
}

const markerRe = /^-- (.+) --$/;

function markerName(line: string): string | undefined {
  const m = markerRe.exec(line.replace(/\r$/, ''));
  const name = m?.[1]?.trim();
  return name ? name : undefined;
}

export function parseTxtar(text: string): Txtar {
  const lines = text.split('\n');
  // A trailing "\n" leaves an empty last element that is not a line.
  if (lines.at(-1) === '') lines.pop();
  const out: Txtar = { comment: '', files: [] };
  let current: string[] = [];
  let name: string | undefined;
  const flush = (): void => {
    const data = current.length ? current.join('\n') + '\n' : '';
    if (name === undefined) out.comment = data;
    else out.files.push({ name, data });
    current = [];
  };
  for (const line of lines) {
    const n = markerName(line);
    if (n === undefined) {
      current.push(line);
      continue;
    }
    flush();
    name = n;
  }
  flush();
  return out;
}

/** Like txtar.Format: every section ends in a newline (one is added if missing). */
export function formatTxtar(a: Txtar): string {
  const fixNL = (s: string): string => (s === '' || s.endsWith('\n') ? s : s + '\n');
  return fixNL(a.comment) + a.files.map((f) => `-- ${f.name} --\n${fixNL(f.data)}`).join('');
}

/**
 * Reads a Go Playground share (txtar). The Playground names the leading
 * unnamed section prog.go; a handler there becomes api/index.go so it is a
 * route here.
 */
export function filesFromPlayground(text: string): Record<string, string> {
  const a = parseTxtar(text);
  const files: Record<string, string> = {};
  if (a.comment.trim() !== '') {
    const name = /http\.ResponseWriter/.test(a.comment) && !/^package main\b/m.test(a.comment) ? 'api/index.go' : 'prog.go';
    files[name] = a.comment;
  }
  for (const f of a.files) files[f.name] = f.data;
  return files;
}

/** go.mod first (as the Playground shows it), then the rest in path order. */
export function playgroundFromFiles(files: Record<string, string>): string {
  const names = Object.keys(files).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return formatTxtar({ comment: '', files: names.map((name) => ({ name, data: files[name] ?? '' })) });
}

const rank = (p: string): number => (p === 'go.mod' ? 0 : p === 'go.sum' ? 1 : 2);
