// Runs pollzero.wasm under @wasmer/sdk as is, under @wasmer/sdk with the
// module patched as the wasmer runner patches it, and under the shim, and
// prints what each case did. Usage: run.sh (builds the module first).

import { readFile } from 'node:fs/promises';
import { Wasmer } from '@wasmer/sdk/node';
import { ShimRunner } from '../../../src/core/wasi/shim.ts';
import { WasmerRunner } from '../../../src/core/wasi/wasmer.ts';
import type { WasiRunner } from '../../../src/core/wasi/runner.ts';

const HANG_MS = 15_000;
const cases = [['poll', '1000000'], ['poll', '1'], ['poll', '0'], ['gc'], ['gc', '/data.txt']];

const bytes = new Uint8Array(await readFile(process.argv[2] ?? '.cache/repro/pollzero.wasm'));
const module = await WebAssembly.compile(bytes);
const data = new TextEncoder().encode('any file\n');

async function unpatched(wasmer: Wasmer, args: string[]): Promise<string> {
  const pkg = await wasmer.packages.create({ modules: { m: bytes }, commands: { pollzero: { module: 'm' } } });
  const sandbox = await wasmer.sandboxes.create({ packages: [pkg], files: { '/workspace/data.txt': data } });
  try {
    const guestArgs = args.map((a) => (a === '/data.txt' ? '/workspace/data.txt' : a));
    const out = await sandbox.command(pkg, guestArgs).run({ check: false, timeoutMs: HANG_MS });
    return out.reason === 'timeout' ? `HUNG (killed after ${HANG_MS} ms); printed: ${JSON.stringify(out.stdout.text())}` : `exit ${out.exitCode}: ${JSON.stringify(out.stdout.text())}`;
  } finally {
    await sandbox.close();
  }
}

async function viaRunner(runner: WasiRunner, args: string[]): Promise<string> {
  const res = await runner.run({ module, wasm: bytes, args: ['pollzero', ...args], env: {}, files: new Map([['/data.txt', data]]), cwd: '/' });
  return `exit ${res.exitCode}: ${JSON.stringify(new TextDecoder().decode(res.stdout))}`;
}

const wasmer = new Wasmer({ cache: false });
// The first command of a client also starts its workers and compiles the
// module; run one call that returns so that time is not counted as a hang.
await unpatched(wasmer, ['poll', '1']);
const patched = new WasmerRunner(wasmer);
const shim = new ShimRunner();
for (const args of cases) {
  console.log(`pollzero ${args.join(' ')}`);
  console.log(`  @wasmer/sdk, module as built: ${await unpatched(wasmer, args)}`);
  console.log(`  @wasmer/sdk, patched module:  ${await viaRunner(patched, args)}`);
  console.log(`  browser_wasi_shim:            ${await viaRunner(shim, args)}`);
}
await patched.close();
