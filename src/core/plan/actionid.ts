// Content hashes for the action cache. A step's cache key is
//   hash(static inputs fixed at plan time: toolchain version, target, argv,
//        env, generated files, source contents)
//   + hash of what it reads from earlier steps.
// A compile reads only its direct dependencies' export data, so that is what
// it is keyed on: a handler whose body changed but whose export data did not
// leaves the wrapper's key unchanged. The link reads whole archives.
import { hex, sha256, toBytes } from '../bytes/sha256.ts';
import type { PlanStep } from './plan-types.ts';

/** Incremental builder for the canonical key text (one "name value" line per input). */
export class KeyText {
  private lines: string[] = [];
  add(name: string, ...values: string[]): this {
    // JSON-quote values so that spaces and newlines inside them cannot forge other lines.
    this.lines.push([name, ...values.map((v) => JSON.stringify(v))].join(' '));
    return this;
  }
  addFile(name: string, path: string, contents: string | Uint8Array): this {
    return this.add(name, path, hex(sha256(contents)));
  }
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** cmd/go's hashToString: the first 15 bytes as 20 characters of unpadded URL-safe base64. */
export function hashToString(digest: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < 15; i += 3) {
    const n = (digest[i]! << 16) | (digest[i + 1]! << 8) | digest[i + 2]!;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  return out;
}

/** Build ID text from a hex sha256. */
export function buildIdFromHex(hexDigest: string): string {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hexDigest.slice(i * 2, i * 2 + 2), 16);
  return hashToString(bytes);
}

/** One member of a Unix ar archive (the format of Go package archives). */
export function readArchiveMember(archive: Uint8Array, name: string): Uint8Array | undefined {
  const magic = '!<arch>\n';
  if (new TextDecoder().decode(archive.subarray(0, 8)) !== magic) return undefined;
  const dec = new TextDecoder('latin1');
  let off = 8;
  while (off + 60 <= archive.length) {
    const header = dec.decode(archive.subarray(off, off + 60));
    const memberName = header.slice(0, 16).trimEnd();
    const size = Number.parseInt(header.slice(48, 58).trim(), 10);
    if (!Number.isFinite(size)) return undefined;
    const start = off + 60;
    if (memberName === name) return archive.subarray(start, start + size);
    off = start + size + (size & 1);
  }
  return undefined;
}

/**
 * sha256 of a package archive's export data (the __.PKGDEF member) with its
 * `build id "…"` header line removed, since build IDs carry no type information.
 * Falls back to the whole file when the archive has no __.PKGDEF.
 */
export function exportDataHash(archive: Uint8Array): string {
  const pkgdef = readArchiveMember(archive, '__.PKGDEF');
  if (!pkgdef) return hex(sha256(archive));
  const dec = new TextDecoder('latin1');
  // The header is text lines up to the first "$$"; only the build id line is dropped.
  const headerEnd = indexOf(pkgdef, toBytes('\n$$'));
  const header = dec.decode(pkgdef.subarray(0, headerEnd < 0 ? 0 : headerEnd));
  const kept = header
    .split('\n')
    .filter((l) => !l.startsWith('build id '))
    .join('\n');
  const rest = headerEnd < 0 ? pkgdef : pkgdef.subarray(headerEnd);
  const keptBytes = Uint8Array.from(kept, (c) => c.charCodeAt(0));
  const joined = new Uint8Array(keptBytes.length + rest.length);
  joined.set(keptBytes, 0);
  joined.set(rest, keptBytes.length);
  return hex(sha256(joined));
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The cache key of a step, once the outputs of the steps it reads exist.
 * readWork returns an earlier step's output (a /work/… archive); actionId,
 * cmd/go's action ID of the step, is added when the output depends on it.
 */
export function stepKey(step: PlanStep, readWork: (path: string) => Uint8Array, actionId?: string): string {
  const text = new KeyText().add('gofn-step-v2').add('static', step.key.staticHash);
  if (actionId !== undefined) text.add('action', actionId);
  for (const input of step.key.workInputs) {
    const data = readWork(input.path);
    text.add(input.use, input.path, input.use === 'export' ? exportDataHash(data) : hex(sha256(data)));
  }
  return hex(sha256(text.toString()));
}
