// Build Output API v3 (what `vercel deploy --prebuilt` uploads): one
// <route>.func folder per entrypoint with the bootstrap and its config.
import type { NativeTarget, Route } from '../types.ts';

export interface OutputFunction {
  route: Route;
  binary: Uint8Array;
  memory?: number;
  maxDuration?: number | 'max';
}

export interface OutputFile {
  path: string;
  data: Uint8Array;
  /** Unix mode; bootstrap must be executable in zips and on disk. */
  mode: number;
}

export function vcConfig(target: NativeTarget, fn: Pick<OutputFunction, 'memory' | 'maxDuration'>): string {
  const config = {
    handler: 'bootstrap',
    runtime: 'provided.al2023',
    runtimeLanguage: 'go',
    architecture: target === 'linux/arm64' ? 'arm64' : 'x86_64',
    environment: {},
    supportsWrapper: true,
    ...(fn.memory !== undefined ? { memory: fn.memory } : {}),
    ...(fn.maxDuration !== undefined ? { maxDuration: fn.maxDuration } : {}),
  };
  return JSON.stringify(config, null, 2) + '\n';
}

/** Routing for dynamic segments: the platform adds the segment values to the query. */
export function outputConfig(routes: Route[]): string {
  const dynamic = routes.filter((r) => r.params.length > 0).map((r) => ({
    src: r.pattern,
    dest: `${r.route}?${r.params.map((p, i) => `${p}=$${i + 1}`).join('&')}`,
  }));
  return JSON.stringify({ version: 3, routes: [{ handle: 'filesystem' }, ...dynamic] }, null, 2) + '\n';
}

export function buildOutputTree(target: NativeTarget, fns: OutputFunction[]): OutputFile[] {
  const enc = new TextEncoder();
  const files: OutputFile[] = [{ path: '.vercel/output/config.json', data: enc.encode(outputConfig(fns.map((f) => f.route))), mode: 0o644 }];
  for (const fn of fns) {
    const dir = `.vercel/output/functions${fn.route.route}.func`;
    files.push({ path: `${dir}/bootstrap`, data: fn.binary, mode: 0o755 });
    files.push({ path: `${dir}/.vc-config.json`, data: enc.encode(vcConfig(target, fn)), mode: 0o644 });
  }
  return files;
}
