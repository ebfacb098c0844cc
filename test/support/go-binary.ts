// Builds a Go program of test/support into .cache/bin/<name>. Test files run
// two at a time and several start the same program, so the binary is written
// under a name of its own and renamed into place: a file that is running it
// keeps its copy, and none ever executes a half-written one.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './corpus.ts';
import { runProcess } from './spawn.ts';

export async function goBinary(dir: string, name: string, env: Record<string, string | undefined> = {}): Promise<string> {
  const bin = join(repoRoot, '.cache', 'bin');
  mkdirSync(bin, { recursive: true });
  const out = join(bin, name);
  const tmp = `${out}.${process.pid}.${Date.now()}`;
  const r = await runProcess('go', ['build', '-o', tmp, '.'], { cwd: join(repoRoot, 'test', 'support', dir), env: { ...process.env, GOWORK: 'off', ...env } });
  if (r.code !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`building test/support/${dir} failed:\n${r.stderr}`);
  }
  renameSync(tmp, out);
  return out;
}
