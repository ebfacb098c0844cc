// Deployable artifacts made from native builds: a Lambda zip (bootstrap at
// the root, executable) and the Build Output API v3 tree that
// `vercel deploy --prebuilt` uploads, zipped. The tree itself is the core's
// (src/core/output/build-output.ts), the same one the CLI writes to disk.

import { zipSync, type Zippable, type ZipOptions } from 'fflate';
import { buildOutputTree, type OutputFunction } from '../core/output/build-output.ts';
import type { NativeTarget } from '../core/types.ts';

// A fixed timestamp makes the same binary give the same zip (and sha256).
const MTIME = new Date(2000, 0, 1);

/** Unix mode in the high 16 bits with os = 3 (Unix): how unzip and Lambda learn that bootstrap is executable. */
function attrs(mode: number): ZipOptions {
  return { os: 3, attrs: (0o100000 | mode) << 16, mtime: MTIME, level: 6 };
}

export function lambdaZip(binary: Uint8Array): Uint8Array {
  return zipSync({ bootstrap: [binary, attrs(0o755)] });
}

export function vercelOutputZip(target: NativeTarget, fns: OutputFunction[]): Uint8Array {
  const files: Zippable = {};
  for (const f of buildOutputTree(target, fns)) files[f.path] = [f.data, attrs(f.mode)];
  return zipSync(files);
}

/** Exported sources: every file as compiled, plus REPRODUCE.md with the commands. */
export function sourcesZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const zip: Zippable = {};
  for (const [path, data] of Object.entries(files)) zip[path] = [typeof data === 'string' ? new TextEncoder().encode(data) : data, attrs(0o644)];
  return zipSync(zip);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
