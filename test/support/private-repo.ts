// A private module repository for the direct-mode tests, made with the git
// binary at fixed dates (so commit hashes and pseudo-versions are the same
// on every run): the module git.gofn.test/team/private at the root with tags
// v1.0.0 and v1.1.0 and an untagged commit on main after them (a
// pseudo-version), its v2 in the major-version subdirectory v2/ (tag
// v2.0.0), a nested module tools/ (tag tools/v0.1.0) that the root zip must
// leave out, vendor/ and a symlink that go also leaves out, a LICENSE at the
// root only (the v2 zip gets it from there), and a branch "feature".
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runProcess } from './spawn.ts';

export const PRIVATE_HOST = 'git.gofn.test';
export const PRIVATE_MODULE = `${PRIVATE_HOST}/team/private`;
/** The repository's path on the host; the go-get page names https://git.gofn.test/team/private.git. */
export const PRIVATE_REPO_PATH = '/team/private.git';

export interface PrivateRepo {
  /** The bare repository git-http-backend serves (GIT_PROJECT_ROOT is its grandparent). */
  bare: string;
  projectRoot: string;
  /** A clone with a work tree, for zip.CreateFromVCS. */
  work: string;
  /** Full hash of main's head (after v1.1.0, untagged). */
  head: string;
  /** Full hash of the feature branch's head. */
  feature: string;
}

async function git(cwd: string, args: string[], date?: string): Promise<string> {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'gofn test',
    GIT_AUTHOR_EMAIL: 'test@gofn.test',
    GIT_COMMITTER_NAME: 'gofn test',
    GIT_COMMITTER_EMAIL: 'test@gofn.test',
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  };
  const r = await runProcess('git', args, { cwd, env });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

const pkg = (name: string, body: string): string => `package ${name}\n\n${body}\n`;

export async function makePrivateRepo(root: string): Promise<PrivateRepo> {
  await rm(root, { recursive: true, force: true });
  const work = join(root, 'work');
  const projectRoot = join(root, 'srv');
  const bare = join(projectRoot, 'team', 'private.git');
  await mkdir(work, { recursive: true });
  await git(work, ['init', '-q', '-b', 'main']);
  const commit = async (msg: string, date: string): Promise<void> => {
    await git(work, ['add', '-A']);
    await git(work, ['commit', '-q', '-m', msg], date);
  };
  await write(work, {
    'go.mod': `module ${PRIVATE_MODULE}\n\ngo 1.22\n`,
    'LICENSE': 'Private test license.\n',
    'greet.go': pkg('private', '// Greeting is what the private module says.\nfunc Greeting() string { return "hello from the private module v1.0.0" }'),
    'vendor/example.com/dep/dep.go': pkg('dep', 'func X() {}'),
    'vendor/modules.txt': '# example.com/dep v1.0.0\n',
    'tools/go.mod': `module ${PRIVATE_MODULE}/tools\n\ngo 1.22\n`,
    'tools/tool.go': pkg('tools', 'func Tool() string { return "tool" }'),
  });
  await symlink('greet.go', join(work, 'link.go'));
  await commit('v1.0.0', '2024-03-01T10:00:00Z');
  await git(work, ['tag', 'v1.0.0']);
  await git(work, ['tag', 'tools/v0.1.0']);
  await write(work, { 'greet.go': pkg('private', '// Greeting is what the private module says.\nfunc Greeting() string { return "hello from the private module v1.1.0" }') });
  await commit('v1.1.0', '2024-03-02T10:00:00Z');
  await git(work, ['tag', '-a', '-m', 'release v1.1.0', 'v1.1.0'], '2024-03-02T10:00:00Z');
  await write(work, {
    'v2/go.mod': `module ${PRIVATE_MODULE}/v2\n\ngo 1.22\n`,
    'v2/greet.go': pkg('private', '// Greeting is what v2 says.\nfunc Greeting(name string) string { return "hello " + name + " from v2" }'),
  });
  await commit('v2.0.0', '2024-03-03T10:00:00Z');
  await git(work, ['tag', 'v2.0.0']);
  await write(work, { 'extra.go': pkg('private', '// Extra exists only after v1.1.0.\nfunc Extra() string { return "untagged" }') });
  await commit('untagged work', '2024-03-04T10:00:00Z');
  const head = await git(work, ['rev-parse', 'HEAD']);
  await git(work, ['checkout', '-q', '-b', 'feature']);
  await write(work, { 'feature.go': pkg('private', 'func Feature() bool { return true }') });
  await commit('feature', '2024-03-05T10:00:00Z');
  const feature = await git(work, ['rev-parse', 'HEAD']);
  await git(work, ['checkout', '-q', 'main']);
  await mkdir(dirname(bare), { recursive: true });
  await git(root, ['clone', '-q', '--bare', work, bare]);
  await git(bare, ['config', 'http.receivepack', 'false']);
  return { bare, projectRoot, work, head, feature };
}
