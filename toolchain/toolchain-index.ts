// toolchains/index.json: every bundled version, newest first, with the sha256
// of its manifest so a host can tell a cached manifest is still current.
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleManifest, ToolchainIndexEntry } from '../src/core/types.ts';
import { compareGoVersions as compareVersions } from '../src/core/project/gover.ts';

export async function writeIndex(outDir: string): Promise<ToolchainIndexEntry[]> {
  const entries: ToolchainIndexEntry[] = [];
  for (const dir of (await readdir(outDir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name.startsWith('go'))) {
    const manifest = `${dir.name}/manifest.json`;
    const bytes = await readFile(join(outDir, manifest)).catch(() => undefined);
    if (!bytes) continue;
    const { goVersion } = JSON.parse(bytes.toString()) as BundleManifest;
    entries.push({ version: goVersion, manifest, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  entries.sort((a, b) => compareVersions(b.version, a.version));
  const tmp = join(outDir, `index.json.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(entries, null, 2) + '\n');
  await rename(tmp, join(outDir, 'index.json'));
  return entries;
}

export async function readIndex(outDir: string): Promise<ToolchainIndexEntry[]> {
  return JSON.parse(await readFile(join(outDir, 'index.json'), 'utf8')) as ToolchainIndexEntry[];
}

export async function readManifest(outDir: string, entry: ToolchainIndexEntry): Promise<BundleManifest> {
  return JSON.parse(await readFile(join(outDir, entry.manifest), 'utf8')) as BundleManifest;
}
