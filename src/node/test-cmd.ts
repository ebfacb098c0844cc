// `gofn test <dir> [-run REGEXP] [-v] [-timeout D]`: go test ./... of a
// project, built for wasip1 and run in worker threads, printing what go test
// prints and exiting as it does. Flags are go's (one dash, -flag value or
// -flag=value); results are never cached, as with -count=1.
import { resolve } from 'node:path';
import { parseGoDuration, runTests, DEFAULT_TEST_TIMEOUT_MS } from '../core/gotest/run-tests.ts';
import { formatDiagnostic } from '../core/types.ts';
import { nodeEngine } from './engine-host.ts';
import { nodeProgramWorkers } from './program-host.ts';
import { readProject } from './project.ts';
import { shortPaths } from './short-path.ts';

const usage = 'usage: gofn test <dir> [-run REGEXP] [-v] [-timeout D] [-count N]';

interface TestArgs {
  dir: string;
  run?: string;
  verbose: boolean;
  timeoutMs: number;
}

export function parseTestArgs(argv: string[]): TestArgs | string {
  const out: Partial<TestArgs> = { verbose: false, timeoutMs: DEFAULT_TEST_TIMEOUT_MS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      if (out.dir !== undefined) return `gofn test takes one project directory, got ${out.dir} and ${arg}`;
      out.dir = arg;
      continue;
    }
    const [rawName, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (rawName) {
      case 'v':
        out.verbose = inline === undefined || inline === 'true';
        break;
      case 'run':
        out.run = value();
        if (out.run === undefined) return 'flag needs an argument: -run';
        break;
      case 'timeout': {
        const d = value();
        const ms = d === undefined ? undefined : parseGoDuration(d);
        if (ms === undefined) return `invalid value ${JSON.stringify(d ?? '')} for flag -timeout: parse error`;
        out.timeoutMs = ms;
        break;
      }
      case 'count':
        if (value() === undefined) return 'flag needs an argument: -count';
        break;
      default:
        return `flag provided but not defined: -${rawName}`;
    }
  }
  if (out.dir === undefined) return usage;
  return out as TestArgs;
}

export async function testCommand(argv: string[]): Promise<number> {
  const args = parseTestArgs(argv);
  if (typeof args === 'string') {
    console.error(args === usage ? usage : `${args}\n${usage}`);
    return 2;
  }
  const dir = resolve(args.dir);
  const files = await readProject(dir);
  const built = await nodeEngine().buildTests({ files });
  if (!built.ok) {
    process.stderr.write(shortPaths(dir, built.diagnostics.map(formatDiagnostic).join('\n') + '\n'));
    return 1;
  }
  const report = await runTests(built.packages, files, {
    run: args.run,
    verbose: args.verbose,
    timeoutMs: args.timeoutMs,
    createWorker: nodeProgramWorkers(),
    onStdout: (s) => process.stdout.write(s),
    onStderr: (s) => process.stderr.write(shortPaths(dir, s)),
  });
  return report.exitCode;
}
