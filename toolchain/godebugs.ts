// The GODEBUG defaults table of one Go version, read from its
// internal/godebugs/table.go. cmd/go derives the -X=runtime.godebugDefault
// link flag from it and go.mod's go line, so the engine needs the table of the
// exact version it links with.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GodebugSetting } from '../src/core/types.ts';

export async function readGodebugs(goroot: string): Promise<GodebugSetting[]> {
  const file = join(goroot, 'src/internal/godebugs/table.go');
  return parseGodebugTable(await readFile(file, 'utf8'), file);
}

export function parseGodebugTable(source: string, file = 'table.go'): GodebugSetting[] {
  const start = source.indexOf('var All = []Info{');
  if (start < 0) throw new Error(`${file}: no "var All = []Info{" table`);
  const end = source.indexOf('\n}', start);
  const settings: GodebugSetting[] = [];
  for (const line of source.slice(start, end).split('\n')) {
    const name = /\bName:\s*"([^"]+)"/.exec(line);
    if (!name) continue;
    const changed = /\bChanged:\s*(\d+)/.exec(line);
    const old = /\bOld:\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    settings.push({ name: name[1]!, changed: changed ? Number(changed[1]) : 0, old: old ? old[1]! : '' });
  }
  if (settings.length === 0) throw new Error(`${file}: the GODEBUG table is empty`);
  // Newest change last, as the contract says; names break ties so the order is stable.
  return settings.sort((a, b) => a.changed - b.changed || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
