// `gofn modules <dir>`: the project's module graph as `go list -m all` prints it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, type ListedModule } from '../core/types.ts';
import { parseEnvPairs } from './build-cmd.ts';
import { nodeEngine } from './engine-host.ts';
import { readProject } from './project.ts';

/** One line of `go list -m all`: "path version", with " => replacement" for replaced modules. */
export function formatListed(m: ListedModule): string {
  const self = m.version ? `${m.path} ${m.version}` : m.path;
  if (!m.replace) return self;
  return `${self} => ${m.replace.version ? `${m.replace.path} ${m.replace.version}` : m.replace.path}`;
}

export async function modulesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { env: { type: 'string', multiple: true, default: [] }, json: { type: 'boolean', default: false } },
  });
  const [dirArg] = positionals;
  const env = parseEnvPairs(values.env);
  if (!dirArg || typeof env === 'string') {
    console.error(typeof env === 'string' ? `gofn modules: ${env}` : 'usage: gofn modules <dir> [--env K=V]... [--json]');
    return 2;
  }
  const result = await nodeEngine().listModules({ files: await readProject(resolve(dirArg)), env }, (e) => {
    if (e.kind === 'download' && e.message?.startsWith('fetching')) console.error(`gofn: ${e.message}`);
  });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  if (!result.ok) {
    for (const d of result.diagnostics) console.error(formatDiagnostic(d));
    return 1;
  }
  for (const w of result.modules.warnings) console.error(`go: ${w.message}`);
  if (!values.json) for (const m of result.modules.buildList) console.log(formatListed(m));
  return 0;
}
