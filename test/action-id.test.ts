// Action IDs against cmd/go's own: for every planner fixture, the text the
// engine hashes for each compile and for the link must be, write for write,
// what `GODEBUG=gocachehash=1 go build` prints under HASH[build <pkg>] and
// HASH[link <pkg>] (documented in `go help cache`), and so must the hash.
// The dependencies' content IDs come from running the plan with the native
// tools, stamped as the executor stamps them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hex, sha256 } from '../src/core/bytes/sha256.ts';
import type { StepId } from '../src/core/run/step-ids.ts';
import type { Target } from '../src/core/types.ts';
import { fixtures } from './support/planner-fixtures.ts';
import { goEnv, hostVersion, removeTree, runPlanNatively } from './support/planner-native.ts';
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
