// `gofn dev` as a user runs it: a child process on loopback, its output
// collected line by line so tests can wait for what it says.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './corpus.ts';

export interface DevProcess {
  base: string;
  pid: number;
  lines: string[];
  /** Resolves with the first line (from `from` on) matching re. */
  waitFor(re: RegExp, from?: number, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Copies a fixture into a fresh folder (tests edit it there). */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gofn-${name}-`));
  cpSync(join(repoRoot, 'test', 'fixtures', name), dir, { recursive: true });
  return dir;
}

export async function startDev(dir: string, args: string[] = []): Promise<DevProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'bin', 'gofn.mjs'), 'dev', dir, '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let partial = '';
  const take = (b: Buffer) => {
    const text = partial + b.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const waitFor = (re: RegExp, from = 0, timeoutMs = 300_000) =>
    new Promise<string>((done, fail) => {
      const check = () => {
        const hit = lines.slice(from).find((l) => re.test(l));
        if (hit === undefined) return false;
        listeners.delete(check);
        clearTimeout(timer);
        done(hit);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        fail(new Error(`gofn dev never printed ${re}; output:\n${lines.join('\n')}`));
      }, timeoutMs);
      listeners.add(check);
      void exited.then(() => listeners.has(check) && !check() && fail(new Error(`gofn dev exited; output:\n${lines.join('\n')}`)));
      check();
    });

  const listening = await waitFor(/gofn dev: listening on (http:\/\/\S+)/);
  return {
    base: /(http:\/\/\S+)/.exec(listening)![1]!,
    pid: child.pid!,
    lines,
    waitFor,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
