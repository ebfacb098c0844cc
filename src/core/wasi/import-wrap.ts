// Interposes a function between a module and some of its imports: each
// wrapped import gets an added function (appended, so no existing index
// moves) and every `call` of the import is redirected to it. The wrapper's
// body receives the import's parameters and calls the import itself.
import { concatBytes } from '../bytes/concat.ts';
import { Reader, encodeU32, forEachCall, readFuncImports, readSections, writeModule } from './wasm-binary.ts';
import type { FuncImport, Section } from './wasm-binary.ts';

export interface ImportWrapper {
  module: string;
  name: string;
  /** Value types of the import's parameters and results (0x7f i32, 0x7e i64, …). */
  params: number[];
  results: number[];
  /** The wrapper's body (locals, code, end), given the import's function index. */
  body(importIndex: number): number[];
}

export interface WrapResult {
  wasm: Uint8Array;
  /** Redirected call sites per wrapped import name. */
  sites: Record<string, number>;
}

function concat(parts: (Uint8Array | number[])[]): Uint8Array {
  return concatBytes(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))));
}

function signatures(typeSection: Uint8Array): { params: number[]; results: number[] }[] {
  const r = new Reader(typeSection);
  const count = r.u32();
  const out: { params: number[]; results: number[] }[] = [];
  for (let i = 0; i < count; i++) {
    if (r.byte() !== 0x60) throw new Error('wasm: unsupported type form');
    const params = Array.from({ length: r.u32() }, () => r.byte());
    const results = Array.from({ length: r.u32() }, () => r.byte());
    out.push({ params, results });
  }
  return out;
}

const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Whether `body` holds the bytes of `call index` anywhere: a cheap filter before decoding it. */
function mayCall(body: Uint8Array, leb: number[]): boolean {
  for (let i = body.indexOf(0x10); i >= 0 && i + leb.length < body.length; i = body.indexOf(0x10, i + 1)) {
    if (leb.every((b, j) => body[i + 1 + j] === b)) return true;
  }
  return false;
}

function redirect(code: Uint8Array, targets: Map<number, number>): { bodies: Uint8Array[]; sites: Map<number, number> } {
  const r = new Reader(code);
  const count = r.u32();
  const bodies: Uint8Array[] = [];
  const sites = new Map<number, number>();
  const lebs = [...targets.keys()].map((k) => encodeU32(k));
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const size = r.u32();
    const body = code.subarray(r.pos, r.pos + size);
    r.skip(size);
    if (!lebs.some((leb) => mayCall(body, leb))) {
      bodies.push(code.subarray(start, r.pos));
      continue;
    }
    const br = new Reader(body);
    const groups = br.u32();
    for (let g = 0; g < groups; g++) {
      br.u32();
      br.byte();
    }
    const pieces: (Uint8Array | number[])[] = [];
    let at = 0;
    forEachCall(body, br.pos, (index, offset, end) => {
      const to = targets.get(index);
      if (to === undefined) return;
      pieces.push(body.subarray(at, offset), encodeU32(to));
      at = end;
      sites.set(index, (sites.get(index) ?? 0) + 1);
    });
    if (at === 0) {
      bodies.push(code.subarray(start, r.pos));
      continue;
    }
    pieces.push(body.subarray(at));
    const rebuilt = concat(pieces);
    bodies.push(concat([encodeU32(rebuilt.length), rebuilt]));
  }
  return { bodies, sites };
}

export function wrapImports(wasm: Uint8Array, wrappers: ImportWrapper[]): WrapResult {
  const sections = readSections(wasm);
  const find = (id: number): Section | undefined => sections.find((s) => s.id === id);
  const [types, imports, funcs, code] = [find(1), find(2), find(3), find(10)];
  if (!types || !imports || !funcs || !code) return { wasm, sites: {} };
  const funcImports = readFuncImports(imports.body);
  const sigs = signatures(types.body);

  const fr = new Reader(funcs.body);
  const defined = fr.u32();
  const chosen: { wrapper: ImportWrapper; imp: FuncImport; index: number }[] = [];
  // A module may import the same function more than once (Go emits one
  // import per package that declares it); each gets its own wrapper.
  for (const wrapper of wrappers) {
    for (const imp of funcImports.filter((i) => i.module === wrapper.module && i.name === wrapper.name)) {
      const sig = sigs[imp.type];
      if (!sig || !same(sig.params, wrapper.params) || !same(sig.results, wrapper.results)) {
        throw new Error(`wasm: import ${wrapper.module}.${wrapper.name} has an unexpected signature`);
      }
      chosen.push({ wrapper, imp, index: funcImports.length + defined + chosen.length });
    }
  }
  if (chosen.length === 0) return { wasm, sites: {} };

  const { bodies, sites } = redirect(code.body, new Map(chosen.map((c) => [c.imp.index, c.index])));
  if (bodies.length !== defined) throw new Error('wasm: function and code sections disagree');
  for (const c of chosen) {
    const body = c.wrapper.body(c.imp.index);
    bodies.push(concat([encodeU32(body.length), body]));
  }
  const newFuncs = concat([encodeU32(defined + chosen.length), funcs.body.subarray(fr.pos), ...chosen.map((c) => encodeU32(c.imp.type))]);
  const newCode = concat([encodeU32(defined + chosen.length), ...bodies]);
  const out = sections.map((s) => (s === funcs ? { id: 3, body: newFuncs } : s === code ? { id: 10, body: newCode } : s));
  return {
    wasm: writeModule(out),
    sites: chosen.reduce<Record<string, number>>((acc, c) => {
      acc[c.wrapper.name] = (acc[c.wrapper.name] ?? 0) + (sites.get(c.imp.index) ?? 0);
      return acc;
    }, {}),
  };
}
