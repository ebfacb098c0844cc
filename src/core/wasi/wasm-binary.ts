// Just enough of the WebAssembly binary format to rewrite a module's
// function section and code bodies: LEB128, sections, imports, and an
// instruction walker that knows every immediate the Go compiler can emit
// (MVP, sign extension, saturating conversions, bulk memory).
import { concatBytes } from '../bytes/concat.ts';

export class Reader {
  pos: number;

  constructor(readonly bytes: Uint8Array, pos = 0) {
    this.pos = pos;
  }

  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('wasm: unexpected end of input');
    return this.bytes[this.pos++]!;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error('wasm: LEB128 too long');
    }
  }

  /** Skips a signed or unsigned LEB128 of any width. */
  skipLeb(): void {
    while ((this.byte() & 0x80) !== 0);
  }

  skip(n: number): void {
    this.pos += n;
  }

  name(): string {
    const len = this.u32();
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
}

export function encodeU32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

export interface Section {
  id: number;
  /** Payload, without the id and size. */
  body: Uint8Array;
}

export function readSections(wasm: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (wasm.length < 8 || magic.some((b, i) => wasm[i] !== b)) throw new Error('wasm: not a version 1 module');
  const r = new Reader(wasm, 8);
  const sections: Section[] = [];
  while (r.pos < wasm.length) {
    const id = r.byte();
    const size = r.u32();
    sections.push({ id, body: wasm.subarray(r.pos, r.pos + size) });
    r.skip(size);
  }
  return sections;
}

export function writeModule(sections: Section[]): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])];
  for (const s of sections) {
    parts.push(new Uint8Array([s.id, ...encodeU32(s.body.length)]), s.body);
  }
  return concatBytes(parts);
}

export interface FuncImport {
  module: string;
  name: string;
  /** Index in the function index space. */
  index: number;
  type: number;
}

export function readFuncImports(importSection: Uint8Array): FuncImport[] {
  const r = new Reader(importSection);
  const out: FuncImport[] = [];
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    if (kind === 0) {
      out.push({ module, name, index: out.length, type: r.u32() });
    } else if (kind === 1) {
      r.byte();
      skipLimits(r);
    } else if (kind === 2) {
      skipLimits(r);
    } else if (kind === 3) {
      r.skip(2);
    } else if (kind === 4) {
      r.skip(1);
      r.u32();
    } else {
      throw new Error(`wasm: unknown import kind ${kind}`);
    }
  }
  return out;
}

function skipLimits(r: Reader): void {
  const flags = r.byte();
  r.u32();
  if ((flags & 1) !== 0) r.u32();
}

/**
 * Calls `onCall` for each `call` (and `return_call`) instruction in an
 * expression; bytes [offset, end) hold the function index's LEB128.
 */
export function forEachCall(body: Uint8Array, start: number, onCall: (funcIndex: number, offset: number, end: number) => void): void {
  const r = new Reader(body, start);
  while (r.pos < body.length) {
    const op = r.byte();
    if (op === 0x10 || op === 0x12) {
      const at = r.pos;
      const index = r.u32();
      onCall(index, at, r.pos);
    } else {
      skipImmediates(r, op);
    }
  }
}

function skipImmediates(r: Reader, op: number): void {
  if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1) return;
  if (op >= 0x45 && op <= 0xc4) return;
  if (op >= 0x02 && op <= 0x04) return skipBlockType(r);
  if (op === 0x0c || op === 0x0d || op === 0xd2 || (op >= 0x20 && op <= 0x26)) return void r.u32();
  if (op === 0x0e) {
    const n = r.u32();
    for (let i = 0; i <= n; i++) r.u32();
    return;
  }
  if (op === 0x11 || op === 0x13) {
    r.u32();
    r.u32();
    return;
  }
  if (op === 0x1c) {
    r.skip(r.u32());
    return;
  }
  if (op >= 0x28 && op <= 0x3e) {
    r.u32();
    r.u32();
    return;
  }
  if (op === 0x3f || op === 0x40 || op === 0xd0) return r.skip(1);
  if (op === 0x41 || op === 0x42) return r.skipLeb();
  if (op === 0x43) return r.skip(4);
  if (op === 0x44) return r.skip(8);
  if (op === 0xfc) return skipFc(r, r.u32());
  throw new Error(`wasm: unsupported opcode 0x${op.toString(16)} at ${r.pos - 1}`);
}

function skipBlockType(r: Reader): void {
  const b = r.bytes[r.pos]!;
  if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.skip(1);
  else r.skipLeb();
}

function skipFc(r: Reader, sub: number): void {
  if (sub <= 7) return;
  if (sub === 8) {
    r.u32();
    r.skip(1);
  } else if (sub === 10) {
    r.skip(2);
  } else if (sub === 11) {
    r.skip(1);
  } else if (sub === 12 || sub === 14) {
    r.u32();
    r.u32();
  } else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) {
    r.u32();
  } else {
    throw new Error(`wasm: unsupported opcode 0xfc ${sub}`);
  }
}
