// gofn command line: one entry that dispatches to a module per subcommand.
const usage = `usage:
  gofn build <dir> [--target linux/amd64|linux/arm64] [--out DIR] [--env K=V]... [--json] [--keep-sources DIR] [--tidy]
  gofn modules <dir> [--env K=V]... [--json]     (the build list, as go list -m all prints it)
  gofn invoke <dir> <METHOD> <path> [-H 'K: V']... [-d BODY]
  gofn dev [dir] [--port 3000]
  gofn vet <dir>
  gofn test <dir> [-run REGEXP] [-v] [-timeout D]
  gofn toolchain build [versions...]
  gofn toolchain list
  gofn serve [--port 8787] [--host 127.0.0.1] [--app [--build-api]]
  gofn bench`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  build: async () => (await import('./build-cmd.ts')).buildCommand,
  modules: async () => (await import('./modules-cmd.ts')).modulesCommand,
  invoke: async () => (await import('./invoke-cmd.ts')).invokeCommand,
  dev: async () => (await import('./dev/dev-cmd.ts')).devCommand,
  vet: async () => (await import('./vet-cmd.ts')).vetCommand,
  test: async () => (await import('./test-cmd.ts')).testCommand,
  toolchain: async () => (await import('./toolchain-cmd.ts')).toolchainCommand,
  serve: async () => (await import('./server.ts')).serveCommand,
  bench: async () => (await import('../../test/bench/bench.ts')).benchCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    console.error(name && name !== '--help' && name !== '-h' ? `gofn: unknown command "${name}"\n${usage}` : usage);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  if (rest[0] === '--help' || rest[0] === '-h' || (rest.includes('--help') && !rest.includes('-d'))) {
    console.log(usageOf(name!));
    return 0;
  }
  const command = await load();
  try {
    return await command(rest);
  } catch (err) {
    // node:util parseArgs throws for an unknown option or a missing value: a
    // usage mistake, answered with one line and the command's usage, not a trace.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      const message = (err as Error).message.split('. ')[0];
      console.error(`gofn ${name}: ${message}\n${usageOf(name!)}`);
      return 2;
    }
    throw err;
  }
}

// The usage lines of one command (a command may have more than one form).
function usageOf(name: string): string {
  const lines = usage.split('\n').filter((l) => l.trimStart().startsWith(`gofn ${name}`));
  return lines.length > 0 ? `usage:\n${lines.join('\n')}` : usage;
}
