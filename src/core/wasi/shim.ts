// Runs a WASI command on @bjorn3/browser_wasi_shim: a pure-JS WASI that runs
// the module on the calling thread, synchronously, over an in-memory tree.
// It needs nothing but WebAssembly, so it works the same in Node, a browser
// worker, and a page that is not cross-origin isolated.

import { ConsoleStdout, Fd, PreopenDirectory, WASI, wasi } from '@bjorn3/browser_wasi_shim';
import { MemDir, buildTree, changedFiles } from './mem-fs.ts';
import { OutputSink } from './output.ts';
import { pollOneoff } from './poll-oneoff.ts';
import type { WasiRunner, WasiRunRequest, WasiRunResult } from './runner.ts';

interface CommandExports {
  memory: WebAssembly.Memory;
  _start: () => unknown;
}

class StdinFd extends Fd {
  #pos = 0;

  constructor(private readonly data: Uint8Array) {
    super();
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    return { ret: wasi.ERRNO_SUCCESS, fdstat: new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0) };
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    const data = this.data.subarray(this.#pos, this.#pos + size);
    this.#pos += data.byteLength;
    return { ret: wasi.ERRNO_SUCCESS, data };
  }
}

function commandExports(instance: WebAssembly.Instance): CommandExports {
  const { memory, _start: start } = instance.exports;
  if (!(memory instanceof WebAssembly.Memory) || typeof start !== 'function') {
    throw new Error('not a WASI command: the module must export "memory" and "_start"');
  }
  return { memory, _start: start as () => unknown };
}

/**
 * Go's wasip1 runtime resolves every path against the longest matching
 * preopen name and takes its working directory from $PWD, so one preopen
 * named "/" plus PWD gives absolute and relative paths their POSIX meaning.
 */
export function wasiEnv(env: Record<string, string>, cwd: string): string[] {
  const all = { PWD: cwd, ...env };
  return Object.entries(all).map(([k, v]) => `${k}=${v}`);
}

// PreopenDirectory wraps its contents in a plain shim Directory, which would
// make files created directly under "/" the shim's own (quadratic) files.
function preopenRoot(root: MemDir): PreopenDirectory {
  const preopen = new PreopenDirectory('/', new Map());
  preopen.dir = root;
  return preopen;
}

export interface ShimOptions {
  /** Sleep in poll_oneoff (poll-oneoff.ts) rather than spin: for programs that wait on timers. */
  sleep?: boolean;
}

export class ShimRunner implements WasiRunner {
  readonly name = 'shim';

  constructor(private readonly options: ShimOptions = {}) {}

  async run(req: WasiRunRequest): Promise<WasiRunResult> {
    const root = buildTree(req.files, [req.cwd, ...(req.dirs ?? [])]);
    const stdout = new OutputSink(req.onStdout);
    const stderr = new OutputSink(req.onStderr);
    const fds: Fd[] = [
      new StdinFd(req.stdin ?? new Uint8Array(0)),
      new ConsoleStdout((chunk) => stdout.push(chunk)),
      new ConsoleStdout((chunk) => stderr.push(chunk)),
      preopenRoot(root),
    ];
    const host = new WASI(req.args, wasiEnv(req.env, req.cwd), fds, { debug: false });
    if (this.options.sleep) host.wasiImport.poll_oneoff = pollOneoff(() => host.inst.exports.memory as WebAssembly.Memory);
    const instance = await WebAssembly.instantiate(req.module, { wasi_snapshot_preview1: host.wasiImport });
    let exitCode: number;
    try {
      exitCode = host.start({ exports: commandExports(instance) });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${req.args[0] ?? 'program'} crashed (${message}); stderr ends with:\n${stderr.tail()}`, { cause: err });
    }
    return { exitCode, stdout: stdout.bytes(), stderr: stderr.bytes(), written: changedFiles(root) };
  }
}
