// The action cache's write-behind mode (the browser's): put() returns before
// the store has the entry, the entry lands whole, and a write that fails
// costs only a later miss (a recompile), never a build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { ActionCache } from '../src/core/run/action-cache.ts';
import { diskStore } from '../src/node/host.ts';

const dir = mkdtempSync(join(tmpdir(), 'gofn-action-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const outputs = (n: number) => new Map([['_pkg_.a', new Uint8Array(1 << 20).fill(n)], ['stdout', new TextEncoder().encode(`step ${n}`)]]);

test('write-behind: put does not wait for the store; once flushed, a fresh cache over the same store finds every entry', async () => {
  const store = diskStore(join(dir, 'ok'));
  const cache = new ActionCache(store, { writeBehind: true });
  for (let i = 0; i < 8; i++) await cache.put(`key${i}`, outputs(i));
  // The session's own lookups are answered from memory meanwhile.
  expect((await cache.get('key3'))?.get('_pkg_.a')?.[0]).toBe(3);
  await cache.flush();
  const again = new ActionCache(store);
  for (let i = 0; i < 8; i++) {
    const got = await again.get(`key${i}`);
    expect(got?.get('stdout')).toEqual(new TextEncoder().encode(`step ${i}`));
    expect(got?.get('_pkg_.a')?.every((b) => b === i)).toBe(true);
  }
});

test('write-behind: a store write that fails is not the build\'s error; the next build recompiles', async () => {
  // A file where the store's directory should be: every write fails (ENOTDIR).
  writeFileSync(join(dir, 'blocked'), '');
  const store = diskStore(join(dir, 'blocked'));
  const cache = new ActionCache(store, { writeBehind: true, memoryLimit: 0 });
  await expect(cache.put('k', outputs(1))).resolves.toBeUndefined();
  await expect(cache.flush()).resolves.toBeUndefined();
  // Write-through mode reports the same failure to its caller.
  await expect(new ActionCache(store).put('k', outputs(1))).rejects.toThrow();
});
