// The native side of an edit → response comparison: the same project, with
// the same edit, built by `go build` (warm GOCACHE, Vercel's default flags)
// into a net/http server (test/support/native-harness.ts), started, and asked
// the same request. Each phase is timed on its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessDir, writeHarness } from '../support/native-harness.ts';
import { runGo } from '../support/native.ts';
import type { ProjectFiles } from '../../src/core/types.ts';

export interface NativeRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface NativeTimes {
  build: number;
  start: number;
  request: number;
  total: number;
  body: string;
}

export class NativeEdit {
  private readonly dir = mkdtempSync(join(tmpdir(), 'gofn-native-edit-'));

  constructor(private readonly goVersion: string) {}

  /** Builds, starts and asks one request of files as they are now. */
  async measure(files: ProjectFiles, req: NativeRequest): Promise<NativeTimes> {
    const harness = writeHarness(files, this.dir, this.goVersion);
    const bin = join(this.dir, 'server');
    const t0 = performance.now();
    const built = await runGo({ args: ['build', '-trimpath', '-ldflags', '-s -w', '-o', bin, `./${harnessDir}`], dir: harness.root, goVersion: this.goVersion });
    if (built.code !== 0) throw new Error(`native go build failed: ${built.stderr}`);
    const t1 = performance.now();
    const server = spawn(bin, [], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const addr = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening (\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.on('exit', (code) => reject(new Error(`the native server exited with ${code}`)));
      });
      const t2 = performance.now();
      const res = await fetch(`http://${addr}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
      const body = await res.text();
      const t3 = performance.now();
      return { build: t1 - t0, start: t2 - t1, request: t3 - t2, total: t3 - t0, body };
    } finally {
      server.kill();
    }
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
