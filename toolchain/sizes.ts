// Size report of a bundle: what each part weighs raw and gzipped, and what a
// typical handler (net/http) makes a first visit download per target.
import type { BundleManifest, Target } from '../src/core/types.ts';
import { stdClosure } from '../src/core/bundles/std-closure.ts';
import { targets } from './std-list.ts';

export interface SizeGroup {
  name: string;
  files: number;
  raw: number;
  gz: number;
}

export interface BundleSummary {
  version: string;
  groups: SizeGroup[];
}

function group(manifest: BundleManifest, name: string, paths: string[]): SizeGroup {
  const seen = new Set<string>();
  const g: SizeGroup = { name, files: paths.length, raw: 0, gz: 0 };
  for (const p of paths) {
    const f = manifest.files[p]!;
    if (seen.has(f.sha256)) continue;
    seen.add(f.sha256);
    g.raw += f.size;
    g.gz += f.gzSize;
  }
  return g;
}

export function summarize(manifest: BundleManifest): BundleSummary {
  const all = Object.keys(manifest.files);
  const tools = all.filter((p) => p.startsWith('bin/'));
  const headers = all.filter((p) => p.startsWith('pkg/include/'));
  const groups = [group(manifest, 'wasm tools', tools), group(manifest, 'asm headers', headers)];
  for (const t of targets) {
    groups.push(group(manifest, `std ${t}`, Object.values(manifest.std[t as Target]).map((p) => p.archive)));
  }
  for (const t of targets) {
    groups.push(group(manifest, `net/http closure ${t}`, stdClosure(manifest, t, ['net/http']).archives));
  }
  for (const t of targets) {
    const first = [...tools, ...headers, ...stdClosure(manifest, t, ['net/http', 'encoding/json']).archives];
    groups.push(group(manifest, `first build ${t} (tools + net/http, encoding/json)`, first));
  }
  groups.push(group(manifest, 'whole bundle', all));
  return { version: manifest.goVersion, groups };
}

export function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

export function formatSummary(s: BundleSummary): string {
  const width = Math.max(...s.groups.map((g) => g.name.length));
  const lines = s.groups.map((g) => `  ${g.name.padEnd(width)}  ${String(g.files).padStart(5)} files  ${mb(g.raw).padStart(9)} raw  ${mb(g.gz).padStart(9)} gz`);
  return [`go${s.version}`, ...lines].join('\n');
}
