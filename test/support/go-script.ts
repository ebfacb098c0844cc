// Reading `go build -n` scripts, and writing a plan's actions the way cmd/go
// prints commands (work/shell.go ShowCmd, joinUnambiguously), so that the two
// can be compared line by line.
import { goQuote } from '../../src/core/plan/buildinfo.ts';
import { BUILD_ID_ARG, type BuildPlan, type PlannedAction } from '../../src/core/plan/plan-types.ts';

export interface ScriptCommand {
  /** Directory the command runs in ("cd" lines before it). */
  dir: string;
  line: string;
}

export interface Script {
  commands: ScriptCommand[];
  /** Files the script writes (heredocs and echo lines), by path as printed. */
  files: Map<string, string>;
}

export function parseScript(text: string): Script {
  const commands: ScriptCommand[] = [];
  const files = new Map<string, string>();
  const lines = text.split('\n');
  let dir = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^cat >(\S+) << 'EOF' # internal$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      let content: string | undefined;
      for (i++; i < lines.length; i++) {
        const l = lines[i]!;
        if (l === 'EOF') {
          content = body.map((b) => `${b}\n`).join('');
          break;
        }
        if (l.endsWith('EOF') && !l.includes(' ')) {
          content = body.map((b) => `${b}\n`).join('') + l.slice(0, -3);
          break;
        }
        body.push(l);
      }
      files.set(heredoc[1]!, content ?? '');
      continue;
    }
    const echo = /^echo '(.*)' > (\S+) # internal$/.exec(line);
    if (echo) {
      files.set(echo[2]!, `${echo[1]}\n`);
      continue;
    }
    const empty = /^echo -n > (\S+) # internal$/.exec(line);
    if (empty) {
      files.set(empty[1]!, '');
      continue;
    }
    if (line.startsWith('cd ')) {
      dir = line.slice(3);
      continue;
    }
    const cp = /^cp (\S+) (\S+)$/.exec(line);
    if (cp) {
      files.set(cp[2]!, `copy of ${cp[1]}`);
      continue;
    }
    if (/\/(compile|asm|link) |pack r /.test(line)) commands.push({ dir, line: line.replace(/ # internal$/, '') });
  }
  return { commands, files };
}

/** cmd/go's joinUnambiguously. */
export function joinUnambiguously(args: string[]): string {
  return args
    .map((s) => {
      const q = goQuote(s);
      return s === '' || /[ ()>;]/.test(s) || q.length > s.length + 2 ? q : s;
    })
    .join(' ');
}


/**
 * An action's command line as `go build -n` prints it: tool path first, the
 * directory prefix of the command's directory shown as "./".
 */
export function renderAction(action: PlannedAction, toolPath: (tool: string) => string, dir: string): string {
  // The build ID is filled in when the step runs; -n prints go's placeholder, which normalizeBuildIds hides.
  const argv = action.argv.map((a) => a.replaceAll(BUILD_ID_ARG, 'ID'));
  const cmd = `${toolPath(argv[0]!)} ${joinUnambiguously(argv.slice(1))}`;
  if (dir === '' || dir === '/' || dir === '.') return cmd;
  const dot = dir.endsWith('/') ? ' ./' : ' .';
  return ` ${cmd}`.replaceAll(` ${dir}`, dot).slice(1);
}

/**
 * Build IDs in a -n script are go's placeholders, filled in by the executor
 * here: compare their presence, not their value.
 * -c=N depends on the machine's cores and is measured not to change output.
 */
export function normalizeBuildIds(line: string): string {
  return line.replace(/-buildid [^ ]+/g, '-buildid ID').replace(/-buildid=[^ ]+/g, '-buildid=ID').replace(/ -c=\d+/g, '');
}

/** importcfg text with std archive paths replaced (cmd/go's -n rebuilds std in $WORK; ours come from the bundle). */
export function normalizeImportcfg(text: string, isStd: (path: string) => boolean): string {
  return text
    .split('\n')
    .map((l) => {
      const m = /^packagefile ([^=]+)=(.*)$/.exec(l);
      return m && isStd(m[1]!) ? `packagefile ${m[1]}=STD` : l;
    })
    .join('\n');
}

export function moduleObjdirs(plan: BuildPlan): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of plan.steps) if (s.kind === 'package') m.set(s.importPath, s.objdir);
  return m;
}
