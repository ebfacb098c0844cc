// Paths in go's output are relative to where go runs when that is shorter
// (cmd/go/internal/base.ShortPath); the engine reports project-relative
// paths, which the CLI rewrites the same way for the directory it was given.
import { isAbsolute, join, relative } from 'node:path';

export function shortPath(projectDir: string, file: string): string {
  const abs = isAbsolute(file) ? file : join(projectDir, file);
  const rel = relative(process.cwd(), abs);
  return rel.length < abs.length ? rel : abs;
}

/** Rewrites every "file.go:line" (and .s) that starts a line or follows a space or tab. */
export function shortPaths(projectDir: string, text: string): string {
  return text.replace(/(^|[\s])([^\s:]+\.(?:go|s)):(\d+)/gm, (_, pre: string, file: string, line: string) => `${pre}${shortPath(projectDir, file)}:${line}`);
}
