// `gofn vet <dir>`: go vet ./... of a project with the bundle's vet tool,
// printing go vet's own lines and exiting as go vet does.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, type Target } from '../core/types.ts';
import { nodeEngine } from './engine-host.ts';
import { readProject } from './project.ts';
import { shortPaths } from './short-path.ts';

const usage = 'usage: gofn vet <dir> [--target linux/amd64|linux/arm64|wasip1/wasm]';
const targets: Target[] = ['linux/amd64', 'linux/arm64', 'wasip1/wasm'];

export async function vetCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { target: { type: 'string', default: 'linux/amd64' } } });
  const [dirArg] = positionals;
  const target = values.target as Target;
  if (!dirArg || positionals.length > 1 || !targets.includes(target)) {
    console.error(usage);
    return 2;
  }
  const dir = resolve(dirArg);
  const result = await nodeEngine().vet({ files: await readProject(dir), target });
  if (!result.ok) {
    process.stderr.write(shortPaths(dir, result.diagnostics.map(formatDiagnostic).join('\n') + '\n'));
    return 1;
  }
  process.stderr.write(shortPaths(dir, result.output));
  return result.exitCode;
}
