// Action IDs against cmd/go's own: for every planner fixture, the text the
// engine hashes for each compile and for the link must be, write for write,
// what `GODEBUG=gocachehash=1 go build` prints under HASH[build <pkg>] and
// HASH[link <pkg>] (documented in `go help cache`), and so must the hash.
// The dependencies' content IDs come from running the plan with the native
// tools, stamped as the executor stamps them. Stamping itself is checked
// against `go tool buildid -w`, and for archives taken from the action cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hex, sha256 } from '../src/core/bytes/sha256.ts';
import { archiveBuildId, gnuBuildIdRange, stampBuildId } from '../src/core/run/build-id.ts';
import type { StepId } from '../src/core/run/step-ids.ts';
import type { Target } from '../src/core/types.ts';
import { fixtures } from './support/planner-fixtures.ts';
import { go, goEnv, hostVersion, removeTree, runPlanNatively, toolPath, writeTree } from './support/planner-native.ts';
import { prepare } from './support/planner-prepare.ts';

const OLD = '1.24.11';
const cleanup: string[] = [];
afterAll(() => cleanup.forEach(removeTree));

interface Hashed {
  writes: string[];
  sum: string;
}

/** HASH[label] blocks of a gocachehash log: each block's writes (unquoted) and its final sum. */
export function hashBlocks(log: string): Map<string, Hashed[]> {
  const blocks = new Map<string, Hashed[]>();
  for (const line of log.split('\n')) {
    const m = /^HASH\[([^\]]+)\](?:: (.*))?$/.exec(line);
    if (!m) continue;
    const [, label, rest] = m as unknown as [string, string, string | undefined];
    const list = blocks.get(label) ?? [];
    blocks.set(label, list);
    if (rest === undefined) list.push({ writes: [], sum: '' });
    else if (rest.startsWith('"')) list.at(-1)!.writes.push(goUnquote(rest));
    else if (/^[0-9a-f]{64}$/.test(rest)) list.at(-1)!.sum = rest;
  }
  return blocks;
}

/** strconv.Unquote for the escapes %q produces here. */
function goUnquote(q: string): string {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return q.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) =>
    e.length > 1 ? String.fromCodePoint(Number.parseInt(e.slice(1), 16)) : (escapes[e] ?? e),
  );
}

for (const fx of fixtures) {
  const versions = [hostVersion(), ...(fx.old ? [OLD] : [])];
  const targets: Target[] = [fx.targets[0]!, ...(fx.targets.includes('wasip1/wasm') ? ['wasip1/wasm' as const] : [])];
  describe(fx.name, () => {
    for (const version of versions) {
      for (const target of targets) {
        it(`go${version} ${target}: every compile's and the link's hashed lines are go's`, async () => {
          const { dir, flags, loaded, plan } = await prepare(fx, version, target, cleanup);
          const root = mkdtempSync(join(tmpdir(), 'gofn-aid-'));
          cleanup.push(root);
          const p = plan({ src: dir, goroot: join(root, 'goroot'), work: join(root, 'work') });
          const ours = new Map<string, StepId>();
          await runPlanNatively(p, version, loaded.exports, loaded.std, (step, id) => ours.set(`${step.kind === 'link' ? 'link' : 'build'} ${step.importPath}`, id));

          const args = ['build', '-trimpath', ...flags.args, '-o', join(root, 'ref.bin'), `./${fx.main}`];
          const r = spawnSync('go', args, { cwd: dir, env: { ...goEnv(version, target), GODEBUG: 'gocachehash=1' }, encoding: 'utf8', maxBuffer: 512 << 20 });
          expect(r.status, r.stderr.slice(-2000)).toBe(0);
          const theirs = hashBlocks(r.stderr);

          expect(ours.size).toBe(p.steps.length);
          for (const [label, id] of ours) {
            const blocks = theirs.get(label);
            expect(blocks, `go printed no HASH[${label}]`).toBeDefined();
            // go may compute an action ID more than once; every computation agrees.
            for (const b of blocks!) {
              expect(id.writes, label).toEqual(b.writes);
              expect(hex(sha256(id.writes.join(''))), label).toBe(b.sum);
            }
          }
        }, 300_000);
      }
    }
  });
}

describe('stamping build IDs', () => {
  const ids = (c: string) => `${c.repeat(20)}/${c.repeat(20)}`;

  it('an archive compiled under any placeholder, stamped with a new prefix, is the archive a compile with that prefix gives', async () => {
    const dir = writeTree({ 'p.go': 'package p\n\nfunc F(x int) int { return x * 2 }\n' });
    cleanup.push(dir);
    const compile = (id: string, out: string): Uint8Array => {
      execFileSync(toolPath(hostVersion(), 'compile'), ['-p', 'p', '-trimpath', `${dir}=>p`, '-buildid', id, '-pack', '-o', join(dir, out), join(dir, 'p.go')], { env: goEnv(hostVersion(), 'linux/amd64') });
      return new Uint8Array(readFileSync(join(dir, out)));
    };
    const a = compile(ids('A'), 'a.a');
    const b = compile(ids('B'), 'b.a');
    const prefix = `${'X'.repeat(20)}/`;
    const fromA = await stampBuildId(a, ids('A'), prefix);
    const fromB = await stampBuildId(b, ids('B'), prefix);
    expect(fromA.id).toMatch(/^X{20}\/[A-Za-z0-9_-]{20}$/);
    expect(fromA.id).toBe(fromB.id);
    expect(Buffer.compare(fromA.data, fromB.data)).toBe(0);
    expect(archiveBuildId(fromA.data)).toBe(fromA.id);
    // Taken from the cache with its final ID and stamped for another action: the same as stamping the fresh output.
    const again = await stampBuildId(fromA.data, fromA.id!, `${'Y'.repeat(20)}/`);
    const fresh = await stampBuildId(b, ids('B'), `${'Y'.repeat(20)}/`);
    expect(Buffer.compare(again.data, fresh.data)).toBe(0);
    // What go tool buildid -w computes for the same placeholder.
    writeFileSync(join(dir, 'w.a'), b);
    go(hostVersion(), ['tool', 'buildid', '-w', join(dir, 'w.a')], dir);
    expect(go(hostVersion(), ['tool', 'buildid', join(dir, 'w.a')], dir).trim()).toBe(`${'B'.repeat(20)}/${(await stampBuildId(b, ids('B'), `${'B'.repeat(20)}/`)).id!.slice(21)}`);
  });

  it('finds the ELF GNU build-id note, which the content ID leaves out', () => {
    const dir = writeTree({ 'go.mod': 'module example.com/n\n\ngo 1.22\n', 'main.go': 'package main\n\nfunc main() {}\n' });
    cleanup.push(dir);
    go(hostVersion(), ['build', '-trimpath', '-ldflags=-s -w -buildid=some/id', '-o', 'n.bin', '.'], dir, 'linux/arm64');
    const bin = new Uint8Array(readFileSync(join(dir, 'n.bin')));
    const [start, end] = gnuBuildIdRange(bin)!;
    expect(end - start).toBe(20);
    expect(new TextDecoder('latin1').decode(bin.subarray(start - 4, start))).toBe('GNU\0');
    expect(gnuBuildIdRange(new TextEncoder().encode('\0asm not an ELF file at all, just long enough to be looked at'))).toBeUndefined();
  });
});
