// `gofn build`: every route of a project to a bootstrap and a Build Output API tree.
import { parseArgs } from 'node:util';
import { resolve, join } from 'node:path';
import { buildOutputTree } from '../core/output/build-output.ts';
import { reproduceCommand, reproduceReadme } from '../core/output/reproduce.ts';
import { readVercelConfig } from '../core/project/vercel-config.ts';
import { matchFunctionConfig } from '../core/project/function-config.ts';
import { formatDiagnostic, type NativeTarget, type VersionChoice } from '../core/types.ts';
import { nodeEngine } from './engine-host.ts';
import { readProject, writeFiles } from './project.ts';

const targets: NativeTarget[] = ['linux/amd64', 'linux/arm64'];

export function parseEnvPairs(pairs: string[]): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `--env wants K=V, got "${pair}"`;
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

export async function buildCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string', default: 'linux/amd64' },
      out: { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      'keep-sources': { type: 'string' },
      tidy: { type: 'boolean', default: false },
    },
  });
  const [dirArg] = positionals;
  const target = values.target as NativeTarget;
  if (!dirArg || !targets.includes(target)) {
    console.error('usage: gofn build <dir> [--target linux/amd64|linux/arm64] [--out DIR] [--env K=V]... [--json] [--keep-sources DIR] [--tidy]');
    return 2;
  }
  const env = parseEnvPairs(values.env);
  if (typeof env === 'string') {
    console.error(`gofn build: ${env}`);
    return 2;
  }
  const dir = resolve(dirArg);
  const out = resolve(values.out ?? dir);
  const keep = values['keep-sources'] ? resolve(values['keep-sources']) : undefined;
  const files = await readProject(dir);
  const engine = nodeEngine();
  if (!values.json) {
    // The first line says which Go builds the project and why, before any work starts.
    const choice = await engine.chooseVersion(files);
    if (!('error' in choice)) console.error(`gofn: ${choice.note}`);
  }
  const result = await engine.build({ files, target, env, keepSourcesDir: keep, tidy: values.tidy }, values.json ? undefined : (e) => {
    if (e.message) console.error(e.message);
  });
  const modules = result.modules;
  for (const w of modules?.warnings ?? []) console.error(`go: ${w.message}`);
  if (!result.ok) {
    if (values.json) console.log(JSON.stringify({ ...versionFields(result.goVersion, result.version), target, diagnostics: result.diagnostics, ...(modules ? { modules } : {}) }, null, 2));
    for (const d of result.diagnostics) console.error(formatDiagnostic(d));
    if (modules?.proposal) console.error(tidyHint(modules.proposal.changes));
    return 1;
  }
  if (modules?.proposal?.applied) {
    await writeFiles(dir, [{ path: 'go.mod', data: modules.proposal.goMod }, { path: 'go.sum', data: modules.proposal.goSum }]);
    for (const c of modules.proposal.changes) console.error(c);
    console.error(`gofn: wrote go.mod and go.sum in ${dir}`);
  }
  const { config } = readVercelConfig(files);
  const tree = buildOutputTree(target, result.routes.map((r) => ({ route: r, binary: r.binary, ...matchFunctionConfig(config.functions, r.entry)?.config })));
  await writeFiles(out, tree);
  if (keep && result.keptSources) {
    const readme = reproduceReadme(result.goVersion, target, result.routes.map((r) => ({ ...r, native: r.native! })));
    await writeFiles(keep, [...Object.entries(result.keptSources).map(([path, data]) => ({ path, data })), { path: 'REPRODUCE.md', data: readme }]);
  }
  const routes = result.routes.map((r) => ({
    route: r.route,
    entry: r.entry,
    handler: r.handler,
    output: join(out, `.vercel/output/functions${r.route}.func/bootstrap`),
    sha256: r.sha256,
    bytes: r.binary.length,
    ...(r.buildId ? { buildId: r.buildId } : {}),
    ...(r.native ? { native: r.native, command: reproduceCommand(r.native) } : {}),
    timings: r.timings,
  }));
  if (values.json) {
    console.log(JSON.stringify({ ...versionFields(result.goVersion, result.version), target, routes, ...(modules ? { modules } : {}) }, null, 2));
  } else {
    for (const r of routes) {
      console.log(`${r.route}  ${r.entry}  ${r.handler}  ${r.bytes} bytes  sha256 ${r.sha256}  → ${r.output}`);
      // The command only makes sense where the sources were written.
      if (keep && r.command) console.log(`  same bytes: ${r.command}`);
    }
  }
  return 0;
}

/** The fix for go build's missing-requirement and missing-go.sum errors, as a command to run. */
export function tidyHint(changes: string[]): string {
  return `gofn: \`gofn build --tidy\` makes the change go mod tidy would make, and writes go.mod and go.sum:\n${changes.map((c) => `\t${c}`).join('\n')}`;
}

/** `goVersion` (the bundle used), `requested` (go.mod's line) and `note` (why), for --json. */
export function versionFields(goVersion: string | undefined, v: VersionChoice | undefined): { goVersion?: string; requested?: string; note?: string } {
  return { goVersion, ...(v?.requested ? { requested: v.requested } : {}), ...(v ? { note: v.note } : {}) };
}
