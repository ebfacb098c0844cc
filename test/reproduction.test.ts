// Reproduction links without a browser: the record a share link carries
// survives the round trip, and a rebuild that differs is explained by what
// differs (files, Go version or bundle, flags) plus what else can.
import { describe, expect, it } from 'vitest';
import { compareBytes, fileDigests, REPRO_TARGET, type ShareExpectation } from '../src/ui/reproduction.ts';
import { makeShareUrl, readShareHash, readShareLink } from '../src/ui/share-link.ts';
import { emptySnapshot } from '../src/ui/workspace.ts';

const files = { 'go.mod': 'module example.com/x\n\ngo 1.26\n', 'api/index.go': 'package handler\n' };

async function record(over: Partial<ShareExpectation> = {}, f: Record<string, string> = files): Promise<ShareExpectation> {
  return { target: REPRO_TARGET, go: '1.26.8', bundle: 'a'.repeat(64), flags: '', routes: { '/api': '1'.repeat(64) }, files: await fileDigests(f), ...over };
}

describe('reproduction links', () => {
  it('carry the recorded bytes, which an older reader ignores', async () => {
    const expect_ = await record();
    const r = makeShareUrl({ ...emptySnapshot(), files }, 'https://gofn.example/', expect_);
    if (!r.ok) throw new Error(r.message);
    const hash = new URL(r.url).hash;
    expect(readShareLink(hash).expect).toEqual(expect_);
    expect(readShareHash(hash).files).toEqual(files);
    const plain = makeShareUrl({ ...emptySnapshot(), files }, 'https://gofn.example/');
    if (!plain.ok) throw new Error(plain.message);
    expect(readShareLink(new URL(plain.url).hash).expect).toBeUndefined();
  });

  it('same route hashes are the same bytes', async () => {
    expect(compareBytes(await record(), await record(), false)).toEqual({ same: true, differing: [], found: [], possible: [] });
  });

  it('name the changed, added and removed files', async () => {
    const now = await record({ routes: { '/api': '2'.repeat(64), '/api/new': '3'.repeat(64) } }, { 'api/index.go': 'package handler // edited\n', 'api/new.go': 'package handler\n' });
    const check = compareBytes(await record(), now, false);
    expect(check.same).toBe(false);
    expect(check.differing).toEqual([
      { route: '/api', expected: '1'.repeat(64), got: '2'.repeat(64) },
      { route: '/api/new', expected: undefined, got: '3'.repeat(64) },
    ]);
    expect(check.found).toEqual([
      'api/index.go is not the file that was built when shared (its contents changed after the link was made).',
      'api/new.go was not part of the shared project: it was added to the link after sharing.',
      'go.mod was part of the shared project but is missing from the link now.',
    ]);
    expect(check.possible.join(' ')).toMatch(/different Go bundle.*go\.sum pins every module.*this project uses no dependency modules/);
  });

  it('name another Go version, another bundle of the same version, and other flags', async () => {
    const differs = { routes: { '/api': '2'.repeat(64) } };
    expect(compareBytes(await record(), await record({ ...differs, go: '1.24.11' }), false).found).toEqual([
      'It was shared built with go1.26.8 and rebuilt with go1.24.11: a different Go bundle makes different bytes.',
    ]);
    expect(compareBytes(await record(), await record({ ...differs, bundle: 'b'.repeat(64) }), true).found[0]).toMatch(/^Both builds used go1\.26\.8, but from different bundles \(manifest aaaaaaaaaaaa… when shared, bbbbbbbbbbbb… here\)/);
    expect(compareBytes(await record(), await record({ ...differs, flags: "-ldflags '-s -w -X main.v=1'" }), false).found).toEqual([
      `GO_BUILD_FLAGS was "-ldflags '-s -w'" when shared and is "-ldflags '-s -w -X main.v=1'" now.`,
    ]);
    const unexplained = compareBytes(await record(), await record(differs), true);
    expect(unexplained.found).toEqual([]);
    expect(unexplained.possible.join(' ')).not.toContain('uses no dependency modules');
  });
});
