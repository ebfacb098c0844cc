// Runs a WASI command on @wasmer/sdk. The SDK runs guests in its own
// workers (SharedArrayBuffer, so a browser page must be cross-origin
// isolated) and keeps their files inside its runtime, where the host can
// only reach /workspace. So a run's tree is mirrored into /workspace/root,
// the module is patched to see that directory as "/" (wasmer-patches.ts,
// which also fixes the poll_oneoff hang), and afterwards the tree is walked
// for what the program wrote.
//
// Files are copied into the SDK once and kept between runs: a later run
// only writes the inputs whose bytes are a different Uint8Array than the
// one already there, and removes what it does not list.

import type { Package, Sandbox, Wasmer } from '@wasmer/sdk';
import { OutputSink } from './output.ts';
import type { MemFiles, WasiRunner, WasiRunRequest, WasiRunResult } from './runner.ts';
import { patchForWasmer } from './wasmer-patches.ts';

const ROOT = '/workspace/root';

/** Loads the SDK's entry for this host: the package's export conditions pick node.js or index.js. */
export async function createWasmerClient(): Promise<Wasmer> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) {
    throw new Error('@wasmer/sdk needs a cross-origin isolated page (COOP: same-origin, COEP: require-corp) for SharedArrayBuffer');
  }
  const sdk = await import('@wasmer/sdk');
  return new sdk.Wasmer({ cache: false }).ready();
}

function commandName(argv0: string | undefined): string {
  const base = (argv0 ?? 'main').split('/').pop() ?? 'main';
  return base.replace(/\.wasm$/, '').replace(/[^A-Za-z0-9_.-]/g, '-') || 'main';
}

function parents(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

async function pump(stream: AsyncIterable<Uint8Array> | null, sink: OutputSink): Promise<void> {
  if (!stream) return;
  for await (const chunk of stream) sink.push(chunk);
}

export class WasmerRunner implements WasiRunner {
  readonly name = 'wasmer';
  readonly #client: Promise<Wasmer>;
  readonly #packages = new WeakMap<WebAssembly.Module, Promise<Package>>();
  #sandbox: Promise<Sandbox> | undefined;
  /** Guest path → the bytes now in the sandbox for it. */
  readonly #synced = new Map<string, Uint8Array>();
  readonly #madeDirs = new Set<string>();
  readonly #installed = new WeakSet<Package>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(client?: Wasmer | Promise<Wasmer>) {
    this.#client = Promise.resolve(client ?? createWasmerClient());
  }

  /** One run at a time: runs share the sandbox's tree. */
  run(req: WasiRunRequest): Promise<WasiRunResult> {
    const next = this.#queue.then(() => this.#run(req));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.#queue;
    const sandbox = this.#sandbox;
    this.#sandbox = undefined;
    if (sandbox) await (await sandbox).close();
    await (await this.#client).close();
  }

  #package(req: WasiRunRequest): Promise<Package> {
    let pkg = this.#packages.get(req.module);
    if (!pkg) {
      const wasm = req.wasm;
      if (!wasm) throw new Error('the wasmer runner needs the module bytes (WasiRunRequest.wasm): @wasmer/sdk compiles modules itself');
      const name = commandName(req.args[0]);
      pkg = this.#client.then((client) =>
        client.packages.create({ modules: { tool: patchForWasmer(wasm).wasm }, commands: { [name]: { module: 'tool' } } }),
      );
      pkg.catch(() => this.#packages.delete(req.module));
      this.#packages.set(req.module, pkg);
    }
    return pkg;
  }

  async #run(req: WasiRunRequest): Promise<WasiRunResult> {
    const pkg = await this.#package(req);
    this.#sandbox ??= this.#client.then(async (client) => {
      const sandbox = await client.sandboxes.create();
      await sandbox.fs.mkdir(ROOT, { recursive: true });
      return sandbox;
    });
    const sandbox = await this.#sandbox;
    if (!this.#installed.has(pkg)) {
      await sandbox.installPackage(pkg);
      this.#installed.add(pkg);
    }
    const dirs = new Set([req.cwd, ...(req.dirs ?? [])].filter((d) => d !== '/'));
    await this.#sync(sandbox, req.files, dirs);

    const stdout = new OutputSink(req.onStdout);
    const stderr = new OutputSink(req.onStderr);
    const command = sandbox.command(pkg, req.args.slice(1), { cwd: ROOT, env: { PWD: req.cwd, ...req.env } });
    const proc = await command.spawn({ stdin: req.stdin ? 'pipe' : 'closed', stdout: 'pipe', stderr: 'pipe' });
    if (req.stdin && proc.stdin) {
      await proc.stdin.write(req.stdin);
      await proc.stdin.close();
    }
    const [output] = await Promise.all([proc.wait(), pump(proc.stdout, stdout), pump(proc.stderr, stderr)]);
    const written = await this.#collect(sandbox, req.files, dirs);
    if (output.reason !== 'exited') {
      throw new Error(`${req.args[0] ?? 'program'} was ${output.reason} by @wasmer/sdk; stderr ends with:\n${stderr.tail()}`);
    }
    return { exitCode: output.exitCode, stdout: stdout.bytes(), stderr: stderr.bytes(), written };
  }

  async #sync(sandbox: Sandbox, files: MemFiles, dirs: Set<string>): Promise<void> {
    for (const [path, data] of this.#synced) {
      if (files.get(path) === data) continue;
      this.#synced.delete(path);
      await sandbox.fs.remove(ROOT + path);
    }
    const wanted = new Set(dirs);
    for (const path of files.keys()) for (const dir of parents(path)) wanted.add(dir);
    for (const dir of [...wanted].sort()) {
      if (this.#madeDirs.has(dir)) continue;
      await sandbox.fs.mkdir(ROOT + dir, { recursive: true });
      this.#madeDirs.add(dir);
    }
    for (const [path, data] of files) {
      if (this.#synced.has(path)) continue;
      await sandbox.fs.writeFile(ROOT + path, data);
      this.#synced.set(path, data);
    }
  }

  /**
   * Reads back every file the request did not list or whose size changed,
   * then removes it (and any directory the run made) so the next run starts
   * from its own tree. An input rewritten in place with the same size is not
   * detected: the SDK reports no modification times, and reading every
   * input back would copy the whole tree out after each run.
   */
  async #collect(sandbox: Sandbox, files: MemFiles, dirs: Set<string>): Promise<MemFiles> {
    const written: MemFiles = new Map();
    const seen = new Set<string>();
    const keepDirs = new Set(dirs);
    for (const path of files.keys()) for (const dir of parents(path)) keepDirs.add(dir);
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await sandbox.fs.readDir(ROOT + dir)) {
        const path = `${dir}/${entry.name}`;
        if (entry.kind === 'directory') {
          await walk(path);
          if (!keepDirs.has(path)) {
            await sandbox.fs.remove(ROOT + path, { recursive: true });
            this.#madeDirs.delete(path);
          }
          continue;
        }
        seen.add(path);
        const input = files.get(path);
        if (input && input.byteLength === entry.size) continue;
        written.set(path, await sandbox.fs.readFile(ROOT + path));
        await sandbox.fs.remove(ROOT + path);
        this.#synced.delete(path);
      }
    };
    await walk('');
    // An input the program removed must be written again next time.
    for (const path of this.#synced.keys()) if (!seen.has(path)) this.#synced.delete(path);
    return written;
  }
}
