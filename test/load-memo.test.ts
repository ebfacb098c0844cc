// When a package load may be reused: go-skeleton.ts's skeletons and
// load-memo.ts's rules, on sources an edit changes in and out of bodies.
// build-fast-paths.test.ts checks that a build through a reused load gives
// the bytes a fresh load gives.
import { describe, expect, test } from 'vitest';
import { goSkeleton } from '../src/core/load/go-skeleton.ts';
import { LoadMemo, type LoadOutcome } from '../src/core/load/load-memo.ts';
import type { BlobStore } from '../src/core/types.ts';

/** A BlobStore in a Map, as the engine's stores behave (the disk and IndexedDB ones are tested with the engine). */
function mapStore(): BlobStore & { map: Map<string, Uint8Array> } {
  const map = new Map<string, Uint8Array>();
  return {
    map,
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    delete: async (k) => void map.delete(k),
    keys: async (prefix = '') => [...map.keys()].filter((k) => k.startsWith(prefix)),
  };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

const handler = (body: string, extra = ''): string => `// Package handler answers.
//go:build !windows

package handler

import (
\t"fmt"
\t"net/http"
)
${extra}
type T struct{ N int }

func (t T) Twice() int { return t.N * 2 }

func helper() string {
${body}
}

func Handler(w http.ResponseWriter, r *http.Request) {
\tfmt.Fprint(w, helper())
}
`;

describe('goSkeleton', () => {
  test('an edit inside function and method bodies keeps the skeleton; the handler position follows the lines', () => {
    const a = goSkeleton(handler('\treturn "a"'))!;
    const b = goSkeleton(handler('\tx := "b"\n\treturn x + "é"').replace('return t.N * 2', 'return t.N + t.N'))!;
    expect(b.text).toBe(a.text);
    expect(a.text).toContain('func helper() string {}');
    expect(a.funcs.get('Handler')).toEqual({ line: 19, column: 6 });
    expect(b.funcs.get('Handler')).toEqual({ line: 20, column: 6 });
    expect(b.funcs.has('Twice')).toBe(false);
  });

  test('imports, the package clause, build constraints, declarations and signatures are in the skeleton', () => {
    const base = goSkeleton(handler('\treturn "a"'))!.text;
    for (const changed of [
      handler('\treturn "a"').replace('"fmt"', '"fmt"\n\t"strings"'),
      handler('\treturn "a"').replace('package handler', 'package api'),
      handler('\treturn "a"').replace('//go:build !windows', '//go:build linux'),
      handler('\treturn "a"', '\nvar x = 1\n'),
      handler('\treturn "a"').replace('func Handler(', 'func Serve('),
      handler('\treturn "a"').replace('type T struct{ N int }', 'type T struct{ N, M int }'),
    ]) {
      expect(goSkeleton(changed)!.text).not.toBe(base);
    }
  });

  test('a //go:embed line in a body keeps that body whole (go/build reads it there too)', () => {
    const a = goSkeleton(handler('\t//go:embed a.txt\n\treturn "a"'))!;
    const b = goSkeleton(handler('\t//go:embed b.txt\n\treturn "a"'))!;
    expect(a.text).not.toBe(b.text);
  });

  test('no skeleton for what it cannot vouch for: syntax errors, //line directives, a byte order mark', () => {
    expect(goSkeleton(handler('\treturn "a" +'))).toBeUndefined();
    expect(goSkeleton(handler('\treturn "a"').replace('package handler', 'package handler\n//line other.go:10'))).toBeUndefined();
    expect(goSkeleton('\uFEFF' + handler('\treturn "a"'))).toBeUndefined();
  });

  test('columns are UTF-8 bytes, as go/token counts them', () => {
    expect(goSkeleton('package p\n\n/* é */ func F() {}\n')!.funcs.get('F')).toEqual({ line: 3, column: 15 });
  });
});

describe('LoadMemo', () => {
  const settings = { request: { goos: 'wasip1' }, env: {}, toolchain: '1.26.8', tidy: false };
  const outcome = (handlerAlsoIn: { file: string; line: number; column: number }[] = []): LoadOutcome => ({
    result: {
      ok: true,
      packages: [],
      stdImports: ['fmt', 'net/http'],
      entries: [{ entry: 'api/index.go', importPath: 'example.com/m/api', packageName: 'handler', handler: 'Handler', handlerPos: { file: 'api/index.go', line: 19, column: 6 }, handlerAlsoIn }],
    },
    modules: { buildList: [], verified: [], warnings: [], vendor: false },
    depFiles: {},
    fetched: { requests: 3, bytes: 100 },
    rounds: 1,
    report: { buildList: [], fetched: { requests: 3, bytes: 100 }, rounds: 1, warnings: [], vendor: false },
  });
  const files = (body: string, more: Record<string, string> = {}) => ({ 'go.mod': 'module example.com/m\n\ngo 1.26\n', 'api/index.go': handler(body), ...more });

  test('reused across a body edit, with the new handler position and nothing fetched', () => {
    const memo = new LoadMemo();
    memo.remember('wasip1/wasm', files('\treturn "a"'), settings, outcome());
    const r = memo.reuse('wasip1/wasm', files('\tx := "b"\n\treturn x'), settings)!;
    expect(r.result.ok && r.result.entries[0]!.handlerPos).toEqual({ file: 'api/index.go', line: 20, column: 6 });
    expect(r.report.fetched).toEqual({ requests: 0, bytes: 0 });
    expect(memo.reuse('linux/amd64', files('\treturn "b"'), settings)).toBeUndefined();
  });

  test('not reused when anything else changed', () => {
    const memo = new LoadMemo();
    memo.remember('t', files('\treturn "a"'), settings, outcome());
    expect(memo.reuse('t', files('\treturn "a"', { 'api/extra.go': 'package handler\n' }), settings)).toBeUndefined();
    expect(memo.reuse('t', files('\treturn "a"', { 'README.md': 'x' }), settings)).toBeUndefined();
    expect(memo.reuse('t', { ...files('\treturn "a"'), 'go.mod': 'module example.com/m\n\ngo 1.25\n' }, settings)).toBeUndefined();
    expect(memo.reuse('t', files('\treturn "a"'), { ...settings, env: { GOFLAGS: '-mod=mod' } })).toBeUndefined();
    expect(memo.reuse('t', files('\treturn "a" +'), settings)).toBeUndefined();
    expect(memo.reuse('t', files('\treturn "b"'), settings)).toBeDefined();
  });

  test('a load with a sibling handler to rename, or a go.mod change to propose, is not kept', () => {
    const memo = new LoadMemo();
    memo.remember('t', files('\treturn "a"'), settings, outcome([{ file: 'api/other.go', line: 3, column: 6 }]));
    expect(memo.reuse('t', files('\treturn "b"'), settings)).toBeUndefined();
    const proposed = outcome();
    proposed.report.proposal = { goMod: '', goSum: '', changes: [], applied: false };
    memo.remember('t', files('\treturn "a"'), settings, proposed);
    expect(memo.reuse('t', files('\treturn "b"'), settings)).toBeUndefined();
  });

  test('kept in the store: a new memo (the next visit) reuses it across a body edit, and the store holds no setting', async () => {
    const store = mapStore();
    const secret = { ...settings, env: { GIT_CREDENTIALS: 'https://u:tok-5ecret@git.example.com' } };
    const dep = new Uint8Array([0, 1, 2, 255]);
    const kept = { ...outcome(), depFiles: { '/gomod/example.org/dep@v1.0.0/dep.go': 'package dep\n', '/gomod/example.org/dep@v1.0.0/blob.bin': dep } };
    new LoadMemo(store).remember('wasip1/wasm', files('\treturn "a"'), secret, kept);
    await settle();
    expect([...store.map.keys()]).toEqual(['load-memo/1/wasip1/wasm']);
    expect(new TextDecoder().decode(store.map.get('load-memo/1/wasip1/wasm'))).not.toContain('tok-5ecret');

    const next = new LoadMemo(store);
    const r = (await next.recall('wasip1/wasm', files('\tx := "b"\n\treturn x'), secret))!;
    expect(r.result.ok && r.result.entries[0]!.handlerPos).toEqual({ file: 'api/index.go', line: 20, column: 6 });
    expect(r.depFiles['/gomod/example.org/dep@v1.0.0/blob.bin']).toEqual(dep);
    expect(r.report.fetched).toEqual({ requests: 0, bytes: 0 });

    const other = new LoadMemo(store);
    expect(await other.recall('wasip1/wasm', files('\treturn "a"', { 'api/extra.go': 'package handler\n' }), secret)).toBeUndefined();
    expect(await other.recall('wasip1/wasm', files('\treturn "a"'), settings)).toBeUndefined();
    expect(await other.recall('linux/amd64', files('\treturn "a"'), secret)).toBeUndefined();
  });

  test('a load that may not be reused takes the stored one away; a record that does not parse is ignored', async () => {
    const store = mapStore();
    const memo = new LoadMemo(store);
    memo.remember('t', files('\treturn "a"'), settings, outcome());
    await settle();
    expect(store.map.size).toBe(1);
    memo.remember('t', files('\treturn "a"'), settings, outcome([{ file: 'api/other.go', line: 3, column: 6 }]));
    await settle();
    expect(store.map.size).toBe(0);
    store.map.set('load-memo/1/t', new TextEncoder().encode('{"format":1,'));
    expect(await new LoadMemo(store).recall('t', files('\treturn "a"'), settings)).toBeUndefined();
  });
});
