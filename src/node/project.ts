// Reading a project folder into the engine's in-memory form, and writing files back.
import { mkdir, readdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ProjectFiles } from '../core/types.ts';

// Folders that are never part of a function's sources.
const skipped = new Set(['.git', 'node_modules', '.vercel', '.cache', 'toolchains']);

export async function readProject(root: string): Promise<ProjectFiles> {
  const files: ProjectFiles = {};
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) await walk(full);
      } else if (entry.isFile()) {
        files[relative(root, full).split(sep).join('/')] = new Uint8Array(await readFile(full));
      }
    }
  }
  await walk(root);
  return files;
}

export async function writeFiles(root: string, files: { path: string; data: Uint8Array | string; mode?: number }[]): Promise<void> {
  for (const f of files) {
    const full = join(root, f.path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, f.data);
    if (f.mode !== undefined) await chmod(full, f.mode);
  }
}
